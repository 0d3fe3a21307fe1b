#include "pkg/native_abis.h"

#include <algorithm>
#include <string_view>

namespace appvault::pkg {
namespace {

constexpr std::string_view kLibPrefix = "lib/";
constexpr std::string_view kSharedObjectSuffix = ".so";

// The ABI of a lib/<abi>/<file>.so name, or "" for any other name.
std::string_view AbiOf(std::string_view name) {
  if (!name.starts_with(kLibPrefix)) return {};
  name.remove_prefix(kLibPrefix.size());
  const std::size_t slash = name.find('/');
  if (slash == 0 || slash == std::string_view::npos) return {};
  const std::string_view file = name.substr(slash + 1);
  if (file.find('/') != std::string_view::npos || file.size() <= kSharedObjectSuffix.size() ||
      !file.ends_with(kSharedObjectSuffix)) {
    return {};
  }
  return name.substr(0, slash);
}

}  // namespace

std::vector<std::string> NativeAbis(const std::vector<ZipEntry>& entries) {
  std::vector<std::string> abis;
  for (const ZipEntry& entry : entries) {
    const std::string_view abi = AbiOf(entry.name);
    if (!abi.empty()) abis.emplace_back(abi);
  }
  std::sort(abis.begin(), abis.end());
  abis.erase(std::unique(abis.begin(), abis.end()), abis.end());
  return abis;
}

}  // namespace appvault::pkg
