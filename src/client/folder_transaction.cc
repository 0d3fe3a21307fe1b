#include "client/folder_transaction.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/file_util.h"
#include "client/config_limits.h"
#include "client/device_layout.h"
#include "client/file_util.h"
#include "client/relative_path.h"

namespace appvault::client {
namespace {

constexpr const char* kIntentFile = "intent.json";
constexpr const char* kTransactionPrefix = "txn-";
constexpr std::uint64_t kMaxIntentBytes = 64 << 10;

std::string TmpDir(const std::string& device_dir) {
  return DeviceLayout(device_dir).Tmp();
}

std::string NewPath(const std::string& folder, std::size_t step) {
  return folder + "/new-" + std::to_string(step);
}

std::string OldPath(const std::string& folder, std::size_t step) {
  return folder + "/old-" + std::to_string(step);
}

bool Exists(const std::string& path) {
  return KindOf(path) != PathKind::kMissing;
}

// A target names apps/<app>, data/<app> or data/<app>/config: nothing else may be swapped.
bool ValidTarget(const std::string& target) {
  Result<std::string> path = CheckRelativePath(target, ConfigLimits{});
  if (!path.ok() || *path != target) return false;
  std::size_t slashes = std::count(target.begin(), target.end(), '/');
  if (target.rfind("apps/", 0) == 0) return slashes == 1;
  if (target.rfind("data/", 0) != 0) return false;
  return slashes == 1 || (slashes == 2 && target.ends_with("/config"));
}

// The intent is gone before anything else is removed: a crash while removing leaves a
// transaction that recovery removes, never one that it would roll forward half-deleted.
Status Finish(const std::string& folder) {
  if (::unlink((folder + "/" + kIntentFile).c_str()) != 0 && errno != ENOENT) {
    return base::ErrnoStatus("remove", folder + "/" + kIntentFile);
  }
  Status synced = base::SyncDirectory(folder);
  if (!synced.ok()) return synced;
  return RemoveTree(folder);
}

// Puts the staged content of one step in place unless it already is (roll forward).
Status RollForward(const std::string& device_dir, const std::string& folder,
                   const std::string& target, std::size_t step) {
  const std::string new_path = NewPath(folder, step);
  const std::string old_path = OldPath(folder, step);
  const std::string target_path = device_dir + "/" + target;
  if (!Exists(new_path)) return Status::Ok();
  if (Exists(target_path)) {
    if (Exists(old_path)) {
      return Status(StatusCode::kDataLoss, folder + ": both the old and the new " + target +
                                               " are present; left for inspection");
    }
    Status aside = RenamePath(target_path, old_path);
    if (!aside.ok()) return aside;
  }
  Status created = base::MakeDirectories(ParentOf(target_path));
  if (!created.ok()) return created;
  return RenamePath(new_path, target_path);
}

Result<std::vector<std::string>> ReadIntent(const std::string& folder) {
  Result<std::string> text = ReadSmallFile(folder + "/" + kIntentFile, kMaxIntentBytes);
  if (!text.ok()) return text.status();
  nlohmann::json intent = nlohmann::json::parse(*text, nullptr, false);
  const Status unreadable(StatusCode::kDataLoss, folder + ": unreadable " + kIntentFile);
  if (!intent.is_object() || !intent.contains("targets") || !intent["targets"].is_array()) {
    return unreadable;
  }
  std::vector<std::string> targets;
  for (const nlohmann::json& target : intent["targets"]) {
    if (!target.is_string() || !ValidTarget(target.get<std::string>())) return unreadable;
    targets.push_back(target.get<std::string>());
  }
  return targets;
}

Status RecoverOne(const std::string& device_dir, const std::string& folder) {
  if (!Exists(folder + "/" + kIntentFile)) return RemoveTree(folder);
  Result<std::vector<std::string>> targets = ReadIntent(folder);
  if (!targets.ok()) return targets.status();
  for (std::size_t step = 0; step < targets->size(); ++step) {
    Status done = RollForward(device_dir, folder, (*targets)[step], step);
    if (!done.ok()) return done;
    Status synced = base::SyncDirectory(ParentOf(device_dir + "/" + (*targets)[step]));
    if (!synced.ok()) return synced;
  }
  return Finish(folder);
}

}  // namespace

Result<FolderTransaction> FolderTransaction::Begin(const std::string& device_dir,
                                                   base::FaultHook fault) {
  Result<std::string> folder = MakeTempDirectory(TmpDir(device_dir), kTransactionPrefix);
  if (!folder.ok()) return folder.status();
  return FolderTransaction(device_dir, *folder, std::move(fault));
}

FolderTransaction::FolderTransaction(FolderTransaction&& other) noexcept
    : device_dir_(std::move(other.device_dir_)),
      folder_(std::exchange(other.folder_, std::string())),
      fault_(std::move(other.fault_)),
      targets_(std::move(other.targets_)) {}

FolderTransaction::~FolderTransaction() {
  if (folder_.empty() || Exists(folder_ + "/" + kIntentFile)) return;  // recovery's job
  static_cast<void>(RemoveTree(folder_));
}

std::string FolderTransaction::AddStep(const std::string& target) {
  targets_.push_back(target);
  return NewPath(folder_, targets_.size() - 1);
}

Status FolderTransaction::DropSteps(std::size_t first) {
  while (targets_.size() > first) {
    const std::string staged = NewPath(folder_, targets_.size() - 1);
    if (Exists(staged)) {
      Status removed = RemoveTree(staged);
      if (!removed.ok()) return removed;
    }
    targets_.pop_back();
  }
  return Status::Ok();
}

Status FolderTransaction::Commit() {
  for (const std::string& target : targets_) {
    if (!ValidTarget(target)) return Status(StatusCode::kInternal, "bad target " + target);
  }
  Status status = base::CheckFault(fault_, "commit:sync");
  if (status.ok()) status = SyncTree(folder_);
  if (status.ok()) status = base::CheckFault(fault_, "commit:intent");
  if (status.ok()) {
    status = WriteNewFile(folder_ + "/" + kIntentFile,
                          nlohmann::json({{"targets", targets_}}).dump() + "\n");
  }
  if (status.ok()) status = base::SyncDirectory(folder_);
  if (!status.ok()) return status;  // the destructor removes the staging
  for (std::size_t step = 0; step < targets_.size(); ++step) {
    status = RunStep(step);
    if (!status.ok()) {
      UndoSteps(step + 1);
      return status;
    }
  }
  status = SyncParents();
  if (!status.ok()) {
    UndoSteps(targets_.size());
    return status;
  }
  static_cast<void>(base::CheckFault(fault_, "commit:done"));  // a crash point; the change is made
  return Finish(folder_);
}

Status FolderTransaction::RunStep(std::size_t step) {
  const std::string target_path = device_dir_ + "/" + targets_[step];
  Status status = base::MakeDirectories(ParentOf(target_path));
  const std::string point = "commit:step-" + std::to_string(step);
  if (status.ok()) status = base::CheckFault(fault_, point + "-aside");
  if (status.ok() && Exists(target_path)) status = RenamePath(target_path, OldPath(folder_, step));
  if (status.ok()) status = base::CheckFault(fault_, point + "-in");
  if (status.ok()) status = RenamePath(NewPath(folder_, step), target_path);
  return status;
}

// The renames of the steps made durable: each parent folder once, however many steps
// renamed into it (the intent already is: a crash before this is rolled forward).
Status FolderTransaction::SyncParents() {
  std::vector<std::string> parents;
  for (const std::string& target : targets_) {
    std::string parent = ParentOf(device_dir_ + "/" + target);
    if (std::find(parents.begin(), parents.end(), parent) == parents.end()) {
      parents.push_back(std::move(parent));
    }
  }
  for (const std::string& parent : parents) {
    Status synced = base::SyncDirectory(parent);
    if (!synced.ok()) return synced;
  }
  return Status::Ok();
}

// Puts back, in reverse, the old content of the first `done` steps (the last possibly
// half done). When a rename fails, the transaction is left with its intent for recovery.
void FolderTransaction::UndoSteps(std::size_t done) {
  for (std::size_t step = done; step-- > 0;) {
    const std::string target_path = device_dir_ + "/" + targets_[step];
    const std::string new_path = NewPath(folder_, step);
    const std::string old_path = OldPath(folder_, step);
    Status status;
    if (!Exists(new_path)) status = RenamePath(target_path, new_path);
    if (status.ok() && Exists(old_path)) status = RenamePath(old_path, target_path);
    if (status.ok()) status = base::SyncDirectory(ParentOf(target_path));
    if (!status.ok()) return;
  }
  static_cast<void>(Finish(folder_));
}

Status RecoverTransactions(const std::string& device_dir) {
  Result<std::vector<std::string>> names = ListDirectory(TmpDir(device_dir));
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    if (name.rfind(kTransactionPrefix, 0) != 0) continue;
    Status recovered = RecoverOne(device_dir, TmpDir(device_dir) + "/" + name);
    if (!recovered.ok()) return recovered;
  }
  return Status::Ok();
}

Result<DeviceLock> LockForChange(const std::string& device_dir) {
  const DeviceLayout layout(device_dir);
  Result<DeviceLock> lock = DeviceLock::Acquire(layout.Lock(), DeviceLock::Mode::kExclusive);
  if (!lock.ok()) return lock.status();
  Status made = base::MakeDirectories(layout.Tmp());
  if (!made.ok()) return made;
  Status recovered = RecoverTransactions(device_dir);
  if (!recovered.ok()) return recovered;
  return lock;
}

}  // namespace appvault::client
