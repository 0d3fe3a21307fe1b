#include "server/api/query.h"

#include <charconv>

#include "server/request.h"

namespace appvault::server::api {

namespace {

std::string DecodeComponent(std::string_view text) {
  std::string spaced(text);
  for (char& c : spaced) {
    if (c == '+') c = ' ';
  }
  return server::PercentDecode(spaced);
}

bool IsKnown(std::string_view name, std::initializer_list<std::string_view> known) {
  for (std::string_view k : known) {
    if (k == name) return true;
  }
  return false;
}

Status Invalid(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

}  // namespace

Result<QueryParams> ParseQuery(std::string_view query,
                               std::initializer_list<std::string_view> known) {
  QueryParams params;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string name = DecodeComponent(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : DecodeComponent(pair.substr(eq + 1));
    if (!IsKnown(name, known)) return Invalid("unknown query parameter \"" + name + "\"");
    if (!params.emplace(name, std::move(value)).second) {
      return Invalid("query parameter \"" + name + "\" given twice");
    }
  }
  return params;
}

Result<std::int64_t> QueryInt(const QueryParams& params, std::string_view name,
                              std::int64_t fallback, std::int64_t min, std::int64_t max) {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  const std::string& text = it->second;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Invalid("query parameter \"" + std::string(name) + "\": expected an integer from " +
                   std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

}  // namespace appvault::server::api
