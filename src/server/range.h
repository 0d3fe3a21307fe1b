// HTTP range requests (RFC 9110 §14) and entity-tag matching, for file downloads. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace appvault::server {

// What to send for a `Range` header on a representation of `size` bytes.
struct RangeDecision {
  enum class Kind {
    kWhole,          // 200 with the whole file: no Range, a malformed one, or several ranges
    kPartial,        // 206 with `offset`/`length` and Content-Range: bytes FIRST-LAST/SIZE
    kUnsatisfiable,  // 416 with Content-Range: bytes */SIZE
  };
  Kind kind = Kind::kWhole;
  std::uint64_t offset = 0;  // for kWhole 0
  std::uint64_t length = 0;  // for kWhole the size
};

// Parses a `Range` header value (empty when absent) for a representation of `size` bytes.
// One range is honoured: "bytes=FIRST-LAST" (LAST past the end is clipped), "bytes=FIRST-"
// (to the end) and "bytes=-N" (the last N bytes; all of them when N >= size). A range whose
// FIRST is at or past the end, or "bytes=-0", is unsatisfiable. Several ranges
// ("bytes=0-1,5-6") are answered with the whole representation (kWhole: a multipart reply is
// not worth its complexity here). Anything malformed — another unit, LAST < FIRST, junk — is
// ignored (kWhole), as RFC 9110 allows. The unit is case-insensitive; numbers too large for
// 64 bits count as "past the end". Pure; thread-safe.
RangeDecision ParseRange(std::string_view header, std::uint64_t size);

// "bytes FIRST-LAST/SIZE" for a kPartial decision.
std::string ContentRange(const RangeDecision& decision, std::uint64_t size);

// Whether an `If-None-Match` header value matches the current entity tag `etag` under the
// weak comparison (RFC 9110 §13.1.2): "*" matches any; otherwise the comma-separated list
// must hold a tag equal to etag, ignoring a `W/` prefix on either side. `etag` may be given
// quoted ("\"abc\"", W/"abc") or bare (abc). An empty header matches nothing. Pure.
bool ETagMatches(std::string_view if_none_match, std::string_view etag);

// `etag` as a strong entity tag: bare text gets quotes, a quoted or W/ tag is kept. Pure.
std::string QuoteETag(std::string_view etag);

}  // namespace appvault::server
