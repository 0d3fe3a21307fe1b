// `appvaultd inspect FILE [--json]`: reads one package file as the library would at publish
// time and prints its facts or the refusal (CONTRACT §1).
#pragma once

#include <string>

namespace appvault::cli {

struct InspectOptions {
  std::string file;
  bool json = false;
};

// Prints the facts (text, or one JSON object with --json) to stdout. Returns kExitOk when
// the package is accepted, kExitFailure when it is refused or cannot be read (the refusal
// is printed on stdout too, as {"accepted":false,"code":…,"reason":…} with --json).
int RunInspect(const InspectOptions& options);

}  // namespace appvault::cli
