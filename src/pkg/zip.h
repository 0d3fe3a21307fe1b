// ZipArchive: a defensive reader of zip files (APK, IPA). It parses the end-of-central-
// directory record (also behind a comment), zip64, the central directory and each entry's
// local header, and refuses anything unsafe before a byte of content is trusted.
// Content is streamed: an entry is read in chunks, inflated (zlib) with its size limit
// enforced while inflating — never trusted from the headers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::pkg {

// Limits, documented in docs/packages.md.
struct ZipLimits {
  std::uint64_t max_entries = 65536;             // entries in the central directory
  std::uint64_t max_entry_size = 2ull << 30;     // inflated bytes of one entry
  std::uint64_t max_total_size = 8ull << 30;     // inflated bytes of all entries
  std::uint64_t max_ratio = 1000;                // inflated / compressed, per entry
  std::uint64_t ratio_applies_above = 1u << 20;  // ratio checked past this many bytes
  std::size_t max_name_length = 4096;
};

struct ZipEntry {
  std::string name;
  std::uint16_t method = 0;  // 0 stored, 8 deflated; anything else is refused at Open
  std::uint16_t flags = 0;
  std::uint32_t crc32 = 0;
  std::uint64_t compressed_size = 0;
  std::uint64_t uncompressed_size = 0;  // as declared; enforced while reading
  std::uint64_t local_header_offset = 0;
  std::uint64_t data_offset = 0;  // first byte of the entry's data, after the local header
};

// Random access to the bytes of a file. Implementations: a file on disk (pread).
// Thread-safety: ReadAt may be called from several threads at once.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual std::uint64_t size() const = 0;
  // Reads exactly n bytes at offset into out. Errors: kInvalidPackage when the range is
  // past the end ("truncated"), kUnavailable on an I/O error.
  virtual Status ReadAt(std::uint64_t offset, std::size_t n, std::uint8_t* out) const = 0;
};

// Opens a file for reading. Errors: kNotFound, kUnavailable.
Result<std::unique_ptr<RandomAccessFile>> OpenFile(const std::string& path);
// A RandomAccessFile over bytes in memory (tests and fuzzers). The bytes are copied.
std::unique_ptr<RandomAccessFile> MemoryFile(std::string_view bytes);

// Thread-safety: once opened, every const method may be called from several threads at once.
class ZipArchive {
 public:
  // Parses and checks the whole directory structure. Refusals are kInvalidPackage with a
  // reason: not a zip; encrypted entries; a name that is absolute, has a ".." segment or a
  // backslash, or repeats; a local header that disagrees with the central directory
  // (name, method, sizes unless a data descriptor is used); more than max_entries;
  // entries or the central directory outside the file; an unsupported method.
  // The file must outlive the archive.
  static Result<ZipArchive> Open(const RandomAccessFile& file, ZipLimits limits = {});

  const std::vector<ZipEntry>& entries() const { return entries_; }
  // The entry with this exact name, or nullptr.
  const ZipEntry* Find(std::string_view name) const;

  // Where the structures are (for the APK Signing Block and v2/v3 digests).
  std::uint64_t central_directory_offset() const { return cd_offset_; }
  std::uint64_t central_directory_size() const { return cd_size_; }
  std::uint64_t eocd_offset() const { return eocd_offset_; }  // end-of-central-directory record
  // The file the archive reads.
  const RandomAccessFile& file() const { return *file_; }

  // Streams the entry's inflated content to sink in chunks (at most 64 KiB each). Checks the
  // inflated size against the declared size and the limits, and the CRC-32 at the end.
  // Errors: kInvalidPackage (corrupt data, size or CRC mismatch, zip bomb), kUnavailable,
  // or the first non-ok Status the sink returns (reading stops there).
  // REQUIRES: entry is one of entries().
  Status ReadEntry(const ZipEntry& entry,
                   const std::function<Status(std::string_view chunk)>& sink) const;
  // ReadEntry into a string, refusing (kInvalidPackage) content larger than max_bytes.
  Result<std::string> ReadEntryToString(const ZipEntry& entry, std::uint64_t max_bytes) const;

 private:
  ZipArchive() = default;

  const RandomAccessFile* file_ = nullptr;
  ZipLimits limits_;
  std::vector<ZipEntry> entries_;
  std::uint64_t cd_offset_ = 0;
  std::uint64_t cd_size_ = 0;
  std::uint64_t eocd_offset_ = 0;
};

}  // namespace appvault::pkg
