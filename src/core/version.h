// Platforms and versions with each platform's ordering.
//   Android: a version code or an API level is one non-negative integer ("30", "4294967297").
//   iOS: dotted numbers compared component by component, missing ones as 0
//        ("16.4" < "16.10", "16.4" == "16.4.0").
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault {

enum class Platform { kAndroid, kIos };

// "android" / "ios".
std::string_view PlatformName(Platform platform);
// Parses "android" or "ios"; anything else is kInvalidArgument naming the text.
Result<Platform> ParsePlatform(std::string_view text);

// A version of a package or of an operating system, in one platform's ordering.
// Versions of different platforms compare by platform first (never meaningful for users,
// but a total order keeps containers sane).
// Thread-safety: a value type.
class Version {
 public:
  // Limits: Android, an integer 0..2^63-1 in decimal without sign or leading '+';
  // iOS, 1 to 8 dot-separated components, each 0..2^32-1. Text up to 64 characters.
  // Errors: kInvalidArgument naming the text and what is wrong.
  static Result<Version> Parse(Platform platform, std::string_view text);
  // An Android version code or API level.
  static Version Android(std::int64_t code);

  Platform platform() const { return platform_; }
  // The text as given (normalised for Android: decimal without leading zeros).
  const std::string& text() const { return text_; }
  // The Android integer. REQUIRES: platform() == Platform::kAndroid.
  std::int64_t code() const { return static_cast<std::int64_t>(parts_.front()); }

  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const { return (*this <=> other) == 0; }

 private:
  Version(Platform platform, std::vector<std::uint64_t> parts, std::string text)
      : platform_(platform), parts_(std::move(parts)), text_(std::move(text)) {}

  Platform platform_;
  std::vector<std::uint64_t> parts_;
  std::string text_;
};

}  // namespace appvault
