#include "core/package.h"

#include <algorithm>

namespace appvault {

std::optional<std::size_t> AbiRank(const Package& package, const DeviceProfile& device) {
  if (package.abis.empty()) return device.abis.size();
  for (std::size_t i = 0; i < device.abis.size(); ++i) {
    if (std::find(package.abis.begin(), package.abis.end(), device.abis[i]) != package.abis.end()) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<std::string> FitProblem(const Package& package, const DeviceProfile& device) {
  if (package.platform != device.platform) {
    return "is a package for " + std::string(PlatformName(package.platform));
  }
  if (package.min_os && device.os_version < *package.min_os) {
    return "needs " + DescribeOs(*package.min_os) + " or newer";
  }
  if (package.max_os && device.os_version > *package.max_os) {
    return "supports " + DescribeOs(*package.max_os) + " at most";
  }
  if (!AbiRank(package, device)) {
    std::string abis;
    for (const std::string& abi : package.abis)
      abis += (abis.empty() ? "" : ", ") + abi;
    return "has native code only for " + abis;
  }
  return std::nullopt;
}

bool SignedByLineageOf(const Package& package, const Sha256& certificate) {
  if (package.signer_sha256 == certificate) return true;
  const std::vector<Sha256>& lineage = package.signer_lineage;
  return std::find(lineage.begin(), lineage.end(), certificate) != lineage.end();
}

bool SameSignerLineage(const Package& a, const Package& b) {
  return SignedByLineageOf(a, b.signer_sha256) || SignedByLineageOf(b, a.signer_sha256);
}

}  // namespace appvault
