// The generated configuration a package ships (CONTRACT §3): the files under
// assets/appvault/config/ in an APK, Payload/<Name>.app/appvault/config/ in an IPA.
#pragma once

#include <cstdint>
#include <string>

#include "client/config_limits.h"
#include "core/status.h"
#include "core/version.h"

namespace appvault::client {

// Writes the package's generated configuration into dest (an existing, empty folder) and
// returns how many files it holds (0: the package has none). Errors: kInvalidPackage
// naming the entry (unsafe name, repeated, over a limit; the zip's own refusals),
// kUnavailable (I/O).
Result<std::uint64_t> ExtractGeneratedConfig(const std::string& package_path, Platform platform,
                                             const std::string& dest, const ConfigLimits& limits);

}  // namespace appvault::client
