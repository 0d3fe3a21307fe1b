// The emulated phone's identity and its installed packages, kept in the --state folder
// (phone.json, packages.json) so that a stopped emulator starts again as the same phone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace appvault::phone {

struct Profile {
  int sdk = 34;  // Android 14
  std::vector<std::string> abis = {"arm64-v8a", "armeabi-v7a", "armeabi"};
  int density = 420;
  std::vector<std::string> locales = {"en-US"};
  std::string model = "Pixel 8";
  bool root = false;
  std::uint64_t storage_bytes = 0;  // what /data may hold; 0: unlimited
};

// One installed package: its members live in code_dir (base.apk, split_NAME.apk).
struct InstalledPackage {
  std::string name;
  int uid = 0;
  std::int64_t version_code = 0;
  std::string version_name;
  std::string code_dir;             // /data/app/~~R==/PKG-R==
  std::vector<std::string> splits;  // split names, sorted
  bool debuggable = false;
  std::string signer_sha256;
  std::int64_t min_sdk = 1;
};

struct PhoneState {
  Profile profile;
  std::map<std::string, InstalledPackage> packages;
  int next_uid = 10100;
};

// Loads STATE/phone.json and STATE/packages.json; a new folder gives a fresh phone with
// the default profile. Errors: kInvalidArgument naming a file that does not parse.
Result<PhoneState> LoadPhoneState(const std::string& state_dir);
// Writes both files atomically. Errors: kUnavailable.
Status SavePhoneState(const std::string& state_dir, const PhoneState& state);

// The file name of a member in code_dir: "base.apk" or "split_NAME.apk".
std::string MemberFileName(const std::string& split);

}  // namespace appvault::phone
