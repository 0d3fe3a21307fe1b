// `appvaultd inspect FILE… [--json] [--locale L]`: reads one package file as the library
// would at publish time and prints its facts or the refusal (CONTRACT §1, §7); several APK
// files, or one `.apks` zip, are read as an app set: every member, then the set checked.
#pragma once

#include <string>
#include <vector>

namespace appvault::cli {

struct InspectOptions {
  std::vector<std::string> files;
  bool json = false;
  std::string locale;  // the label for this locale; "" = the default configuration
};

// Prints the facts (text, or one JSON object with --json; a set: {"accepted":true,
// "set":true,"base":{…},"splits":[{…}…]}) to stdout. Returns kExitOk when
// the package is accepted, kExitFailure when it is refused or cannot be read (the refusal
// is printed on stdout too, as {"accepted":false,"code":…,"reason":…} with --json).
int RunInspect(const InspectOptions& options);

}  // namespace appvault::cli
