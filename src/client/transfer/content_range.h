// Reading the `Content-Range` header of a 206 answer (RFC 9110 §14.4).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace appvault::client::transfer {

// "bytes FIRST-LAST/COMPLETE": the slice sent and the size of the whole file.
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;      // inclusive
  std::uint64_t complete = 0;  // the whole file's size
};

// Parses the header's value (surrounding spaces ignored). nullopt for anything else: another
// unit, "*" for a size or a range, LAST < FIRST, LAST >= COMPLETE, numbers that overflow.
std::optional<ContentRange> ParseContentRange(std::string_view value);

}  // namespace appvault::client::transfer
