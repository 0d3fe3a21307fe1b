// FolderDevice: a device kept in a folder, laid out as CONTRACT §3 describes (see
// device_layout.h), with the install rules of a phone's package manager. Every change is a
// FolderTransaction: a failure leaves the device as it was, a crash leaves it old or new.
// Behaviour, rules and limits: docs/client.md.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/fault_hook.h"
#include "client/config_limits.h"
#include "client/device.h"
#include "client/device_layout.h"

namespace appvault::client {

class FolderTransaction;

// The most packages one FolderTransaction of InstallInspectedAll installs.
inline constexpr std::size_t kMaxInstallGroup = 16;

struct FolderDeviceOptions {
  ConfigLimits config_limits;
  // The time written to install.json; the system clock when empty.
  std::function<std::chrono::system_clock::time_point()> clock;
  // Tests: called at the named points of Install and ReplaceConfig (docs/client.md).
  base::FaultHook fault;
};

// Thread-safety: as Device. Several processes may share a device folder: changes take an
// exclusive flock on DIR/.appvault/lock, reads a shared one.
class FolderDevice final : public Device {
 public:
  // Creates a device in dir: dir must not exist, or hold nothing but empty folders.
  // Errors: kInvalidArgument (name or profile invalid, nothing is created), kConflict (dir
  // is already a device, or holds files), kUnavailable (I/O).
  static Result<std::unique_ptr<FolderDevice>> Init(const std::string& dir, const std::string& name,
                                                    const DeviceProfile& profile,
                                                    FolderDeviceOptions options = {});
  // Opens the device in dir, first completing any change a crashed process left behind.
  // Errors: kNotFound (no device.json), kInvalidArgument (device.json invalid), kDataLoss
  // (a change that cannot be completed), kUnavailable (I/O).
  static Result<std::unique_ptr<FolderDevice>> Open(const std::string& dir,
                                                    FolderDeviceOptions options = {});

  const std::string& Name() const override { return name_; }
  const DeviceProfile& Profile() const override { return profile_; }
  std::string StateDirectory() const override { return layout_.State(); }
  const DeviceLayout& layout() const { return layout_; }

  Result<std::vector<InstalledApp>> InstalledApps() const override;
  Result<InstallResult> Install(const std::string& package_path) override;
  Result<InstallResult> InstallSet(const std::vector<std::string>& paths) override;
  Result<InstallResult> InstallInspected(const InspectedPackage& package) override;
  // Packages of different apps take effect in one FolderTransaction (docs/client.md: at most
  // kMaxInstallGroup at once); a package whose app an earlier one of the call installs starts
  // the next transaction, so that it is decided over the earlier one's install.
  std::vector<Result<InstallResult>> InstallInspectedAll(
      const std::vector<InspectedPackage>& packages) override;
  Status ReplaceConfig(const AppId& app, const std::string& bundle_path) override;
  Result<ConfigBundleInfo> PackConfig(const AppId& app, const std::string& out_path) const override;

 private:
  FolderDevice(DeviceLayout layout, std::string name, DeviceProfile profile,
               FolderDeviceOptions options)
      : layout_(std::move(layout)),
        name_(std::move(name)),
        profile_(std::move(profile)),
        options_(std::move(options)) {}

  // The app as installed, checked against its package; nullopt when not installed.
  std::optional<InstalledApp> ReadApp(const AppId& app) const;
  std::chrono::system_clock::time_point Now() const;
  // Puts a package at the scratch path it is given and returns its facts; the rest of the
  // install works on that staged copy.
  using Stager = std::function<Result<pkg::PackageFacts>(const std::string&)>;
  // An app to install: how each of its APKs (one package, or the members of an app set in
  // any order) is staged, and the configuration bundle to install with it ("" for none; see
  // InspectedPackage::config_bundle).
  struct ToStage {
    std::vector<Stager> members;
    std::string config_bundle;
  };
  // How one file of an InspectedPackage is staged: moved or copied with its facts when it is
  // in StateDirectory(), else copied and read again (no trust).
  Stager Member(const std::string& path, const pkg::PackageFacts& facts, bool may_move) const;
  // The installs of the packages, all in one transaction: a result each, in order. A
  // package whose app another of the same call installs is refused (kConflict): the caller
  // gives each app once.
  std::vector<Result<InstallResult>> InstallTogether(const std::vector<ToStage>& packages);
  // One package of InstallTogether staged in txn (the index names its scratch files).
  Result<InstallResult> StageOne(FolderTransaction& txn, const ToStage& what, std::size_t index,
                                 const std::vector<AppId>& staged_apps);

  DeviceLayout layout_;
  std::string name_;
  DeviceProfile profile_;
  FolderDeviceOptions options_;
};

}  // namespace appvault::client
