#include "client/transfer/content_range.h"

#include <charconv>

#include "base/strings.h"

namespace appvault::client::transfer {
namespace {

// Digits only, the whole of text.
std::optional<std::uint64_t> Number(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ContentRange> ParseContentRange(std::string_view value) {
  value = base::TrimRight(base::TrimLeft(value), base::kWhitespace);
  constexpr std::string_view kUnit = "bytes ";
  if (value.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  value = base::TrimRight(base::TrimLeft(value.substr(kUnit.size())), base::kWhitespace);
  std::size_t dash = value.find('-');
  std::size_t slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  std::optional<std::uint64_t> first = Number(value.substr(0, dash));
  std::optional<std::uint64_t> last = Number(value.substr(dash + 1, slash - dash - 1));
  std::optional<std::uint64_t> complete = Number(value.substr(slash + 1));
  if (!first || !last || !complete || *last < *first || *last >= *complete) return std::nullopt;
  return ContentRange{*first, *last, *complete};
}

}  // namespace appvault::client::transfer
