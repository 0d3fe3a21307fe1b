// FolderDevice: creating and opening a device folder (folder_device.h).
#include "client/folder_device.h"

#include "base/file_util.h"
#include "client/config_tree.h"
#include "client/device_json.h"
#include "client/file_util.h"
#include "client/folder_transaction.h"

namespace appvault::client {
namespace {

constexpr std::uint64_t kMaxDeviceJsonBytes = 64 << 10;

// Ok when dir may become a device: missing, or holding nothing but empty folders.
Status CheckInitTarget(const DeviceLayout& layout) {
  const std::string& dir = layout.root();
  PathKind kind = KindOf(dir);
  if (kind == PathKind::kMissing) return Status::Ok();
  if (kind != PathKind::kDirectory) {
    return Status(StatusCode::kConflict, dir + " exists and is not a folder");
  }
  if (KindOf(layout.DeviceJson()) != PathKind::kMissing) {
    return Status(StatusCode::kConflict, dir + " already holds a device (device.json)");
  }
  ConfigLimits unbounded{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX};
  Result<std::vector<ConfigTreeEntry>> entries = ListConfigTree(dir, unbounded);
  bool only_folders = entries.ok();
  for (const ConfigTreeEntry& entry : entries.ok() ? *entries : std::vector<ConfigTreeEntry>{}) {
    only_folders = only_folders && entry.folder;
  }
  if (!only_folders) return Status(StatusCode::kConflict, dir + " is not empty");
  return Status::Ok();
}

// The folders and files of an empty device; device.json, written last, makes it one.
Status CreateLayout(const DeviceLayout& layout, const DeviceRecord& record) {
  for (const std::string& folder : {layout.Apps(), layout.Data(), layout.Tmp()}) {
    Status made = base::MakeDirectories(folder);
    if (!made.ok()) return made;
  }
  if (KindOf(layout.Lock()) == PathKind::kMissing) {
    Status lock = WriteNewFile(layout.Lock(), "");
    if (!lock.ok()) return lock;
  }
  for (const std::string& folder : {layout.State(), layout.root()}) {
    Status synced = base::SyncDirectory(folder);
    if (!synced.ok()) return synced;
  }
  Status written = ReplaceFileAtomically(layout.DeviceJson(), DeviceRecordJson(record));
  if (!written.ok()) return written;
  return base::SyncDirectory(ParentOf(layout.root()));
}

}  // namespace

Result<std::unique_ptr<FolderDevice>> FolderDevice::Init(const std::string& dir,
                                                         const std::string& name,
                                                         const DeviceProfile& profile,
                                                         FolderDeviceOptions options) {
  Status valid = ValidateDeviceName(name);
  if (valid.ok()) valid = profile.Validate();
  if (!valid.ok()) return valid;
  const DeviceLayout layout(dir);
  Status vacant = CheckInitTarget(layout);
  if (!vacant.ok()) return vacant;
  Status created = CreateLayout(layout, DeviceRecord{name, profile});
  if (!created.ok()) return created;
  return Open(dir, std::move(options));
}

Result<std::unique_ptr<FolderDevice>> FolderDevice::Open(const std::string& dir,
                                                         FolderDeviceOptions options) {
  DeviceLayout layout(dir);
  Result<std::string> text = ReadSmallFile(layout.DeviceJson(), kMaxDeviceJsonBytes);
  if (text.status().code() == StatusCode::kNotFound) {
    return Status(StatusCode::kNotFound, "no device in " + dir + " (no device.json)");
  }
  if (!text.ok()) return text.status();
  Result<DeviceRecord> record = ParseDeviceRecord(*text);
  if (!record.ok()) {
    return Status(record.status().code(), dir + "/" + record.status().message());
  }
  Result<std::vector<std::string>> pending = ListDirectory(layout.Tmp());
  if (pending.ok() && !pending->empty()) {
    Result<DeviceLock> recovered = LockForChange(dir);  // released at once
    if (!recovered.ok()) return recovered.status();
  }
  return std::unique_ptr<FolderDevice>(
      new FolderDevice(std::move(layout), record->name, record->profile, std::move(options)));
}

std::chrono::system_clock::time_point FolderDevice::Now() const {
  return options_.clock ? options_.clock() : std::chrono::system_clock::now();
}

}  // namespace appvault::client
