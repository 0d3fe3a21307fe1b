// Software and Package: the library's entries. A Software is one app as users know it
// (possibly published for several platforms); a Package is one install file of it, with the
// facts read from the file itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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
};

// Whether the package is signed by `certificate` or by a certificate whose verified v3
// rotation proof descends from it (CONTRACT §4 rule 5).
bool SignedByLineageOf(const Package& package, const Sha256& certificate);

// Whether two packages' signers are of one lineage: the same certificate, or one's
// certificate is in the other's rotation proof (CONTRACT §4 rule 7).
bool SameSignerLineage(const Package& a, const Package& b);

// Why the package cannot be installed on the device ("needs android API 26 or newer"), or
// nullopt when it fits: same platform, min_os <= os <= max_os, and — when it has native
// code — one of the device's ABIs.
std::optional<std::string> FitProblem(const Package& package, const DeviceProfile& device);
inline bool Fits(const Package& package, const DeviceProfile& device) {
  return !FitProblem(package, device).has_value();
}

// The index in device.abis of the most preferred device ABI the package supports;
// device.abis.size() for a package without native code (it runs, but a package built for
// the device's ABI is preferred); nullopt when it supports none of them.
std::optional<std::size_t> AbiRank(const Package& package, const DeviceProfile& device);

}  // namespace appvault
