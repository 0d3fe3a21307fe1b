#include "base/file_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "base/sha256_hasher.h"

namespace appvault::base {

Status ErrnoStatus(std::string_view what, const std::string& path) {
  return Status(StatusCode::kUnavailable,
                std::string(what) + ": " + path + ": " + std::strerror(errno));
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("write", path);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

Status SyncDirectory(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus("open folder", path);
  if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync folder", path);
  return Status::Ok();
}

Status MakeDirectories(const std::string& path) {
  for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    std::string prefix = path.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0750) != 0 && errno != EEXIST) {
      return ErrnoStatus("create folder", prefix);
    }
    if (slash == std::string::npos) return Status::Ok();
  }
}

Result<Sha256> HashFile(int fd, const std::string& path) {
  constexpr std::size_t kPiece = 1 << 20;
  std::vector<char> buffer(kPiece);
  Sha256Hasher hasher;
  for (off_t offset = 0;;) {
    ssize_t n = ::pread(fd, buffer.data(), buffer.size(), offset);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("read", path);
    if (n == 0) break;
    hasher.Update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    offset += n;
  }
  return hasher.Finish();
}

}  // namespace appvault::base
