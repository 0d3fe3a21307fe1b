// The facts the library reads from an iOS app archive (IPA): the Info.plist of the single
// Payload/<Name>.app bundle.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "pkg/zip.h"

namespace appvault::pkg {

// Largest Info.plist read, inflated (documented in docs/packages.md).
inline constexpr std::uint64_t kMaxInfoPlistBytes = 4u << 20;

struct IpaInfo {
  std::string app_folder;      // "Payload/<Name>.app/"
  std::string bundle_id;       // CFBundleIdentifier, a valid iOS bundle id (AppId::ParseFor)
  std::string bundle_version;  // CFBundleVersion, a valid iOS version (Version::Parse)
  std::string short_version;   // CFBundleShortVersionString; "" when absent
  std::string minimum_os;      // MinimumOSVersion, a valid iOS version; "" when absent
  std::string display_name;    // CFBundleDisplayName, else CFBundleName, else ""
};

// "Payload/<Name>.app/": the one .app folder directly under Payload/. Errors:
// kInvalidPackage when there is none or more than one. Thread-safety: a pure function.
Result<std::string> FindIpaAppFolder(const std::vector<ZipEntry>& entries);

// The facts of an Info.plist, XML or binary (app_folder left empty). Errors:
// kInvalidPackage — not a property list, root not a dictionary, CFBundleIdentifier or
// CFBundleVersion missing or invalid, MinimumOSVersion invalid, a key of the wrong type.
// Thread-safety: a pure function.
Result<IpaInfo> ParseInfoPlist(std::string_view bytes);

// FindIpaAppFolder, then ParseInfoPlist on <folder>Info.plist (at most kMaxInfoPlistBytes).
// Errors: kInvalidPackage (as above, or Info.plist missing, too large, corrupt),
// kUnavailable (I/O). Thread-safety: as ZipArchive::ReadEntry.
Result<IpaInfo> ReadIpa(const ZipArchive& ipa);

}  // namespace appvault::pkg
