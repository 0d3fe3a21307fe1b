// Software and Package: the library's entries. A Software is one app as users know it
// (possibly published for several platforms); a Package is one install file of it, with the
// facts read from the file itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_id.h"
#include "core/device.h"
#include "core/sha256.h"
#include "core/version.h"

namespace appvault {

struct Software {
  std::string id;  // stable, chosen at first publish
  std::string name;
  std::string publisher;
  std::string category;  // "" when uncategorised: such software has no related software
  std::string description;
  std::int64_t votes = 0;
};

// What a split APK of an app set is (CONTRACT §7): a configuration split for one ABI, screen
// density or language, a feature split, or a configuration split of a kind not known here.
enum class SplitKind { kAbi, kDensity, kLanguage, kFeature, kOther };

// The wire name: "abi", "density", "language", "feature", "other"; and back (nullopt for
// any other text).
std::string_view SplitKindName(SplitKind kind);
std::optional<SplitKind> ParseSplitKind(std::string_view name);

// One split APK of a set, with the facts the split choice needs.
struct SplitMember {
  std::string name;  // the manifest's split name: "config.arm64_v8a", "camera"
  Sha256 sha256;     // content address of the split's file
  std::uint64_t size = 0;
  SplitKind kind = SplitKind::kOther;
  std::string config_for;         // the feature split a configuration split serves; "" = the base
  std::string abi;                // kAbi: "arm64-v8a"
  int density = 0;                // kDensity: dpi
  std::string locale;             // kLanguage: "fr", "pt-BR"
  std::vector<std::string> abis;  // the split's own native-code ABIs (lib/)
  std::vector<std::string> required_split_types;
  std::vector<std::string> split_types;
  bool operator==(const SplitMember&) const = default;
};

struct Package {
  Sha256 sha256;  // content address of the file
  std::uint64_t size = 0;
  std::string software_id;
  Platform platform = Platform::kAndroid;
  AppId app = *AppId::Parse("unset");
  Version version = Version::Android(0);  // Android versionCode / iOS CFBundleVersion
  std::string version_name;
  std::optional<Version> min_os;  // inclusive bounds; absent = unbounded
  std::optional<Version> max_os;
  std::vector<std::string> abis;  // native-code ABIs; empty = no native code, fits any ABI
  Sha256 signer_sha256;           // signing certificate fingerprint (zero for unsigned iOS)
  // The certificates of the signer's verified APK v3 proof-of-rotation, oldest first, ending
  // with signer_sha256; empty when the package carries none.
  std::vector<Sha256> signer_lineage;
  // An app set (CONTRACT §7): the fields above are the base APK's, splits its split APKs in
  // ascending name; empty for a single APK. The base's own requiredSplitTypes/splitTypes.
  std::vector<SplitMember> splits;
  std::vector<std::string> required_split_types;
  std::vector<std::string> split_types;
};

// Whether the package is signed by `certificate` or by a certificate whose verified v3
// rotation proof descends from it (CONTRACT §4 rule 5).
bool SignedByLineageOf(const Package& package, const Sha256& certificate);

// Whether two packages' signers are of one lineage: the same certificate, or one's
// certificate is in the other's rotation proof (CONTRACT §4 rule 7).
bool SameSignerLineage(const Package& a, const Package& b);

// Why the package cannot be installed on the device ("needs android API 26 or newer"), or
// nullopt when it fits: same platform, min_os <= os <= max_os, when it has native code one
// of the device's ABIs, and for an app set a split choice that completes it for the device
// (core/split_choice.h).
std::optional<std::string> FitProblem(const Package& package, const DeviceProfile& device);
inline bool Fits(const Package& package, const DeviceProfile& device) {
  return !FitProblem(package, device).has_value();
}

// The index in device.abis of the most preferred device ABI the package supports (for a set:
// the base's ABIs and those of its ABI splits for the base); device.abis.size() for a package
// without native code (it runs, but a package built for the device's ABI is preferred);
// nullopt when it supports none of them.
std::optional<std::size_t> AbiRank(const Package& package, const DeviceProfile& device);

}  // namespace appvault
