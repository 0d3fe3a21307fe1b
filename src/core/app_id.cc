#include "core/app_id.h"

namespace appvault {
namespace {

constexpr std::size_t kMaxAppIdLength = 255;

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

Status Invalid(std::string_view text, std::string_view why) {
  return Status(StatusCode::kInvalidArgument,
                "invalid app id \"" + std::string(text.substr(0, 80)) + "\": " + std::string(why));
}

// Calls visit(segment) for each dot-separated segment; stops at the first false.
template <typename Visit>
bool EverySegment(std::string_view text, Visit visit) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view segment =
        text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!visit(segment)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

}  // namespace

Result<AppId> AppId::Parse(std::string_view text) {
  if (text.empty()) return Invalid(text, "empty");
  if (text.size() > kMaxAppIdLength) return Invalid(text, "longer than 255 characters");
  bool safe = EverySegment(text, [](std::string_view segment) {
    if (segment.empty()) return false;
    for (char c : segment) {
      if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '_' && c != '-') return false;
    }
    return true;
  });
  if (!safe) return Invalid(text, "expected dot-separated segments of letters, digits, _ and -");
  return AppId(std::string(text));
}

Result<AppId> AppId::ParseFor(Platform platform, std::string_view text) {
  Result<AppId> id = Parse(text);
  if (!id.ok() || platform == Platform::kIos) return id;
  if (text.find('.') == std::string_view::npos) {
    return Invalid(text, "an Android package name has at least two segments");
  }
  bool android = EverySegment(text, [](std::string_view segment) {
    if (!IsAsciiLetter(segment.front())) return false;
    for (char c : segment) {
      if (c == '-') return false;
    }
    return true;
  });
  if (!android) return Invalid(text, "each Android package segment starts with a letter, no '-'");
  return id;
}

}  // namespace appvault
