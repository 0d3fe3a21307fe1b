#include "client/device_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

namespace appvault::client {

Result<DeviceLock> DeviceLock::Acquire(const std::string& path, Mode mode) {
  blob::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid() && mode == Mode::kShared) {
    fd = blob::UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return DeviceLock(blob::UniqueFd());
  }
  if (!fd.valid()) return blob::ErrnoStatus("open lock", path);
  int operation = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  while (::flock(fd.get(), operation) != 0) {
    if (errno != EINTR) return blob::ErrnoStatus("lock", path);
  }
  return DeviceLock(std::move(fd));
}

}  // namespace appvault::client
