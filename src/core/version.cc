#include "core/version.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace appvault {
namespace {

constexpr std::size_t kMaxVersionText = 64;
constexpr std::size_t kMaxIosComponents = 8;

// True, with *out set, when text is a run of decimal digits no greater than max.
bool ParseNumber(std::string_view text, std::uint64_t max, std::uint64_t* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && *out <= max;
}

Status Invalid(Platform platform, std::string_view text, std::string_view why) {
  return Status(StatusCode::kInvalidArgument,
                std::string("invalid ") + std::string(PlatformName(platform)) + " version \"" +
                    std::string(text) + "\": " + std::string(why));
}

}  // namespace

std::string_view PlatformName(Platform platform) {
  return platform == Platform::kAndroid ? "android" : "ios";
}

Result<Platform> ParsePlatform(std::string_view text) {
  if (text == "android") return Platform::kAndroid;
  if (text == "ios") return Platform::kIos;
  return Status(StatusCode::kInvalidArgument,
                "unknown platform \"" + std::string(text) + "\" (expected android or ios)");
}

Result<Version> Version::Parse(Platform platform, std::string_view text) {
  if (text.empty()) return Invalid(platform, text, "empty");
  if (text.size() > kMaxVersionText) return Invalid(platform, text.substr(0, 16), "too long");
  if (platform == Platform::kAndroid) {
    std::uint64_t code = 0;
    if (!ParseNumber(text, std::numeric_limits<std::int64_t>::max(), &code)) {
      return Invalid(platform, text, "expected a non-negative integer");
    }
    return Version(platform, {code}, std::to_string(code));
  }
  std::vector<std::uint64_t> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view part = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    std::uint64_t value = 0;
    if (!ParseNumber(part, std::numeric_limits<std::uint32_t>::max(), &value)) {
      return Invalid(platform, text, "expected dot-separated numbers");
    }
    parts.push_back(value);
    if (parts.size() > kMaxIosComponents) return Invalid(platform, text, "too many components");
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return Version(platform, std::move(parts), std::string(text));
}

Version Version::Android(std::int64_t code) {
  std::uint64_t value = code < 0 ? 0 : static_cast<std::uint64_t>(code);
  return Version(Platform::kAndroid, {value}, std::to_string(value));
}

std::strong_ordering Version::operator<=>(const Version& other) const {
  if (platform_ != other.platform_) return platform_ <=> other.platform_;
  std::size_t n = std::max(parts_.size(), other.parts_.size());
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t a = i < parts_.size() ? parts_[i] : 0;
    std::uint64_t b = i < other.parts_.size() ? other.parts_[i] : 0;
    if (a != b) return a <=> b;
  }
  return std::strong_ordering::equal;
}

}  // namespace appvault
