// DeviceProfile: what a package must fit — platform, OS version and native ABIs.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "core/version.h"

namespace appvault {

struct DeviceProfile {
  Platform platform = Platform::kAndroid;
  Version os_version = Version::Android(0);  // Android API level or iOS version
  std::vector<std::string> abis;             // most preferred first; never empty once valid

  // Ok when the profile is usable: os_version of the same platform, 1..16 ABIs, each
  // 1..32 characters of [a-z0-9_-], no repeats. Errors: kInvalidArgument naming the field.
  Status Validate() const;
  // For messages: "android API 21 (arm64-v8a, armeabi-v7a)" / "ios 16.4 (arm64)".
  std::string Describe() const;
};

// For messages: "android API 21" / "ios 16.4".
std::string DescribeOs(const Version& os);

}  // namespace appvault
