// Writing an `.apks` file (CONTRACT §7): a zip of APK files, each stored (not compressed —
// an APK is compressed already and its signatures cover its bytes as they are), as
// `appvault publish BASE.apk SPLIT.apk…` sends a set to the server.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace appvault::pkg {

// One file to put in the archive under entry_name.
struct ApksEntry {
  std::string entry_name;  // "base.apk", "split_config.fr.apk"; no '/', no ".."
  std::string path;        // the file to copy
};

// Writes the zip to out_path (created or truncated; on error it may be left incomplete,
// the caller removes it), entries in the given order, each stored with its CRC-32.
// Errors: kInvalidArgument (no entry, a name empty, with '/' or "..", or twice; a file of
// 4 GiB or more, or more than 65535 entries: zip64 is not written), kNotFound / kUnavailable
// (a file cannot be read, the archive cannot be written).
Status WriteApks(const std::string& out_path, const std::vector<ApksEntry>& entries);

}  // namespace appvault::pkg
