// Reading an app set from files: several APK files, or one `.apks` zip (bundletool's
// build-apks, SAI) whose members are recognised by their own manifests.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/status.h"
#include "pkg/apk_set.h"
#include "pkg/inspect.h"

namespace appvault::pkg {

// Limits, documented in docs/packages.md.
struct ApkSetReadOptions {
  std::size_t max_members = 200;  // APKs in one set
  // Where the members of an `.apks` are unpacked (one at a time, each removed after its
  // inspection); "" = the system's temporary folder.
  std::string temp_dir;
  InspectOptions inspect;  // for every member
};

// Whether the file is a zip holding AndroidManifest.xml (an APK, not yet verified).
bool IsApkFile(const std::string& path);

// Whether the file is a zip that is neither an APK nor an IPA (no AndroidManifest.xml, no
// Payload/ folder): what an `.apks` app set looks like before its members are read.
bool LooksLikeApks(const std::string& path);

// InspectPackage on every file, then ValidateApkSet, then ApkSet::labels from the language
// splits. Errors: the first member's refusal,
// prefixed with its file name ("fr.apk: bad_signature ..." keeps its code), or the set's.
Result<ApkSet> InspectApkFiles(const std::vector<std::string>& paths,
                               const ApkSetReadOptions& options = {});

// An APK member of an `.apks` zip, unpacked: its entry name and where it now is.
struct UnpackedMember {
  std::string entry;
  std::string path;
};

// Unpacks the APK members of an `.apks` zip — every entry that is itself a zip with an
// AndroidManifest.xml, whatever its name; others are skipped, but an entry named *.apk that
// is no APK is refused — into dir (an existing folder) as member-N.apk, without inspecting
// them. Errors: kInvalidPackage (not a zip, no member, more than max_members, a member that
// is no APK), kUnavailable (I/O).
Result<std::vector<UnpackedMember>> UnpackApksArchive(const std::string& path,
                                                      const std::string& dir,
                                                      std::size_t max_members);

// The members of an `.apks` zip: every entry that is itself a zip with an
// AndroidManifest.xml, whatever its name (toc.pb and other entries are skipped; an entry
// named *.apk that is no APK is refused), each inspected as a single APK, then the set
// checked. Errors: kInvalidPackage (not a zip, no member, too many members, a member that is
// no APK), a member's refusal prefixed with its entry name, the set's refusals, kUnavailable
// (temporary folder or I/O).
Result<ApkSet> InspectApksArchive(const std::string& path, const ApkSetReadOptions& options = {});

}  // namespace appvault::pkg
