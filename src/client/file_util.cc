#include "client/file_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>

#include "base/file_util.h"

namespace appvault::client {
namespace {

using base::ErrnoStatus;
using base::UniqueFd;

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using UniqueDir = std::unique_ptr<DIR, DirCloser>;

constexpr std::size_t kCopyChunk = 1 << 16;

Status CopyBytes(int from, int to, const std::string& from_path, const std::string& to_path) {
  std::vector<char> buffer(kCopyChunk);
  while (true) {
    ssize_t n = ::read(from, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("read", from_path);
    if (n == 0) return Status::Ok();
    Status written =
        base::WriteAll(to, std::string_view(buffer.data(), static_cast<std::size_t>(n)), to_path);
    if (!written.ok()) return written;
  }
}

Status SyncPath(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return ErrnoStatus("open", path);
  if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync", path);
  return Status::Ok();
}

UniqueFd CreateExclusive(const std::string& path) {
  return UniqueFd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644));
}

}  // namespace

PathKind KindOf(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return PathKind::kMissing;
  if (S_ISREG(info.st_mode)) return PathKind::kFile;
  if (S_ISDIR(info.st_mode)) return PathKind::kDirectory;
  return PathKind::kOther;
}

Result<std::vector<std::string>> ListDirectory(const std::string& path) {
  UniqueDir dir(::opendir(path.c_str()));
  if (!dir) return ErrnoStatus("open folder", path);
  std::vector<std::string> names;
  errno = 0;
  while (dirent* entry = ::readdir(dir.get())) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  if (errno != 0) return ErrnoStatus("read folder", path);
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> ReadSmallFile(const std::string& path, std::uint64_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid() && errno == ENOENT) return Status(StatusCode::kNotFound, path + ": not found");
  if (!fd.valid()) return ErrnoStatus("open", path);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return ErrnoStatus("stat", path);
  if (!S_ISREG(info.st_mode) || static_cast<std::uint64_t>(info.st_size) > max_bytes) {
    return Status(StatusCode::kInvalidArgument,
                  path + ": not a file of at most " + std::to_string(max_bytes) + " bytes");
  }
  std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("read", path);
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

Status WriteNewFile(const std::string& path, std::string_view bytes, FileSync sync) {
  UniqueFd fd = CreateExclusive(path);
  if (!fd.valid()) return ErrnoStatus("create", path);
  Status written = base::WriteAll(fd.get(), bytes, path);
  if (!written.ok()) return written;
  if (sync == FileSync::kNow && ::fsync(fd.get()) != 0) return ErrnoStatus("fsync", path);
  return Status::Ok();
}

Status ReplaceFileAtomically(const std::string& path, std::string_view bytes) {
  std::string temp = path + ".tmp-XXXXXX";
  UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus("create", temp);
  ::fchmod(fd.get(), 0644);
  Status status = base::WriteAll(fd.get(), bytes, temp);
  if (status.ok() && ::fsync(fd.get()) != 0) status = ErrnoStatus("fsync", temp);
  if (status.ok()) status = RenamePath(temp, path);
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  return base::SyncDirectory(ParentOf(path));
}

Status CopyNewFile(const std::string& from, const std::string& to) {
  UniqueFd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in.valid() && errno == ENOENT) return Status(StatusCode::kNotFound, from + ": not found");
  if (!in.valid()) return ErrnoStatus("open", from);
  struct stat info {};
  if (::fstat(in.get(), &info) != 0) return ErrnoStatus("stat", from);
  if (!S_ISREG(info.st_mode)) return Status(StatusCode::kNotFound, from + ": not a file");
  UniqueFd out = CreateExclusive(to);
  if (!out.valid()) return ErrnoStatus("create", to);
  Status copied = CopyBytes(in.get(), out.get(), from, to);
  if (!copied.ok()) return copied;
  if (::fsync(out.get()) != 0) return ErrnoStatus("fsync", to);
  return Status::Ok();
}

Status MakeDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0) return ErrnoStatus("create folder", path);
  return Status::Ok();
}

Result<std::string> MakeTempDirectory(const std::string& parent, const std::string& prefix) {
  std::string path = parent + "/" + prefix + "XXXXXX";
  if (::mkdtemp(path.data()) == nullptr) return ErrnoStatus("create folder", path);
  return path;
}

Status RenamePath(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) return ErrnoStatus("rename to " + to, from);
  return Status::Ok();
}

Status SyncTree(const std::string& path) {
  if (KindOf(path) == PathKind::kDirectory) {
    Result<std::vector<std::string>> names = ListDirectory(path);
    if (!names.ok()) return names.status();
    for (const std::string& name : *names) {
      Status synced = SyncTree(path + "/" + name);
      if (!synced.ok()) return synced;
    }
  }
  return SyncPath(path);
}

Status RemoveTree(const std::string& path) {
  std::error_code error;
  std::filesystem::remove_all(path, error);
  if (error) return Status(StatusCode::kUnavailable, "remove " + path + ": " + error.message());
  return Status::Ok();
}

std::string ParentOf(const std::string& path) {
  std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace appvault::client
