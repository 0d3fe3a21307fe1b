#include "client/net/state_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "blob/fs_util.h"
#include "client/file_util.h"

namespace appvault::client {
namespace {

constexpr std::uint64_t kMaxStateFileBytes = 1u << 20;

// Group and others lose every permission on path; a missing file is fine.
Status RestrictMode(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    return errno == ENOENT ? Status::Ok() : blob::ErrnoStatus("stat", path);
  }
  if ((info.st_mode & 077) == 0) return Status::Ok();
  if (::chmod(path.c_str(), 0600) != 0) return blob::ErrnoStatus("chmod 0600", path);
  return Status::Ok();
}

}  // namespace

Result<std::optional<nlohmann::json>> ReadStateFile(const std::string& path) {
  Status restricted = RestrictMode(path);
  if (!restricted.ok()) return restricted;
  Result<std::string> bytes = ReadSmallFile(path, kMaxStateFileBytes);
  if (bytes.status().code() == StatusCode::kNotFound) return std::optional<nlohmann::json>();
  if (!bytes.ok()) return bytes.status();
  nlohmann::json document = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) {
    return Status(StatusCode::kInvalidArgument, path + ": not a JSON object");
  }
  return std::optional<nlohmann::json>(std::move(document));
}

Status WriteStateFile(const std::string& path, const nlohmann::json& document) {
  std::string temp = path + ".tmp-XXXXXX";
  blob::UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600 from the start
  if (!fd.valid()) return blob::ErrnoStatus("create", temp);
  Status status = ::fchmod(fd.get(), 0600) == 0 ? Status::Ok() : blob::ErrnoStatus("chmod", temp);
  if (status.ok()) status = blob::WriteAll(fd.get(), document.dump() + "\n", temp);
  if (status.ok() && ::fsync(fd.get()) != 0) status = blob::ErrnoStatus("fsync", temp);
  if (status.ok()) status = RenamePath(temp, path);
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  return blob::SyncDirectory(ParentOf(path));
}

}  // namespace appvault::client
