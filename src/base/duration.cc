#include "base/duration.h"

#include <cstdint>

namespace appvault::base {
namespace {

constexpr std::int64_t kMaxSeconds = std::int64_t{100} * 366 * 24 * 3600;

struct Unit {
  char letter;
  std::int64_t seconds;
};
constexpr Unit kUnits[] = {{'d', 24 * 3600}, {'h', 3600}, {'m', 60}, {'s', 1}};

// `"TEXT"` followed by why. (Built by appending: g++ 12 warns falsely on `"\"" + text`.)
Status DurationError(std::string_view text, std::string_view why) {
  std::string message = "duration \"";
  message.append(text).append("\" ").append(why);
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

Status BadDuration(std::string_view text) {
  return DurationError(text, "is not a whole number with s, m, h or d (\"24h\")");
}

}  // namespace

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  std::string_view digits = text;
  std::int64_t scale = 1;
  if (!text.empty()) {
    for (const Unit& unit : kUnits) {
      if (text.back() == unit.letter) {
        digits = text.substr(0, text.size() - 1);
        scale = unit.seconds;
      }
    }
  }
  if (digits.empty() || digits.size() > 12) return BadDuration(text);
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return BadDuration(text);
    value = value * 10 + (c - '0');
  }
  if (value > kMaxSeconds / scale) {
    return DurationError(text, "passes 100 years");
  }
  return std::chrono::seconds(value * scale);
}

std::string FormatDuration(std::chrono::seconds duration) {
  const std::int64_t seconds = duration.count();
  for (const Unit& unit : kUnits) {
    // Days from two on: "24h" reads better than "1d".
    if (unit.letter == 'd' && seconds < 2 * unit.seconds) continue;
    if (seconds != 0 && seconds % unit.seconds == 0) {
      return std::to_string(seconds / unit.seconds) + unit.letter;
    }
  }
  return std::to_string(seconds) + "s";
}

}  // namespace appvault::base
