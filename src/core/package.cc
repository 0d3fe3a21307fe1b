#include "core/package.h"

#include <algorithm>
#include <array>

#include "core/split_choice.h"

namespace appvault {
namespace {

constexpr std::array<std::pair<SplitKind, std::string_view>, 5> kSplitKinds = {{
    {SplitKind::kAbi, "abi"},
    {SplitKind::kDensity, "density"},
    {SplitKind::kLanguage, "language"},
    {SplitKind::kFeature, "feature"},
    {SplitKind::kOther, "other"},
}};

// The base's ABIs and those of the ABI splits that serve the base.
std::vector<std::string> AbisOf(const Package& package) {
  std::vector<std::string> abis = package.abis;
  for (const SplitMember& split : package.splits) {
    if (split.kind == SplitKind::kAbi && split.config_for.empty()) abis.push_back(split.abi);
  }
  return abis;
}

}  // namespace

std::string_view SplitKindName(SplitKind kind) {
  for (const auto& [k, name] : kSplitKinds) {
    if (k == kind) return name;
  }
  return "other";
}

std::optional<SplitKind> ParseSplitKind(std::string_view name) {
  for (const auto& [kind, n] : kSplitKinds) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

std::optional<std::size_t> AbiRank(const Package& package, const DeviceProfile& device) {
  const std::vector<std::string> abis = AbisOf(package);
  if (abis.empty()) return device.abis.size();
  for (std::size_t i = 0; i < device.abis.size(); ++i) {
    if (std::find(abis.begin(), abis.end(), device.abis[i]) != abis.end()) return i;
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
  if (!package.splits.empty()) {
    Result<SplitChoice> choice = ChooseSplits(package, device);
    if (!choice.ok()) {
      return "is an app set that cannot be completed for it: " + choice.status().message();
    }
  }
  if (!AbiRank(package, device)) {
    std::string abis;
    for (const std::string& abi : AbisOf(package))
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
