#include "pkg/zip_format.h"

#include "pkg/le_bytes.h"

namespace appvault::pkg {

Status ZipInvalid(std::string reason) {
  return Status(StatusCode::kInvalidPackage, std::move(reason));
}

std::optional<std::string_view> FindExtraField(std::string_view extra, std::uint16_t id) {
  while (extra.size() >= 4) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(extra.data());
    const std::uint16_t field_id = LoadLe16(p);
    const std::uint16_t size = LoadLe16(p + 2);
    if (size > extra.size() - 4) return std::nullopt;
    if (field_id == id) return extra.substr(4, size);
    extra.remove_prefix(4 + size);
  }
  return std::nullopt;
}

namespace {

Status BadName(std::string_view why, std::string_view name) {
  return ZipInvalid("entry name " + std::string(why) + ": \"" + std::string(name) + "\"");
}

std::string Where(const ZipEntry& entry) {
  return " (entry \"" + entry.name + "\")";
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

Status CheckEntryName(std::string_view name) {
  if (name.empty()) return BadName("is empty", name);
  if (name.front() == '/' || (name.size() >= 2 && IsAsciiLetter(name[0]) && name[1] == ':')) {
    return BadName("is absolute", name);
  }
  if (name.find('\\') != std::string_view::npos) return BadName("has a backslash", name);
  if (name.find('\0') != std::string_view::npos) return BadName("has a NUL byte", name);
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    if (name.substr(start, slash - start) == "..") return BadName("has a \"..\" segment", name);
    start = slash + 1;
  }
  return Status::Ok();
}

Status CheckInflatedSize(const ZipEntry& entry, std::uint64_t inflated_size,
                         const ZipLimits& limits) {
  if (inflated_size > entry.uncompressed_size) {
    return ZipInvalid("inflates past its declared size of " +
                      std::to_string(entry.uncompressed_size) + " bytes" + Where(entry));
  }
  if (inflated_size > limits.max_entry_size) {
    return ZipInvalid("inflates to more than " + std::to_string(limits.max_entry_size) +
                      " bytes, the limit for one entry" + Where(entry));
  }
  std::uint64_t bound = 0;
  if (inflated_size > limits.ratio_applies_above &&
      !__builtin_mul_overflow(entry.compressed_size, limits.max_ratio, &bound) &&
      inflated_size > bound) {
    return ZipInvalid("compression ratio above " + std::to_string(limits.max_ratio) +
                      ":1 (zip bomb)" + Where(entry));
  }
  return Status::Ok();
}

}  // namespace appvault::pkg
