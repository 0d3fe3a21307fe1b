// What a configuration split APK serves — an ABI, a screen density or a locale — from its
// split name ("config.arm64_v8a", "config.xxhdpi", "config.fr") and its contents (lib/<abi>/,
// the configurations of its resources.arsc).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "pkg/res_table.h"

namespace appvault::pkg {

struct SplitServes {
  std::string abi;     // "arm64-v8a"; "" when not an ABI split
  int density = 0;     // dpi, e.g. 480 for xxhdpi; 0 when not a density split
  std::string locale;  // "fr", "pt-BR"; "" when not a language split
  bool operator==(const SplitServes&) const = default;
};

// The density a name such as "xxhdpi", "hdpi" or "280dpi" stands for; nullopt otherwise.
std::optional<int> DensityFromName(std::string_view name);
// The density's bucket name as Android writes it ("xxhdpi"), or "<dpi>dpi" between buckets.
std::string DensityName(int dpi);

// What the configuration split named split serves, given its ABIs (from lib/) and its
// resource configurations (nullptr: no resources.arsc). The name decides the kind
// ("config.<abi with _ for ->", "config.<density>", "config.<language>[_<REGION>]"); a name
// of no known kind falls back to the contents: one ABI in lib/, else one density, else one
// locale. Errors: kInvalidPackage when an ABI split's lib/ lacks the ABI its name names (a
// device of that ABI would get no native code) or holds others too.
Result<SplitServes> ServedBySplit(std::string_view split, const std::vector<std::string>& abis,
                                  const std::vector<ResConfig>* configs);

}  // namespace appvault::pkg
