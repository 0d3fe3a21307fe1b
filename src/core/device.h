// DeviceProfile: what a package must fit — platform, OS version and native ABIs — and what an
// app set's splits are chosen for: screen density and locales (CONTRACT §7).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/version.h"

namespace appvault {

struct DeviceProfile {
  Platform platform = Platform::kAndroid;
  Version os_version = Version::Android(0);  // Android API level or iOS version
  std::vector<std::string> abis;             // most preferred first; never empty once valid
  int density = kDefaultDensity;             // screen density, dpi
  std::vector<std::string> locales = {std::string(kDefaultLocale)};  // most preferred first

  static constexpr int kDefaultDensity = 420;
  static constexpr std::string_view kDefaultLocale = "en-US";
  static constexpr int kMaxDensity = 10000;

  // Ok when the profile is usable: os_version of the same platform, 1..16 ABIs, each
  // 1..32 characters of [a-z0-9_-], no repeats; density 1..kMaxDensity dpi; 1..16 locales,
  // each a locale tag as ValidLocaleTag accepts, no repeats. Errors: kInvalidArgument naming
  // the field and the value.
  Status Validate() const;
  // For messages: "android API 21 (arm64-v8a, armeabi-v7a)" / "ios 16.4 (arm64)".
  std::string Describe() const;
};

// Whether tag is a BCP-47 language tag of the shape devices use: a language of 2-3
// lowercase letters, then optionally a script of 4 letters (first uppercase: "Hant"), then
// optionally a region of 2 uppercase letters or 3 digits, separated by '-' ("en", "en-US",
// "zh-Hant-TW", "es-419").
bool ValidLocaleTag(std::string_view tag);

// For messages: "android API 21" / "ios 16.4".
std::string DescribeOs(const Version& os);

}  // namespace appvault
