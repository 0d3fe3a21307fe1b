// InspectPackage: the library's gatekeeper in one call — reads a package file as the
// library does at publish time and returns its facts, or the refusal. Used by
// `appvaultd inspect` and by publishing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/app_id.h"
#include "core/sha256.h"
#include "core/status.h"
#include "core/version.h"
#include "pkg/split_config.h"

namespace appvault::pkg {

struct PackageFacts {
  Platform platform = Platform::kAndroid;
  AppId app = *AppId::Parse("unset");
  Version version = Version::Android(0);  // Android versionCode / iOS CFBundleVersion
  std::string version_name;               // versionName / CFBundleShortVersionString
  // Application label / display name, "" if none. An Android label given as a resource
  // (@string/app_name) is resolved from resources.arsc for InspectOptions::locale, as
  // `aapt dump badging` prints application-label; labels holds it for every locale the
  // table defines (application-label-<locale>).
  std::string label;
  std::map<std::string, std::string> labels;
  std::optional<std::uint32_t> label_ref;  // the resource id, when the label is one
  std::optional<Version> min_os;           // minSdkVersion / MinimumOSVersion
  std::optional<Version> max_os;           // maxSdkVersion; never set for iOS
  std::vector<std::string> abis;           // native-code ABIs; empty = none
  std::vector<std::string> schemes;        // verified signature schemes ("v1","v2","v3")
  std::optional<Sha256> signer_sha256;     // signing certificate; absent for iOS (not verified)
  std::string signer_subject;
  // The signer's verified APK v3 proof-of-rotation, oldest first, ending with signer_sha256;
  // empty without one.
  std::vector<Sha256> signer_lineage;
  Sha256 sha256;  // of the whole file
  std::uint64_t size = 0;
  // Split APKs (CONTRACT §7); empty / false for a base or a single APK. split is the
  // manifest's split name, config_for_split its configForSplit (the feature split a
  // configuration split serves; "" = the base), serves what a configuration split (any
  // split but a feature split) serves.
  std::string split;
  std::string config_for_split;
  bool is_feature_split = false;
  std::vector<std::string> required_split_types;
  std::vector<std::string> split_types;
  std::optional<SplitServes> serves;
};

struct InspectOptions {
  // The file's SHA-256 when the caller hashed these very bytes itself (publishing: the upload
  // is hashed as it arrives): reported as PackageFacts::sha256 and not computed again, which saves
  // one of the two passes over an APK. Every signature is still verified. Nothing checks it:
  // pass only a hash of this file, taken by code that has kept the file to itself since.
  std::optional<Sha256> known_sha256;
  // With known_sha256: the CHUNKED_SHA256 digests of the file's whole 1 MiB chunks, taken
  // the same way (pkg/content_digest.h, ChunkSha256Collector). The v2/v3 content digests are
  // then checked without reading those chunks again. Same trust: pass only digests of this
  // file's bytes, taken by code that has kept the file to itself since.
  std::vector<Sha256> known_chunk_sha256;
  // The device locale the label is resolved for ("fr-FR", "fr"); "" = the default
  // configuration.
  std::string locale;
};

// Reads the package at path: an APK (it has AndroidManifest.xml) or an IPA (it has
// Payload/<Name>.app/). APKs: manifest, native ABIs, every signature scheme verified, file
// hash in the same read pass; a label given as a resource, and a split's resource
// configurations, from resources.arsc (read only then). IPAs: Info.plist; the signature is not
// verified yet, so integrity rests on the file hash alone. Refusals: kInvalidPackage (not a zip,
// unsafe or corrupt zip, neither an APK nor an IPA, bad manifest, resources.arsc or Info.plist, an
// ABI split without its ABI's native code), kUnsigned and
// kBadSignature (APK signatures). Other errors: kNotFound, kUnavailable.
// Thread-safety: reentrant.
Result<PackageFacts> InspectPackage(const std::string& path, const InspectOptions& options = {});

}  // namespace appvault::pkg
