// DeviceLayout: the paths of a device kept in a folder (CONTRACT §3).
//   DIR/device.json, DIR/apps/<app>/package.apk|.ipa, DIR/apps/<app>/install.json,
//   DIR/data/<app>/config/, DIR/.appvault/ (lock, tmp/ for transactions).
#pragma once

#include <string>

#include "core/app_id.h"
#include "core/version.h"

namespace appvault::client {

class DeviceLayout {
 public:
  explicit DeviceLayout(std::string root) : root_(std::move(root)) {}

  const std::string& root() const { return root_; }
  std::string DeviceJson() const { return root_ + "/device.json"; }
  std::string Apps() const { return root_ + "/apps"; }
  std::string Data() const { return root_ + "/data"; }
  std::string State() const { return root_ + "/.appvault"; }
  std::string Tmp() const { return State() + "/tmp"; }
  std::string Lock() const { return State() + "/lock"; }

  // Relative to the root, as FolderTransaction targets.
  static std::string AppTarget(const AppId& app) { return "apps/" + app.str(); }
  static std::string DataTarget(const AppId& app) { return "data/" + app.str(); }
  static std::string ConfigTarget(const AppId& app) { return DataTarget(app) + "/config"; }

  std::string App(const AppId& app) const { return root_ + "/" + AppTarget(app); }
  std::string AppData(const AppId& app) const { return root_ + "/" + DataTarget(app); }
  std::string Config(const AppId& app) const { return root_ + "/" + ConfigTarget(app); }

  // "package.apk" / "package.ipa".
  static std::string PackageName(Platform platform) {
    return platform == Platform::kAndroid ? "package.apk" : "package.ipa";
  }
  // "split_<name>.apk": an app set's split APK beside its base (CONTRACT §7). The name is a
  // valid split name (dot-separated Java identifiers: pkg's manifest reader refuses others).
  static std::string SplitName(const std::string& split) { return "split_" + split + ".apk"; }
  static constexpr const char* kInstallJson = "install.json";

 private:
  std::string root_;
};

}  // namespace appvault::client
