// Internal to src/pkg: zip record signatures and the checks shared by ZipArchive::Open
// (zip.cc) and entry streaming (zip_read.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "pkg/zip.h"

namespace appvault::pkg {

inline constexpr std::uint32_t kZipLocalHeaderSig = 0x04034b50;
inline constexpr std::uint32_t kZipCentralHeaderSig = 0x02014b50;
inline constexpr std::uint32_t kZipEocdSig = 0x06054b50;
inline constexpr std::uint32_t kZipEocd64Sig = 0x06064b50;
inline constexpr std::uint32_t kZipEocd64LocatorSig = 0x07064b50;
inline constexpr std::uint32_t kZipDataDescriptorSig = 0x08074b50;
inline constexpr std::uint16_t kZipStored = 0;
inline constexpr std::uint16_t kZipDeflated = 8;
// Entries are read, and inflated, this many bytes at a time.
inline constexpr std::size_t kZipChunkSize = 64 * 1024;

// kInvalidPackage with the reason.
Status ZipInvalid(std::string reason);

// The data of the first extra field with this id, or nullopt. A field whose length runs
// past the extra block ends the search (zipalign pads with zero bytes).
std::optional<std::string_view> FindExtraField(std::string_view extra, std::uint16_t id);

// Ok for a relative name without a ".." segment, backslash, NUL or drive letter.
Status CheckEntryName(std::string_view name);

// Ok when inflated_size bytes of entry stay within its declared size and the limits
// (entry size and compression ratio). Used on the declared size at Open and on the running
// count while inflating.
Status CheckInflatedSize(const ZipEntry& entry, std::uint64_t inflated_size,
                         const ZipLimits& limits);

// CheckInflatedSize on the declared size.
inline Status CheckDeclaredSize(const ZipEntry& entry, const ZipLimits& limits) {
  return CheckInflatedSize(entry, entry.uncompressed_size, limits);
}

}  // namespace appvault::pkg
