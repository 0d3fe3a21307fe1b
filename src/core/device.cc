#include "core/device.h"

#include <algorithm>

namespace appvault {
namespace {

constexpr std::size_t kMaxAbis = 16;
constexpr std::size_t kMaxAbiLength = 32;
constexpr std::size_t kMaxLocales = 16;

bool ValidAbi(const std::string& abi) {
  if (abi.empty() || abi.size() > kMaxAbiLength) return false;
  return std::all_of(abi.begin(), abi.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return std::all_of(s.begin(), s.end(), pred);
}
bool Lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool Upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool Digit(char c) {
  return c >= '0' && c <= '9';
}

Status ValidateLocales(const std::vector<std::string>& locales) {
  if (locales.empty() || locales.size() > kMaxLocales) {
    return Status(StatusCode::kInvalidArgument, "locales: expected 1 to 16 locales");
  }
  for (std::size_t i = 0; i < locales.size(); ++i) {
    if (!ValidLocaleTag(locales[i])) {
      return Status(StatusCode::kInvalidArgument,
                    "locales: invalid locale \"" + locales[i] +
                        "\" (expected a language tag such as en-US, fr, zh-Hant-TW)");
    }
    if (std::find(locales.begin(), locales.begin() + i, locales[i]) != locales.begin() + i) {
      return Status(StatusCode::kInvalidArgument,
                    "locales: \"" + locales[i] + "\" is listed twice");
    }
  }
  return Status::Ok();
}

}  // namespace

bool ValidLocaleTag(std::string_view tag) {
  std::vector<std::string_view> parts;
  while (true) {
    std::size_t dash = tag.find('-');
    parts.push_back(tag.substr(0, dash));
    if (dash == std::string_view::npos) break;
    tag.remove_prefix(dash + 1);
  }
  if (parts.size() > 3) return false;
  const std::string_view language = parts[0];
  if (language.size() < 2 || language.size() > 3 || !AllOf(language, Lower)) return false;
  std::size_t next = 1;
  if (next < parts.size() && parts[next].size() == 4) {
    const std::string_view script = parts[next];
    if (!Upper(script[0]) || !AllOf(script.substr(1), Lower)) return false;
    ++next;
  }
  if (next < parts.size()) {
    const std::string_view region = parts[next];
    const bool letters = region.size() == 2 && AllOf(region, Upper);
    const bool digits = region.size() == 3 && AllOf(region, Digit);
    if (!letters && !digits) return false;
    ++next;
  }
  return next == parts.size();
}

Status DeviceProfile::Validate() const {
  if (os_version.platform() != platform) {
    return Status(StatusCode::kInvalidArgument, "os_version is not a version of this platform");
  }
  if (abis.empty() || abis.size() > kMaxAbis) {
    return Status(StatusCode::kInvalidArgument, "abis: expected 1 to 16 ABIs");
  }
  for (std::size_t i = 0; i < abis.size(); ++i) {
    if (!ValidAbi(abis[i])) {
      return Status(StatusCode::kInvalidArgument, "abis: invalid ABI \"" + abis[i] + "\"");
    }
    if (std::find(abis.begin(), abis.begin() + i, abis[i]) != abis.begin() + i) {
      return Status(StatusCode::kInvalidArgument, "abis: \"" + abis[i] + "\" is listed twice");
    }
  }
  if (density < 1 || density > kMaxDensity) {
    return Status(StatusCode::kInvalidArgument, "density: " + std::to_string(density) +
                                                    " dpi is not a screen density (expected 1 to " +
                                                    std::to_string(kMaxDensity) + ")");
  }
  return ValidateLocales(locales);
}

std::string DescribeOs(const Version& os) {
  if (os.platform() == Platform::kAndroid) return "android API " + os.text();
  return "ios " + os.text();
}

std::string DeviceProfile::Describe() const {
  std::string out = DescribeOs(os_version) + " (";
  for (std::size_t i = 0; i < abis.size(); ++i) {
    if (i > 0) out += ", ";
    out += abis[i];
  }
  return out + ")";
}

}  // namespace appvault
