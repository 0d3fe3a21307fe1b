// What the emulated PackageManager reads from one APK of an install session: the library's
// inspection (package, versionCode, minSdk, ABIs, verified signer) and the manifest
// attributes a split set needs (split, configForSplit, isFeatureSplit, isSplitRequired,
// android:debuggable), read with the library's binary XML reader. A refusal comes back as
// the text Android 14 reports for it ("INSTALL_PARSE_FAILED_NO_CERTIFICATES: ...").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace appvault::phone {

struct ApkFacts {
  std::string package;
  std::int64_t version_code = 0;
  std::string version_name;
  std::int64_t min_sdk = 1;
  std::int64_t target_sdk = 1;
  std::vector<std::string> abis;
  std::string signer_sha256;     // hex of the verified signing certificate
  std::string split;             // "" for a base APK
  std::string config_for_split;  // the feature split a configuration split belongs to
  bool is_feature_split = false;
  bool split_required = false;  // android:isSplitRequired on <manifest> or <application>
  bool debuggable = false;      // <application android:debuggable="true">
  std::uint64_t size = 0;
};

// Reads host_path; phone_path names the file in refusal texts as Android does
// (/data/app/vmdlID.tmp/NAME). Errors: kInvalidPackage whose message is the failure text
// (INSTALL_PARSE_FAILED_NO_CERTIFICATES for an unsigned or badly signed APK,
// INSTALL_PARSE_FAILED_NOT_APK for anything the reader refuses).
Result<ApkFacts> ReadApkFacts(const std::string& host_path, const std::string& phone_path);

}  // namespace appvault::phone
