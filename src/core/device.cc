#include "core/device.h"

#include <algorithm>

namespace appvault {
namespace {

constexpr std::size_t kMaxAbis = 16;
constexpr std::size_t kMaxAbiLength = 32;

bool ValidAbi(const std::string& abi) {
  if (abi.empty() || abi.size() > kMaxAbiLength) return false;
  return std::all_of(abi.begin(), abi.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

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
  return Status::Ok();
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
