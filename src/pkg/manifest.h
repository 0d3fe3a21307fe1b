// The facts the library reads from an APK's compiled AndroidManifest.xml.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "pkg/zip.h"

namespace appvault::pkg {

// Largest AndroidManifest.xml read, inflated (documented in docs/packages.md).
inline constexpr std::uint64_t kMaxManifestBytes = 8u << 20;

// android: attribute resource ids (android.R.attr), matched before names.
inline constexpr std::uint32_t kAttrLabel = 0x01010001;
inline constexpr std::uint32_t kAttrMinSdkVersion = 0x0101020c;
inline constexpr std::uint32_t kAttrVersionCode = 0x0101021b;
inline constexpr std::uint32_t kAttrVersionName = 0x0101021c;
inline constexpr std::uint32_t kAttrTargetSdkVersion = 0x01010270;
inline constexpr std::uint32_t kAttrMaxSdkVersion = 0x01010271;
inline constexpr std::uint32_t kAttrVersionCodeMajor = 0x01010576;
inline constexpr std::uint32_t kAttrIsFeatureSplit = 0x0101055b;
inline constexpr std::uint32_t kAttrRequiredSplitTypes = 0x0101064e;
inline constexpr std::uint32_t kAttrSplitTypes = 0x0101064f;

struct AndroidManifest {
  std::string package;                  // a valid Android package name (AppId::ParseFor)
  std::int64_t version_code = 0;        // (versionCodeMajor << 32) | versionCode, >= 0
  std::string version_name;             // "" when absent or a resource reference
  std::int64_t min_sdk = 1;             // <uses-sdk android:minSdkVersion>; 1 when absent
  std::int64_t target_sdk = 1;          // android:targetSdkVersion; min_sdk when absent
  std::optional<std::int64_t> max_sdk;  // android:maxSdkVersion; nullopt when absent
  std::string label;                    // <application android:label> when a plain string, else ""
  std::optional<std::uint32_t> label_ref;  // android:label as a resource reference (@string/…)
  // Split APKs: <manifest split="config.arm64_v8a"> ("" for a base), configForSplit (the
  // feature split a configuration split serves; "" = the base), android:isFeatureSplit, and
  // android:requiredSplitTypes / android:splitTypes (comma-separated lists, split up).
  std::string split;
  std::string config_for_split;
  bool is_feature_split = false;
  std::vector<std::string> required_split_types;
  std::vector<std::string> split_types;
};

// Reads the facts from compiled AndroidManifest.xml bytes. Errors: kInvalidPackage with the
// reason — not binary XML (ParseBinaryXml), root element not <manifest>, package missing
// or not a valid package name, versionCode missing, negative or a resource reference,
// versionCodeMajor negative, a split name that is not a valid name, an SDK version that is not an
// integer >= 0 (a preview codename such as "Q" included). Thread-safety: a pure function.
Result<AndroidManifest> ParseAndroidManifest(std::string_view binary_xml);

// ParseAndroidManifest on the APK's AndroidManifest.xml entry (at most kMaxManifestBytes).
// Errors: kInvalidPackage (entry missing, too large, corrupt, or the manifest refused),
// kUnavailable (I/O). Thread-safety: as ZipArchive::ReadEntry.
Result<AndroidManifest> ReadAndroidManifest(const ZipArchive& apk);

}  // namespace appvault::pkg
