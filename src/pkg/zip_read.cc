// Files (pread, memory) and entry streaming: stored copy or raw inflate, with the size
// limits enforced on every chunk and the CRC-32 checked at the end.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "base/unique_fd.h"
#include "pkg/byte_buffer.h"
#include "pkg/zip.h"
#include "pkg/zip_format.h"

namespace appvault::pkg {
namespace {

std::string ErrnoText(int err) {
  return std::system_category().message(err);
}

Status Truncated(std::uint64_t offset, std::size_t n) {
  return ZipInvalid("truncated: " + std::to_string(n) + " bytes at offset " +
                    std::to_string(offset) + " are past the end of the file");
}

// A file on disk read with pread, which keeps no file position: safe from many threads.
class PosixFile final : public RandomAccessFile {
 public:
  PosixFile(std::unique_ptr<base::UniqueFd> fd, std::uint64_t size)
      : fd_(std::move(fd)), size_(size) {}

  std::uint64_t size() const override { return size_; }

  Status ReadAt(std::uint64_t offset, std::size_t n, std::uint8_t* out) const override {
    if (offset > size_ || n > size_ - offset) return Truncated(offset, n);
    while (n > 0) {
      const ssize_t got = ::pread(fd_->get(), out, n, static_cast<off_t>(offset));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return Status(StatusCode::kUnavailable, "read failed: " + ErrnoText(errno));
      if (got == 0) return Truncated(offset, n);  // the file shrank under us
      out += got;
      offset += static_cast<std::uint64_t>(got);
      n -= static_cast<std::size_t>(got);
    }
    return Status::Ok();
  }

 private:
  std::unique_ptr<base::UniqueFd> fd_;
  std::uint64_t size_;
};

class MemoryRandomAccessFile final : public RandomAccessFile {
 public:
  explicit MemoryRandomAccessFile(std::string_view bytes) : bytes_(bytes) {}

  std::uint64_t size() const override { return bytes_.size(); }

  Status ReadAt(std::uint64_t offset, std::size_t n, std::uint8_t* out) const override {
    if (offset > bytes_.size() || n > bytes_.size() - offset) return Truncated(offset, n);
    std::memcpy(out, bytes_.data() + offset, n);
    return Status::Ok();
  }

 private:
  std::string bytes_;
};

// Owns a raw-deflate z_stream.
class Inflater {
 public:
  Inflater() { ok_ = inflateInit2(&stream_, -MAX_WBITS) == Z_OK; }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  bool ok() const { return ok_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

// Counts the bytes an entry produces, checks them against the limits before the sink sees
// them, and keeps the CRC-32.
class EntryOutput {
 public:
  EntryOutput(const ZipEntry& entry, const ZipLimits& limits,
              const std::function<Status(std::string_view)>& sink)
      : entry_(entry), limits_(limits), sink_(sink) {}

  Status Write(const std::uint8_t* data, std::size_t n) {
    if (n == 0) return Status::Ok();
    size_ += n;
    Status s = CheckInflatedSize(entry_, size_, limits_);
    if (!s.ok()) return s;
    crc_ = crc32_z(crc_, data, n);
    return sink_(std::string_view(reinterpret_cast<const char*>(data), n));
  }

  Status Finish() const {
    const std::string where = " (entry \"" + entry_.name + "\")";
    if (size_ != entry_.uncompressed_size) {
      return ZipInvalid("inflated size " + std::to_string(size_) + " differs from the declared " +
                        std::to_string(entry_.uncompressed_size) + where);
    }
    if (crc_ != entry_.crc32) return ZipInvalid("CRC-32 mismatch" + where);
    return Status::Ok();
  }

 private:
  const ZipEntry& entry_;
  const ZipLimits& limits_;
  const std::function<Status(std::string_view)>& sink_;
  std::uint64_t size_ = 0;
  uLong crc_ = crc32_z(0, nullptr, 0);
};

Status CopyStored(const RandomAccessFile& file, const ZipEntry& entry, EntryOutput& out) {
  ByteBuffer buffer(kZipChunkSize);
  for (std::uint64_t pos = 0; pos < entry.compressed_size;) {
    const auto n = static_cast<std::size_t>(
        std::min<std::uint64_t>(buffer.size(), entry.compressed_size - pos));
    Status s = file.ReadAt(entry.data_offset + pos, n, buffer.data());
    if (s.ok()) s = out.Write(buffer.data(), n);
    if (!s.ok()) return s;
    pos += n;
  }
  return out.Finish();
}

// Feeds the next chunk of compressed data to the stream once it has used the last one.
Status FeedInput(const RandomAccessFile& file, const ZipEntry& entry, std::uint64_t* pos,
                 ByteBuffer& in, z_stream& z) {
  if (z.avail_in != 0 || *pos == entry.compressed_size) return Status::Ok();
  const auto n =
      static_cast<std::size_t>(std::min<std::uint64_t>(in.size(), entry.compressed_size - *pos));
  Status s = file.ReadAt(entry.data_offset + *pos, n, in.data());
  if (!s.ok()) return s;
  *pos += n;
  z.next_in = in.data();
  z.avail_in = static_cast<uInt>(n);
  return Status::Ok();
}

Status InflateError(int rc, const ZipEntry& entry) {
  if (rc == Z_MEM_ERROR) return Status(StatusCode::kUnavailable, "out of memory while inflating");
  const char* what = rc == Z_BUF_ERROR ? "deflate data ends early" : "corrupt deflate data";
  return ZipInvalid(std::string(what) + " (entry \"" + entry.name + "\")");
}

Status Inflate(const RandomAccessFile& file, const ZipEntry& entry, EntryOutput& out) {
  Inflater inflater;
  if (!inflater.ok()) return Status(StatusCode::kUnavailable, "cannot start zlib");
  z_stream& z = inflater.stream();
  ByteBuffer in(kZipChunkSize), buffer(kZipChunkSize);
  std::uint64_t pos = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    Status s = FeedInput(file, entry, &pos, in, z);
    if (!s.ok()) return s;
    z.next_out = buffer.data();
    z.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) return InflateError(rc, entry);
    s = out.Write(buffer.data(), buffer.size() - z.avail_out);
    if (!s.ok()) return s;
  }
  if (z.avail_in != 0 || pos != entry.compressed_size) {
    return ZipInvalid("data continues after the end of the deflate stream (entry \"" + entry.name +
                      "\")");
  }
  return out.Finish();
}

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> OpenFile(const std::string& path) {
  auto fd = std::make_unique<base::UniqueFd>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd->get() < 0) {
    const int err = errno;
    const StatusCode code =
        err == ENOENT || err == ENOTDIR ? StatusCode::kNotFound : StatusCode::kUnavailable;
    return Status(code, "cannot open " + path + ": " + ErrnoText(err));
  }
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0) {
    return Status(StatusCode::kUnavailable, "cannot stat " + path + ": " + ErrnoText(errno));
  }
  if (!S_ISREG(st.st_mode)) return Status(StatusCode::kNotFound, path + " is not a regular file");
  std::unique_ptr<RandomAccessFile> file =
      std::make_unique<PosixFile>(std::move(fd), static_cast<std::uint64_t>(st.st_size));
  return file;
}

std::unique_ptr<RandomAccessFile> MemoryFile(std::string_view bytes) {
  return std::make_unique<MemoryRandomAccessFile>(bytes);
}

Status ZipArchive::ReadEntry(const ZipEntry& entry,
                             const std::function<Status(std::string_view chunk)>& sink) const {
  EntryOutput out(entry, limits_, sink);
  if (entry.method == kZipStored) return CopyStored(*file_, entry, out);
  if (entry.method == kZipDeflated) return Inflate(*file_, entry, out);
  return ZipInvalid("unsupported compression method " + std::to_string(entry.method));
}

Result<std::string> ZipArchive::ReadEntryToString(const ZipEntry& entry,
                                                  std::uint64_t max_bytes) const {
  if (entry.uncompressed_size > max_bytes) {
    return ZipInvalid("entry \"" + entry.name + "\" is " + std::to_string(entry.uncompressed_size) +
                      " bytes, more than the " + std::to_string(max_bytes) + " allowed");
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(entry.uncompressed_size));
  Status s = ReadEntry(entry, [&text](std::string_view chunk) {
    text.append(chunk);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return text;
}

}  // namespace appvault::pkg
