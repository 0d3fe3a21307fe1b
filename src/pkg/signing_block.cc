// Finding and parsing the APK Signing Block.
#include "pkg/signing_block.h"

#include <string>
#include <utility>

#include "pkg/byte_reader.h"
#include "pkg/le_bytes.h"

namespace appvault::pkg {
namespace {

constexpr std::uint64_t kFooterSize = 8 + 16;  // the second size field and the magic
constexpr std::uint64_t kPairIdSize = 4;

Status Malformed(std::string reason) {
  return Status(StatusCode::kBadSignature, "APK Signing Block: " + std::move(reason));
}

bool IsSchemeId(std::uint32_t id) {
  return id == kV2SchemeBlockId || id == kV3SchemeBlockId;
}

// Reads the size field of the footer; nullopt when the magic is not there.
Result<std::optional<std::uint64_t>> ReadFooter(const RandomAccessFile& file,
                                                std::uint64_t cd_offset) {
  std::uint8_t footer[kFooterSize];
  Status read = file.ReadAt(cd_offset - kFooterSize, kFooterSize, footer);
  if (!read.ok()) return read;
  std::string_view magic(reinterpret_cast<const char*>(footer + 8), 16);
  if (magic != kSigningBlockMagic) return std::optional<std::uint64_t>();
  return std::optional<std::uint64_t>(LoadLe64(footer));
}

}  // namespace

const std::string* ApkSigningBlock::Find(std::uint32_t id) const {
  for (const SigningBlockPair& pair : pairs) {
    if (pair.id == id) return &pair.value;
  }
  return nullptr;
}

Result<std::vector<SigningBlockPair>> ParseSigningBlockPairs(std::string_view pairs) {
  std::vector<SigningBlockPair> out;
  ByteReader reader(pairs);
  while (!reader.empty()) {
    const std::size_t at = pairs.size() - reader.remaining();
    std::uint64_t length = 0;
    if (!reader.ReadU64(&length)) {
      return Malformed("truncated pair header at offset " + std::to_string(at));
    }
    if (length < kPairIdSize || length > reader.remaining()) {
      return Malformed("pair at offset " + std::to_string(at) + " has invalid length " +
                       std::to_string(length));
    }
    if (out.size() == kMaxSigningBlockPairs) return Malformed("too many id-value pairs");
    std::uint32_t id = 0;
    std::string_view value;
    (void)reader.ReadU32(&id);
    (void)reader.ReadBytes(static_cast<std::size_t>(length - kPairIdSize), &value);
    for (const SigningBlockPair& seen : out) {
      if (seen.id == id && IsSchemeId(id)) return Malformed("a signature scheme block repeats");
    }
    out.push_back(SigningBlockPair{id, std::string(value)});
  }
  return out;
}

Result<std::optional<ApkSigningBlock>> FindSigningBlock(const RandomAccessFile& file,
                                                        std::uint64_t central_directory_offset) {
  const std::uint64_t cd = central_directory_offset;
  if (cd < kSigningBlockOverhead) return std::optional<ApkSigningBlock>();
  Result<std::optional<std::uint64_t>> footer = ReadFooter(file, cd);
  if (!footer.ok()) return footer.status();
  if (!footer->has_value()) return std::optional<ApkSigningBlock>();
  const std::uint64_t size_field = **footer;
  if (size_field < kFooterSize || size_field > kMaxSigningBlockSize) {
    return Malformed("invalid size " + std::to_string(size_field));
  }
  const std::uint64_t total = size_field + 8;
  if (total > cd) {
    return Malformed("size " + std::to_string(size_field) + " reaches before the file");
  }

  ApkSigningBlock block;
  block.offset = cd - total;
  block.size = total;
  std::string bytes(total, '\0');
  Status read = file.ReadAt(block.offset, total, reinterpret_cast<std::uint8_t*>(bytes.data()));
  if (!read.ok()) return read;
  const std::uint64_t header_size = LoadLe64(reinterpret_cast<const std::uint8_t*>(bytes.data()));
  if (header_size != size_field) {
    return Malformed("the two size fields disagree (" + std::to_string(header_size) + " and " +
                     std::to_string(size_field) + ")");
  }
  Result<std::vector<SigningBlockPair>> pairs =
      ParseSigningBlockPairs(std::string_view(bytes).substr(8, total - 8 - kFooterSize));
  if (!pairs.ok()) return pairs.status();
  block.pairs = std::move(pairs).value();
  return std::optional<ApkSigningBlock>(std::move(block));
}

}  // namespace appvault::pkg
