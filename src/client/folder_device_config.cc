// FolderDevice: an app's configuration as a bundle, out (PackConfig) and in (ReplaceConfig).
#include "client/config_bundle.h"
#include "client/device_lock.h"
#include "client/file_util.h"
#include "client/folder_device.h"
#include "client/folder_transaction.h"

namespace appvault::client {
namespace {

Status NotInstalled(const AppId& app) {
  return Status(StatusCode::kNotFound, app.str() + " is not installed");
}

}  // namespace

Status FolderDevice::ReplaceConfig(const AppId& app, const std::string& bundle_path) {
  Result<DeviceLock> lock = LockForChange(layout_.root());
  if (!lock.ok()) return lock.status();
  if (KindOf(layout_.App(app)) != PathKind::kDirectory) return NotInstalled(app);
  Result<FolderTransaction> txn = FolderTransaction::Begin(layout_.root(), options_.fault);
  if (!txn.ok()) return txn.status();
  // Without a data folder, the whole data/<app> is staged: nothing is created before commit.
  const bool has_data = KindOf(layout_.AppData(app)) == PathKind::kDirectory;
  std::string config;
  Status status;
  if (has_data) {
    config = txn->AddStep(DeviceLayout::ConfigTarget(app));
  } else {
    const std::string data = txn->AddStep(DeviceLayout::DataTarget(app));
    status = MakeDirectory(data);
    config = data + "/config";
  }
  if (status.ok()) status = MakeDirectory(config);
  if (status.ok()) status = base::CheckFault(options_.fault, "config:extract");
  if (status.ok()) status = ExtractConfigBundle(bundle_path, config, options_.config_limits);
  if (status.ok()) status = base::CheckFault(options_.fault, "config:staged");
  if (status.ok()) status = txn->Commit();
  return status;
}

Result<ConfigBundleInfo> FolderDevice::PackConfig(const AppId& app,
                                                  const std::string& out_path) const {
  Result<DeviceLock> lock = DeviceLock::Acquire(layout_.Lock(), DeviceLock::Mode::kShared);
  if (!lock.ok()) return lock.status();
  if (KindOf(layout_.App(app)) != PathKind::kDirectory) return NotInstalled(app);
  return WriteConfigBundle(layout_.Config(app), out_path, options_.config_limits);
}

}  // namespace appvault::client
