// FolderTransaction: a change of a device folder made of whole-folder swaps, so that a
// failure leaves the device as it was and a crash leaves it old or new, never half.
//
// Everything new is staged in DIR/.appvault/tmp/txn-XXXXXX/new-<i> and fsynced; then
// intent.json (the list of targets) is written and fsynced: the commit point. Each step
// moves the target's old content aside (old-<i>) and the staged folder in (both renames
// within one file system); the transaction folder is then removed with the old content.
// A failure before the commit point only removes the staging; a failure after it undoes
// the steps done, in reverse. A crash after the commit point is rolled forward by
// RecoverTransactions, which every changing operation runs first.
#pragma once

#include <string>
#include <vector>

#include "base/fault_hook.h"
#include "client/device_lock.h"
#include "core/status.h"

namespace appvault::client {

class FolderTransaction {
 public:
  // Creates the transaction folder under device_dir/.appvault/tmp.
  // REQUIRES: the caller holds the device's exclusive lock until the transaction ends.
  static Result<FolderTransaction> Begin(const std::string& device_dir, base::FaultHook fault);
  // Removes whatever is left of the transaction folder (the staging, when not committed).
  ~FolderTransaction();
  FolderTransaction(FolderTransaction&& other) noexcept;
  FolderTransaction& operator=(FolderTransaction&&) = delete;
  FolderTransaction(const FolderTransaction&) = delete;
  FolderTransaction& operator=(const FolderTransaction&) = delete;

  // Adds a step whose new content the caller stages at the returned path (a folder it
  // creates). target is relative to the device folder: "apps/<app>", "data/<app>" or
  // "data/<app>/config"; its parent folder is created at commit when missing.
  std::string AddStep(const std::string& target);
  // The steps added so far.
  std::size_t StepCount() const { return targets_.size(); }
  // Forgets the steps from index `first` on and removes what was staged for them (several
  // changes share one transaction, and one of them failed while staging). Errors:
  // kUnavailable (I/O: the transaction must then be abandoned). REQUIRES: before Commit.
  Status DropSteps(std::size_t first);
  // A path in the transaction folder for work files, removed with it (never committed).
  std::string ScratchPath(const std::string& name) const { return folder_ + "/scratch-" + name; }
  // Makes every step happen, as described above; each target's parent folder is fsynced
  // once, after the last step. Errors: kUnavailable (I/O) or the fault hook's Status; the
  // device is then as it was. REQUIRES: called at most once.
  Status Commit();

 private:
  FolderTransaction(std::string device_dir, std::string folder, base::FaultHook fault)
      : device_dir_(std::move(device_dir)), folder_(std::move(folder)), fault_(std::move(fault)) {}
  Status RunStep(std::size_t step);
  Status SyncParents();
  void UndoSteps(std::size_t done);

  std::string device_dir_;
  std::string folder_;  // "" once moved from
  base::FaultHook fault_;
  std::vector<std::string> targets_;
};

// Completes the transactions a crashed process left in device_dir/.appvault/tmp: rolls
// forward those past their commit point, removes the others. Errors: kUnavailable, or
// kDataLoss when a transaction folder cannot be made sense of (it is then left in place).
// REQUIRES: the caller holds the device's exclusive lock.
Status RecoverTransactions(const std::string& device_dir);

// The device's exclusive lock, taken before any change, with RecoverTransactions done.
// Errors: those of DeviceLock::Acquire and RecoverTransactions.
Result<DeviceLock> LockForChange(const std::string& device_dir);

}  // namespace appvault::client
