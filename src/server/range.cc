#include "server/range.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

#include "base/strings.h"
#include "server/request.h"

namespace appvault::server {

namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Decimal digits only, saturating at 2^64-1; nullopt when empty or not all digits.
std::optional<std::uint64_t> ParseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    value = value > (kMax - digit) / 10 ? kMax : value * 10 + digit;
  }
  return value;
}

RangeDecision Whole(std::uint64_t size) {
  return RangeDecision{RangeDecision::Kind::kWhole, 0, size};
}

RangeDecision Unsatisfiable() {
  return RangeDecision{RangeDecision::Kind::kUnsatisfiable, 0, 0};
}

RangeDecision Partial(std::uint64_t offset, std::uint64_t length) {
  return RangeDecision{RangeDecision::Kind::kPartial, offset, length};
}

// "-N": the last N bytes.
RangeDecision SuffixRange(std::string_view digits, std::uint64_t size) {
  std::optional<std::uint64_t> count = ParseNumber(digits);
  if (!count) return Whole(size);
  if (*count == 0 || size == 0) return Unsatisfiable();
  std::uint64_t length = std::min(*count, size);
  return Partial(size - length, length);
}

// "FIRST-" or "FIRST-LAST".
RangeDecision SpanRange(std::string_view first_text, std::string_view last_text,
                        std::uint64_t size) {
  std::optional<std::uint64_t> first = ParseNumber(first_text);
  std::optional<std::uint64_t> last = last_text.empty() ? kMax : ParseNumber(last_text);
  if (!first || !last || *last < *first) return Whole(size);
  if (*first >= size) return Unsatisfiable();
  std::uint64_t end = std::min(*last, size - 1);
  return Partial(*first, end - *first + 1);
}

// One entity tag from the front of `list` (after OWS and commas): its opaque part with the
// quotes, without a W/ prefix. Empty when the list is used up.
std::string_view NextTag(std::string_view& list) {
  while (!list.empty() && (list.front() == ' ' || list.front() == '\t' || list.front() == ','))
    list.remove_prefix(1);
  if (list.substr(0, 2) == "W/") list.remove_prefix(2);
  std::size_t end;
  if (!list.empty() && list.front() == '"') {
    std::size_t close = list.find('"', 1);
    end = close == std::string_view::npos ? list.size() : close + 1;
  } else {
    end = std::min(list.find(','), list.size());
  }
  std::string_view tag = base::Trim(list.substr(0, end));
  list.remove_prefix(end);
  return tag;
}

}  // namespace

RangeDecision ParseRange(std::string_view header, std::uint64_t size) {
  header = base::Trim(header);
  std::size_t equals = header.find('=');
  if (equals == std::string_view::npos) return Whole(size);
  if (!EqualsIgnoringCase(base::Trim(header.substr(0, equals)), "bytes")) return Whole(size);
  std::string_view spec = base::Trim(header.substr(equals + 1));
  if (spec.find(',') != std::string_view::npos) return Whole(size);  // several ranges
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return Whole(size);
  std::string_view first = base::Trim(spec.substr(0, dash));
  std::string_view last = base::Trim(spec.substr(dash + 1));
  if (first.empty()) return SuffixRange(last, size);
  return SpanRange(first, last, size);
}

std::string ContentRange(const RangeDecision& decision, std::uint64_t size) {
  return "bytes " + std::to_string(decision.offset) + "-" +
         std::to_string(decision.offset + decision.length - 1) + "/" + std::to_string(size);
}

std::string QuoteETag(std::string_view etag) {
  if (etag.substr(0, 2) == "W/" || (!etag.empty() && etag.front() == '"')) return std::string(etag);
  std::string quoted;
  quoted.reserve(etag.size() + 2);
  quoted.push_back('"');
  quoted.append(etag);
  quoted.push_back('"');
  return quoted;
}

bool ETagMatches(std::string_view if_none_match, std::string_view etag) {
  if_none_match = base::Trim(if_none_match);
  if (if_none_match == "*") return true;
  std::string current = QuoteETag(etag);
  std::string_view opaque = current;
  if (opaque.substr(0, 2) == "W/") opaque.remove_prefix(2);
  while (true) {
    std::string_view tag = NextTag(if_none_match);
    if (tag.empty()) return false;
    if (tag == opaque) return true;
  }
}

}  // namespace appvault::server
