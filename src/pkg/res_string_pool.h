// Internal to src/pkg: the ResStringPool chunk of Android binary XML (and resources.arsc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::pkg {

// A checked view of a string pool chunk; strings are decoded on demand, so an unused
// malformed string costs nothing. The bytes must outlive the pool.
class ResStringPool {
 public:
  // chunk: the whole chunk, header included, exactly as long as its header says.
  // Errors: kInvalidPackage when the header, the offset table or the string area does not
  // fit in the chunk.
  static Result<ResStringPool> Parse(std::string_view chunk);

  std::uint32_t size() const { return count_; }
  // String index as UTF-8. Errors: kInvalidPackage for an index out of range or a string
  // running out of the pool or missing its terminator.
  Result<std::string> Get(std::uint32_t index) const;

 private:
  ResStringPool() = default;
  Result<std::string> GetUtf8(std::size_t pos) const;
  Result<std::string> GetUtf16(std::size_t pos) const;

  std::string_view chunk_;
  std::size_t offsets_ = 0;  // where the uint32 offset table starts
  std::uint32_t count_ = 0;
  bool utf8_ = false;
  std::size_t strings_begin_ = 0;
  std::size_t strings_end_ = 0;
};

// text with every invalid UTF-8 sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view text);
// UTF-16 code units (little-endian bytes) as UTF-8; unpaired surrogates become U+FFFD.
std::string Utf16LeToUtf8(std::string_view bytes);

}  // namespace appvault::pkg
