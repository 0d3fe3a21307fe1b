#include "pkg/sdk_range.h"

#include <algorithm>

namespace appvault::pkg {

std::vector<SdkRange> LevelsNotIn(const SdkRange& wanted, const std::vector<SdkRange>& supported) {
  std::vector<SdkRange> sorted = supported;
  std::sort(sorted.begin(), sorted.end(),
            [](const SdkRange& a, const SdkRange& b) { return a.min < b.min; });
  std::vector<SdkRange> out;
  std::int64_t next = wanted.min;  // the lowest level not yet accounted for
  for (const SdkRange& r : sorted) {
    if (next > wanted.max) break;
    if (r.max < next) continue;
    if (r.min > next) out.push_back({static_cast<int>(next), std::min(r.min - 1, wanted.max)});
    next = static_cast<std::int64_t>(r.max) + 1;
  }
  if (next <= wanted.max) out.push_back({static_cast<int>(next), wanted.max});
  return out;
}

std::string FormatLevels(const std::vector<SdkRange>& ranges) {
  std::string out;
  for (const SdkRange& r : ranges) {
    if (!out.empty()) out += ", ";
    if (r.min == r.max) {
      out += std::to_string(r.min);
    } else if (r.max == kAnyNewerSdk) {
      out += std::to_string(r.min) + "+";
    } else {
      out += std::to_string(r.min) + "-" + std::to_string(r.max);
    }
  }
  return out;
}

}  // namespace appvault::pkg
