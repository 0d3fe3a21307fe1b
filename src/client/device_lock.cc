#include "client/device_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

namespace appvault::client {

Result<DeviceLock> DeviceLock::Acquire(const std::string& path, Mode mode) {
  base::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid() && mode == Mode::kShared) {
    fd = base::UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return DeviceLock(base::UniqueFd());
  }
  if (!fd.valid()) return base::ErrnoStatus("open lock", path);
  int operation = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  while (::flock(fd.get(), operation) != 0) {
    if (errno != EINTR) return base::ErrnoStatus("lock", path);
  }
  return DeviceLock(std::move(fd));
}

}  // namespace appvault::client
