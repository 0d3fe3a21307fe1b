// API level ranges: the Android versions a package claims to run on, and the levels on which
// a signature algorithm verifies.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace appvault::pkg {

// "Every newer API level": an open upper end.
inline constexpr int kAnyNewerSdk = 0x7fffffff;

// The API levels [min, max], both inclusive.
struct SdkRange {
  int min = 1;
  int max = kAnyNewerSdk;

  bool Contains(int level) const { return min <= level && level <= max; }
};

// The levels of wanted that none of supported contains, as ranges, ascending.
std::vector<SdkRange> LevelsNotIn(const SdkRange& wanted, const std::vector<SdkRange>& supported);

// Ranges as apksigner writes them: "14-17", "9", "21+", joined by ", ".
std::string FormatLevels(const std::vector<SdkRange>& ranges);

}  // namespace appvault::pkg
