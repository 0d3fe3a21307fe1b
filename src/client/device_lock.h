// DeviceLock: serialises the processes that use one device folder — an flock(2) on
// DIR/.appvault/lock, exclusive for changes, shared for reads, released on destruction.
#pragma once

#include <string>

#include "base/file_util.h"
#include "core/status.h"

namespace appvault::client {

class DeviceLock {
 public:
  enum class Mode { kShared, kExclusive };

  // Waits for the lock on path (created if missing). Errors: kUnavailable. A shared lock
  // on a folder that cannot be written (no lock file, read-only) is granted without a lock
  // file: readers of a read-only device cannot race a writer.
  static Result<DeviceLock> Acquire(const std::string& path, Mode mode);

  DeviceLock(DeviceLock&&) = default;
  DeviceLock& operator=(DeviceLock&&) = default;

 private:
  explicit DeviceLock(base::UniqueFd fd) : fd_(std::move(fd)) {}
  base::UniqueFd fd_;  // closing it releases the lock
};

}  // namespace appvault::client
