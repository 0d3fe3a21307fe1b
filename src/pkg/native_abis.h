// The native-code ABIs an APK ships, from its entry names.
#pragma once

#include <string>
#include <vector>

#include "pkg/zip.h"

namespace appvault::pkg {

// The <abi> of every entry named lib/<abi>/<file>.so (one folder level, as the package
// manager extracts them), sorted and without repeats; empty when the APK has no native code.
// Thread-safety: a pure function.
std::vector<std::string> NativeAbis(const std::vector<ZipEntry>& entries);

}  // namespace appvault::pkg
