// Reading a phone over adb: its profile (getprop, wm density), its user-installed apps
// (pm list packages -3) and an app's members (pm path), each through one AdbRunner call with
// the output parsed strictly. The Device backend for phones (issue 17) builds on this.
#pragma once

#include <string>
#include <vector>

#include "client/adb/adb_parse.h"
#include "client/adb/adb_runner.h"
#include "core/status.h"

namespace appvault::client::adb {

struct PhoneProfile {
  int sdk = 0;                       // ro.build.version.sdk
  std::vector<std::string> abis;     // ro.product.cpu.abilist, most preferred first
  int density = 0;                   // wm density (the override when one is set)
  std::vector<std::string> locales;  // persist.sys.locale, else ro.product.locale
  std::string model;                 // ro.product.model
};

// Thread-safety: as AdbRunner.
class AdbPhone {
 public:
  explicit AdbPhone(AdbRunner runner) : runner_(std::move(runner)) {}

  // Errors: kUnavailable naming the command (adb failed, the phone's command failed, or its
  // output does not parse).
  Result<PhoneProfile> ReadProfile() const;
  // `pm list packages -3 --show-versioncode -U -f`, sorted by package. Errors: as ReadProfile.
  Result<std::vector<ListedPackage>> UserPackages() const;
  // `pm path PKG`: the base APK first, then the splits. Errors: kNotFound when the phone has
  // no such package; otherwise as ReadProfile.
  Result<std::vector<std::string>> PackagePaths(const std::string& package) const;

 private:
  // Runs argv on the phone; its stdout when it exited 0. Errors: kUnavailable naming the
  // command with what it printed.
  Result<std::string> Output(const std::vector<std::string>& argv) const;
  Result<std::string> Property(const std::string& name) const;

  AdbRunner runner_;
};

}  // namespace appvault::client::adb
