// The APK Signing Block: the container of the v2/v3 signatures, stored immediately before
// the zip central directory (source.android.com/docs/security/features/apksigning/v2):
//
//   uint64 size of block (excluding this field)
//   repeated: uint64 length, uint32 id, value (length - 4 bytes)
//   uint64 size of block (same as above)
//   16 bytes magic "APK Sig Block 42"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "pkg/zip.h"

namespace appvault::pkg {

// Ids of the scheme blocks inside, and the magic that ends the block.
inline constexpr std::uint32_t kV2SchemeBlockId = 0x7109871a;
inline constexpr std::uint32_t kV3SchemeBlockId = 0xf05368c0;
inline constexpr std::string_view kSigningBlockMagic = "APK Sig Block 42";
// The fixed part: both size fields and the magic.
inline constexpr std::uint64_t kSigningBlockOverhead = 8 + 8 + 16;
// Limits: the block is read into memory (real blocks are a few KiB, padded to 4 KiB).
inline constexpr std::uint64_t kMaxSigningBlockSize = 16u << 20;
inline constexpr std::size_t kMaxSigningBlockPairs = 256;

// One id-value pair of the block.
struct SigningBlockPair {
  std::uint32_t id = 0;
  std::string value;
};

// A parsed APK Signing Block.
struct ApkSigningBlock {
  std::uint64_t offset = 0;  // file offset of the block's first byte (its first size field)
  std::uint64_t size = 0;    // bytes from offset to the central directory
  std::vector<SigningBlockPair> pairs;

  // The value of the pair with this id, or nullptr.
  const std::string* Find(std::uint32_t id) const;
};

// Looks for the block that ends where the central directory starts. nullopt when there is
// none (the magic is not there). Errors: kBadSignature when the magic is there but the
// block is malformed (sizes disagree or leave the file, pairs overrun, a scheme id repeats,
// limits exceeded); kInvalidPackage or kUnavailable from reading the file.
Result<std::optional<ApkSigningBlock>> FindSigningBlock(const RandomAccessFile& file,
                                                        std::uint64_t central_directory_offset);

// Parses the id-value pairs section (between the two size fields). Every pair must lie
// inside it, with a length of at least 4 (the id). Errors: kBadSignature with the reason.
Result<std::vector<SigningBlockPair>> ParseSigningBlockPairs(std::string_view pairs);

}  // namespace appvault::pkg
