#include "pkg/apks_write.h"

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <set>

namespace appvault::pkg {
namespace {

using File = std::unique_ptr<FILE, int (*)(FILE*)>;

constexpr std::uint32_t kLocalSignature = 0x04034b50;
constexpr std::uint32_t kCentralSignature = 0x02014b50;
constexpr std::uint32_t kEndSignature = 0x06054b50;
constexpr std::uint64_t kMaxZip32 = 0xffffffffu;
constexpr std::size_t kMaxEntries = 0xffff;

void Put16(std::string* out, std::uint32_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>((v >> 8) & 0xff));
}
void Put32(std::string* out, std::uint32_t v) {
  Put16(out, v & 0xffff);
  Put16(out, v >> 16);
}

// What the central directory says of one entry.
struct Written {
  std::string name;
  std::uint32_t crc = 0;
  std::uint32_t size = 0;
  std::uint32_t offset = 0;
};

// The local header (version 2.0, no flags, method 0 = stored, no time) with the sizes and
// CRC filled in; and the central record of the same entry.
std::string Header(const Written& w, bool central) {
  std::string out;
  Put32(&out, central ? kCentralSignature : kLocalSignature);
  if (central) Put16(&out, 20);  // made by
  Put16(&out, 20);               // needed to extract
  Put16(&out, 0);                // flags
  Put16(&out, 0);                // method: stored
  Put16(&out, 0);                // time
  Put16(&out, 0x21);             // date: 1980-01-01
  Put32(&out, w.crc);
  Put32(&out, w.size);
  Put32(&out, w.size);
  Put16(&out, static_cast<std::uint32_t>(w.name.size()));
  Put16(&out, 0);  // extra
  if (central) {
    Put16(&out, 0);  // comment
    Put16(&out, 0);  // disk
    Put16(&out, 0);  // internal attributes
    Put32(&out, 0);  // external attributes
    Put32(&out, w.offset);
  }
  return out + w.name;
}

Status CheckNames(const std::vector<ApksEntry>& entries) {
  if (entries.empty()) return Status(StatusCode::kInvalidArgument, ".apks: no APK to write");
  if (entries.size() > kMaxEntries) {
    return Status(StatusCode::kInvalidArgument, ".apks: more than 65535 APKs");
  }
  std::set<std::string> seen;
  for (const ApksEntry& e : entries) {
    const std::string& name = e.entry_name;
    if (name.empty() || name.find('/') != std::string::npos ||
        name.find("..") != std::string::npos || !seen.insert(name).second) {
      return Status(StatusCode::kInvalidArgument,
                    ".apks: bad or repeated entry name \"" + name + "\"");
    }
  }
  return Status::Ok();
}

Status WriteAll(FILE* out, std::string_view bytes, const std::string& out_path) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) {
    return Status(StatusCode::kUnavailable, "cannot write " + out_path);
  }
  return Status::Ok();
}

// Copies the file after a header whose CRC and size are patched in once known.
Status CopyEntry(FILE* out, const std::string& out_path, const ApksEntry& entry, Written* w) {
  File in(std::fopen(entry.path.c_str(), "rb"), &std::fclose);
  if (in == nullptr) return Status(StatusCode::kNotFound, "cannot read " + entry.path);
  const long header_at = std::ftell(out);
  if (header_at < 0 || static_cast<std::uint64_t>(header_at) > kMaxZip32) {
    return Status(StatusCode::kInvalidArgument, ".apks: the archive would pass 4 GiB");
  }
  w->offset = static_cast<std::uint32_t>(header_at);
  if (Status s = WriteAll(out, Header(*w, false), out_path); !s.ok()) return s;
  uLong crc = crc32_z(0, nullptr, 0);
  std::uint64_t size = 0;
  char buffer[1 << 16];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, in.get())) > 0;) {
    crc = crc32_z(crc, reinterpret_cast<const Bytef*>(buffer), n);
    size += n;
    if (size >= kMaxZip32) {
      return Status(StatusCode::kInvalidArgument, entry.path + " is 4 GiB or more");
    }
    if (Status s = WriteAll(out, std::string_view(buffer, n), out_path); !s.ok()) return s;
  }
  if (std::ferror(in.get())) return Status(StatusCode::kUnavailable, "cannot read " + entry.path);
  w->crc = static_cast<std::uint32_t>(crc);
  w->size = static_cast<std::uint32_t>(size);
  const long end = std::ftell(out);
  if (std::fseek(out, header_at, SEEK_SET) != 0) {
    return Status(StatusCode::kUnavailable, "cannot write " + out_path);
  }
  if (Status s = WriteAll(out, Header(*w, false), out_path); !s.ok()) return s;
  if (std::fseek(out, end, SEEK_SET) != 0) {
    return Status(StatusCode::kUnavailable, "cannot write " + out_path);
  }
  return Status::Ok();
}

}  // namespace

Status WriteApks(const std::string& out_path, const std::vector<ApksEntry>& entries) {
  if (Status s = CheckNames(entries); !s.ok()) return s;
  File out(std::fopen(out_path.c_str(), "wb"), &std::fclose);
  if (out == nullptr) return Status(StatusCode::kUnavailable, "cannot create " + out_path);
  std::vector<Written> written;
  for (const ApksEntry& entry : entries) {
    Written w;
    w.name = entry.entry_name;
    if (Status s = CopyEntry(out.get(), out_path, entry, &w); !s.ok()) return s;
    written.push_back(std::move(w));
  }
  const long directory_at = std::ftell(out.get());
  std::string directory;
  for (const Written& w : written) {
    directory += Header(w, true);
  }
  if (directory_at < 0 || static_cast<std::uint64_t>(directory_at) + directory.size() > kMaxZip32) {
    return Status(StatusCode::kInvalidArgument, ".apks: the archive would pass 4 GiB");
  }
  std::string end;
  Put32(&end, kEndSignature);
  Put16(&end, 0);  // this disk
  Put16(&end, 0);  // the directory's disk
  Put16(&end, static_cast<std::uint32_t>(written.size()));
  Put16(&end, static_cast<std::uint32_t>(written.size()));
  Put32(&end, static_cast<std::uint32_t>(directory.size()));
  Put32(&end, static_cast<std::uint32_t>(directory_at));
  Put16(&end, 0);  // comment
  if (Status s = WriteAll(out.get(), directory + end, out_path); !s.ok()) return s;
  if (std::fflush(out.get()) != 0)
    return Status(StatusCode::kUnavailable, "cannot write " + out_path);
  return Status::Ok();
}

}  // namespace appvault::pkg
