// ZipArchive::Open: the end records, the central directory and every local header.
#include "pkg/zip.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_set>
#include <utility>

#include "pkg/byte_buffer.h"
#include "pkg/le_bytes.h"
#include "pkg/zip_format.h"

namespace appvault::pkg {
namespace {

constexpr std::size_t kEocdSize = 22;
constexpr std::size_t kEocd64LocatorSize = 20;
constexpr std::size_t kEocd64Size = 56;
constexpr std::size_t kCentralHeaderSize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kMaxCommentSize = 0xffff;
constexpr std::uint16_t kSaturated16 = 0xffff;
constexpr std::uint32_t kSaturated32 = 0xffffffff;
constexpr std::uint16_t kFlagEncrypted = 1u << 0;
constexpr std::uint16_t kFlagDataDescriptor = 1u << 3;
constexpr std::uint16_t kFlagStrongEncryption = 1u << 6;
constexpr std::uint16_t kFlagMaskedDirectory = 1u << 13;
constexpr std::uint16_t kZip64ExtraId = 0x0001;

// Where the central directory is, from the end record(s).
struct EndRecord {
  std::uint64_t eocd_offset = 0;
  std::uint64_t entries = 0;
  std::uint64_t cd_offset = 0;
  std::uint64_t cd_size = 0;
  std::uint64_t cd_limit = 0;  // the central directory must end at or before this offset
};

// A byte range of the file an entry occupies: local header, data, data descriptor.
struct Span {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  std::size_t index = 0;
};

Status Quote(std::string what, std::string_view name) {
  return ZipInvalid(std::move(what) + " (entry \"" + std::string(name) + "\")");
}

// Reads a byte range front to back through a buffer of kZipChunkSize bytes, so the central
// directory is never held in memory as a whole.
class RangeReader {
 public:
  RangeReader(const RandomAccessFile& file, std::uint64_t begin, std::uint64_t end)
      : file_(file),
        pos_(begin),
        end_(end),
        buffer_(static_cast<std::size_t>(std::min<std::uint64_t>(kZipChunkSize, end - begin))) {}

  std::uint64_t position() const { return pos_; }

  Status Read(std::size_t n, std::uint8_t* out) {
    if (n > end_ - pos_) return ZipInvalid("central directory truncated");
    while (n > 0) {
      if (have_ == used_) {
        Status s = Refill();
        if (!s.ok()) return s;
      }
      std::size_t take = std::min(n, have_ - used_);
      std::copy_n(buffer_.data() + used_, take, out);
      used_ += take;
      pos_ += take;
      out += take;
      n -= take;
    }
    return Status::Ok();
  }

  Status Read(std::size_t n, std::string* out) {
    out->resize(n);
    return Read(n, reinterpret_cast<std::uint8_t*>(out->data()));
  }

 private:
  Status Refill() {
    have_ = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), end_ - pos_));
    used_ = 0;
    return file_.ReadAt(pos_, have_, buffer_.data());
  }

  const RandomAccessFile& file_;
  std::uint64_t pos_;
  std::uint64_t end_;
  ByteBuffer buffer_;
  std::size_t have_ = 0;
  std::size_t used_ = 0;
};

// Where the end-of-central-directory record starts, searching back over a comment of up to
// 64 KiB; the comment must reach exactly to the end of the file.
Result<std::uint64_t> LocateEocd(const RandomAccessFile& file) {
  const std::uint64_t size = file.size();
  if (size < kEocdSize) return ZipInvalid("not a zip: file too small");
  const std::size_t tail_size =
      static_cast<std::size_t>(std::min<std::uint64_t>(size, kEocdSize + kMaxCommentSize));
  ByteBuffer tail(tail_size);
  const std::uint64_t tail_offset = size - tail_size;
  Status s = file.ReadAt(tail_offset, tail_size, tail.data());
  if (!s.ok()) return s;
  for (std::size_t pos = tail_size - kEocdSize + 1; pos-- > 0;) {
    const std::uint8_t* p = tail.data() + pos;
    if (LoadLe32(p) != kZipEocdSig) continue;
    if (pos + kEocdSize + LoadLe16(p + 20) == tail_size) return tail_offset + pos;
  }
  return ZipInvalid("not a zip: no end of central directory record");
}

// Overrides value with the zip64 one; a saturated 32-bit field defers to zip64, any other
// must agree with it.
Status Merge64(std::uint64_t classic, std::uint64_t saturated, std::uint64_t zip64,
               std::uint64_t* value, const char* what) {
  if (classic != saturated && classic != zip64) {
    return ZipInvalid(std::string("end of central directory records disagree on ") + what);
  }
  *value = zip64;
  return Status::Ok();
}

Status ReadZip64End(const RandomAccessFile& file, std::uint64_t locator_offset, EndRecord* end) {
  std::array<std::uint8_t, kEocd64LocatorSize> loc{};
  Status s = file.ReadAt(locator_offset, loc.size(), loc.data());
  if (!s.ok()) return s;
  const std::uint64_t record_offset = LoadLe64(loc.data() + 8);
  if (LoadLe32(loc.data() + 4) != 0 || LoadLe32(loc.data() + 16) > 1) {
    return ZipInvalid("multi-disk zip archives are not supported");
  }
  if (record_offset > locator_offset || locator_offset - record_offset < kEocd64Size) {
    return ZipInvalid("zip64 end of central directory record outside the file");
  }
  std::array<std::uint8_t, kEocd64Size> rec{};
  s = file.ReadAt(record_offset, rec.size(), rec.data());
  if (!s.ok()) return s;
  const std::uint8_t* p = rec.data();
  if (LoadLe32(p) != kZipEocd64Sig) return ZipInvalid("zip64 end of central directory missing");
  if (LoadLe64(p + 4) < kEocd64Size - 12 || LoadLe64(p + 4) > locator_offset - record_offset - 12) {
    return ZipInvalid("zip64 end of central directory record has a bad size");
  }
  if (LoadLe32(p + 16) != 0 || LoadLe32(p + 20) != 0 || LoadLe64(p + 24) != LoadLe64(p + 32)) {
    return ZipInvalid("multi-disk zip archives are not supported");
  }
  end->cd_limit = record_offset;
  s = Merge64(end->entries, kSaturated16, LoadLe64(p + 32), &end->entries, "the entry count");
  if (s.ok()) s = Merge64(end->cd_size, kSaturated32, LoadLe64(p + 40), &end->cd_size, "size");
  if (s.ok())
    s = Merge64(end->cd_offset, kSaturated32, LoadLe64(p + 48), &end->cd_offset, "offset");
  return s;
}

Result<EndRecord> ReadEndRecord(const RandomAccessFile& file) {
  Result<std::uint64_t> eocd = LocateEocd(file);
  if (!eocd.ok()) return eocd.status();
  std::array<std::uint8_t, kEocdSize> rec{};
  Status s = file.ReadAt(*eocd, rec.size(), rec.data());
  if (!s.ok()) return s;
  const std::uint8_t* p = rec.data();
  EndRecord end;
  end.eocd_offset = end.cd_limit = *eocd;
  end.entries = LoadLe16(p + 10);
  end.cd_size = LoadLe32(p + 12);
  end.cd_offset = LoadLe32(p + 16);
  const std::uint16_t disk = LoadLe16(p + 4), cd_disk = LoadLe16(p + 6);
  if ((disk != 0 && disk != kSaturated16) || (cd_disk != 0 && cd_disk != kSaturated16) ||
      LoadLe16(p + 8) != end.entries) {
    return ZipInvalid("multi-disk zip archives are not supported");
  }
  if (*eocd >= kEocd64LocatorSize) {
    const std::uint64_t locator = *eocd - kEocd64LocatorSize;
    std::array<std::uint8_t, 4> sig{};
    s = file.ReadAt(locator, sig.size(), sig.data());
    if (!s.ok()) return s;
    if (LoadLe32(sig.data()) == kZipEocd64LocatorSig) s = ReadZip64End(file, locator, &end);
    if (!s.ok()) return s;
  }
  std::uint64_t cd_end = 0;
  if (!CheckedAdd(end.cd_offset, end.cd_size, &cd_end) || cd_end > end.cd_limit) {
    return ZipInvalid("central directory outside the file");
  }
  return end;
}

// Applies the zip64 extended-information extra field: each saturated field of the header
// is replaced, in order, by the next 8-byte value of the extra field.
Status ApplyZip64Extra(std::string_view extra, ZipEntry* entry, bool offset_saturated) {
  const bool need_u = entry->uncompressed_size == kSaturated32;
  const bool need_c = entry->compressed_size == kSaturated32;
  if (!need_u && !need_c && !offset_saturated) return Status::Ok();
  std::optional<std::string_view> field = FindExtraField(extra, kZip64ExtraId);
  if (!field) return Quote("zip64 extra field missing", entry->name);
  const auto* p = reinterpret_cast<const std::uint8_t*>(field->data());
  std::size_t left = field->size();
  for (auto [need, target] :
       {std::pair{need_u, &entry->uncompressed_size}, std::pair{need_c, &entry->compressed_size},
        std::pair{offset_saturated, &entry->local_header_offset}}) {
    if (!need) continue;
    if (left < 8) return Quote("zip64 extra field too short", entry->name);
    *target = LoadLe64(p);
    p += 8;
    left -= 8;
  }
  return Status::Ok();
}

Status CheckEntryFlags(const ZipEntry& entry, const ZipLimits& limits) {
  if (entry.flags & (kFlagEncrypted | kFlagStrongEncryption | kFlagMaskedDirectory)) {
    return Quote("encrypted entries are not supported", entry.name);
  }
  if (entry.method != kZipStored && entry.method != kZipDeflated) {
    return Quote("unsupported compression method " + std::to_string(entry.method), entry.name);
  }
  if (entry.method == kZipStored && entry.compressed_size != entry.uncompressed_size) {
    return Quote("stored entry with different compressed and uncompressed sizes", entry.name);
  }
  return CheckDeclaredSize(entry, limits);
}

// One central directory header, with its name checked and zip64 applied.
Result<ZipEntry> ReadCentralHeader(RangeReader& reader, const ZipLimits& limits) {
  std::array<std::uint8_t, kCentralHeaderSize> h{};
  Status s = reader.Read(h.size(), h.data());
  if (!s.ok()) return s;
  if (LoadLe32(h.data()) != kZipCentralHeaderSig) return ZipInvalid("central directory corrupt");
  ZipEntry entry;
  entry.flags = LoadLe16(h.data() + 8);
  entry.method = LoadLe16(h.data() + 10);
  entry.crc32 = LoadLe32(h.data() + 16);
  entry.compressed_size = LoadLe32(h.data() + 20);
  entry.uncompressed_size = LoadLe32(h.data() + 24);
  entry.local_header_offset = LoadLe32(h.data() + 42);
  const std::uint16_t name_len = LoadLe16(h.data() + 28);
  if (name_len > limits.max_name_length) return ZipInvalid("entry name too long");
  std::string extra, comment;
  s = reader.Read(name_len, &entry.name);
  if (s.ok()) s = reader.Read(LoadLe16(h.data() + 30), &extra);
  if (s.ok()) s = reader.Read(LoadLe16(h.data() + 32), &comment);
  if (s.ok()) s = CheckEntryName(entry.name);
  if (s.ok() && LoadLe16(h.data() + 34) != 0 && LoadLe16(h.data() + 34) != kSaturated16) {
    s = Quote("entry on another disk", entry.name);
  }
  if (s.ok()) s = ApplyZip64Extra(extra, &entry, entry.local_header_offset == kSaturated32);
  if (s.ok()) s = CheckEntryFlags(entry, limits);
  if (!s.ok()) return s;
  return entry;
}

Result<std::vector<ZipEntry>> ReadCentralDirectory(const RandomAccessFile& file,
                                                   const EndRecord& end, const ZipLimits& limits) {
  if (end.entries > limits.max_entries) {
    return ZipInvalid("too many entries: " + std::to_string(end.entries) + " (limit " +
                      std::to_string(limits.max_entries) + ")");
  }
  if (end.entries > end.cd_size / kCentralHeaderSize) {
    return ZipInvalid("central directory too small for its entry count");
  }
  std::vector<ZipEntry> entries;
  entries.reserve(static_cast<std::size_t>(end.entries));
  RangeReader reader(file, end.cd_offset, end.cd_offset + end.cd_size);
  for (std::uint64_t i = 0; i < end.entries; ++i) {
    Result<ZipEntry> entry = ReadCentralHeader(reader, limits);
    if (!entry.ok()) return entry.status();
    entries.push_back(std::move(entry).value());
  }
  if (reader.position() != end.cd_offset + end.cd_size) {
    return ZipInvalid("central directory size disagrees with its entries");
  }
  return entries;
}

// The sizes a local header declares, resolved through its zip64 extra field (which, in a
// local header, holds both sizes when either is saturated).
Status LocalSizes(const std::uint8_t* h, std::string_view extra, const ZipEntry& entry,
                  std::uint64_t* usize, std::uint64_t* csize, bool* zip64) {
  *csize = LoadLe32(h + 18);
  *usize = LoadLe32(h + 22);
  std::optional<std::string_view> field = FindExtraField(extra, kZip64ExtraId);
  *zip64 = field.has_value();
  if (*csize != kSaturated32 && *usize != kSaturated32) return Status::Ok();
  if (!field || field->size() < 16) return Quote("local zip64 extra field missing", entry.name);
  *usize = LoadLe64(reinterpret_cast<const std::uint8_t*>(field->data()));
  *csize = LoadLe64(reinterpret_cast<const std::uint8_t*>(field->data()) + 8);
  return Status::Ok();
}

Status CompareLocalHeader(const std::uint8_t* h, std::string_view name, std::string_view extra,
                          const ZipEntry& entry, bool* zip64) {
  const std::uint16_t flags = LoadLe16(h + 6);
  std::uint64_t usize = 0, csize = 0;
  Status s = LocalSizes(h, extra, entry, &usize, &csize, zip64);
  if (!s.ok()) return s;
  if (name != entry.name) return Quote("local header names another entry", entry.name);
  if (flags & (kFlagEncrypted | kFlagStrongEncryption)) {
    return Quote("encrypted entries are not supported", entry.name);
  }
  if (LoadLe16(h + 8) != entry.method ||
      (flags & kFlagDataDescriptor) != (entry.flags & kFlagDataDescriptor)) {
    return Quote("local header disagrees with the central directory", entry.name);
  }
  if (!(flags & kFlagDataDescriptor) &&
      (LoadLe32(h + 14) != entry.crc32 || usize != entry.uncompressed_size ||
       csize != entry.compressed_size)) {
    return Quote("local header disagrees with the central directory", entry.name);
  }
  return Status::Ok();
}

// Checks the data descriptor after the data against the central directory; returns its end.
Result<std::uint64_t> CheckDataDescriptor(const RandomAccessFile& file, const ZipEntry& entry,
                                          std::uint64_t data_end, std::uint64_t limit, bool zip64) {
  std::array<std::uint8_t, 24> d{};
  const std::size_t n =
      static_cast<std::size_t>(std::min<std::uint64_t>(d.size(), limit - data_end));
  Status s = file.ReadAt(data_end, n, d.data());
  if (!s.ok()) return s;
  const std::size_t sig = (n >= 4 && LoadLe32(d.data()) == kZipDataDescriptorSig) ? 4 : 0;
  const std::size_t size = sig + (zip64 ? 20 : 12);
  if (size > n) return Quote("data descriptor truncated", entry.name);
  const std::uint8_t* p = d.data() + sig;
  const std::uint64_t csize = zip64 ? LoadLe64(p + 4) : LoadLe32(p + 4);
  const std::uint64_t usize = zip64 ? LoadLe64(p + 12) : LoadLe32(p + 8);
  if (LoadLe32(p) != entry.crc32 || csize != entry.compressed_size ||
      usize != entry.uncompressed_size) {
    return Quote("data descriptor disagrees with the central directory", entry.name);
  }
  return data_end + size;
}

// Reads the local header of entry, checks it, sets data_offset and returns the entry's span.
Result<Span> CheckLocalHeader(const RandomAccessFile& file, ZipEntry* entry, std::uint64_t limit) {
  std::array<std::uint8_t, kLocalHeaderSize> h{};
  if (entry->local_header_offset > limit || limit - entry->local_header_offset < h.size()) {
    return Quote("local header outside the file", entry->name);
  }
  Status s = file.ReadAt(entry->local_header_offset, h.size(), h.data());
  if (!s.ok()) return s;
  if (LoadLe32(h.data()) != kZipLocalHeaderSig) return Quote("local header missing", entry->name);
  const std::uint64_t variable = std::uint64_t{LoadLe16(h.data() + 26)} + LoadLe16(h.data() + 28);
  const std::uint64_t fixed_end = entry->local_header_offset + h.size();
  if (variable > limit - fixed_end) return Quote("local header outside the file", entry->name);
  std::string tail(static_cast<std::size_t>(variable), '\0');
  s = file.ReadAt(fixed_end, tail.size(), reinterpret_cast<std::uint8_t*>(tail.data()));
  if (!s.ok()) return s;
  const std::string_view view(tail);
  bool zip64 = false;
  s = CompareLocalHeader(h.data(), view.substr(0, LoadLe16(h.data() + 26)),
                         view.substr(LoadLe16(h.data() + 26)), *entry, &zip64);
  if (!s.ok()) return s;
  entry->data_offset = fixed_end + variable;
  if (entry->compressed_size > limit - entry->data_offset) {
    return Quote("entry data outside the file", entry->name);
  }
  const std::uint64_t data_end = entry->data_offset + entry->compressed_size;
  if (!(entry->flags & kFlagDataDescriptor)) return Span{entry->local_header_offset, data_end};
  Result<std::uint64_t> end = CheckDataDescriptor(file, *entry, data_end, limit, zip64);
  if (!end.ok()) return end.status();
  return Span{entry->local_header_offset, *end};
}

// Local headers, overlaps, repeated names and the total declared size.
Status CheckEntries(const RandomAccessFile& file, std::vector<ZipEntry>& entries,
                    std::uint64_t cd_offset, const ZipLimits& limits) {
  std::vector<Span> spans;
  spans.reserve(entries.size());
  std::unordered_set<std::string_view> names;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!names.insert(entries[i].name).second) return Quote("repeated entry name", entries[i].name);
    if (!CheckedAdd(total, entries[i].uncompressed_size, &total) || total > limits.max_total_size) {
      return ZipInvalid("entries declare more than " + std::to_string(limits.max_total_size) +
                        " bytes in total");
    }
    Result<Span> span = CheckLocalHeader(file, &entries[i], cd_offset);
    if (!span.ok()) return span.status();
    spans.push_back(*span);
    spans.back().index = i;
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].begin < spans[i - 1].end) {
      return ZipInvalid("entries \"" + entries[spans[i - 1].index].name + "\" and \"" +
                        entries[spans[i].index].name + "\" overlap");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ZipArchive> ZipArchive::Open(const RandomAccessFile& file, ZipLimits limits) {
  Result<EndRecord> end = ReadEndRecord(file);
  if (!end.ok()) return end.status();
  Result<std::vector<ZipEntry>> entries = ReadCentralDirectory(file, *end, limits);
  if (!entries.ok()) return entries.status();
  Status s = CheckEntries(file, *entries, end->cd_offset, limits);
  if (!s.ok()) return s;
  ZipArchive archive;
  archive.file_ = &file;
  archive.limits_ = limits;
  archive.entries_ = std::move(entries).value();
  archive.cd_offset_ = end->cd_offset;
  archive.cd_size_ = end->cd_size;
  archive.eocd_offset_ = end->eocd_offset;
  return archive;
}

const ZipEntry* ZipArchive::Find(std::string_view name) const {
  for (const ZipEntry& entry : entries_) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace appvault::pkg
