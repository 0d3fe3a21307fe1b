#include "client/net/state_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/file_util.h"
#include "client/file_util.h"

namespace appvault::client {
namespace {

constexpr std::uint64_t kMaxStateFileBytes = 1u << 20;

// Group and others lose every permission on path; a missing file is fine.
Status RestrictMode(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    return errno == ENOENT ? Status::Ok() : base::ErrnoStatus("stat", path);
  }
  if ((info.st_mode & 077) == 0) return Status::Ok();
  if (::chmod(path.c_str(), 0600) != 0) return base::ErrnoStatus("chmod 0600", path);
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
  base::UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600 from the start
  if (!fd.valid()) return base::ErrnoStatus("create", temp);
  Status status = ::fchmod(fd.get(), 0600) == 0 ? Status::Ok() : base::ErrnoStatus("chmod", temp);
  if (status.ok()) status = base::WriteAll(fd.get(), document.dump() + "\n", temp);
  if (status.ok() && ::fsync(fd.get()) != 0) status = base::ErrnoStatus("fsync", temp);
  if (status.ok()) status = RenamePath(temp, path);
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;
  }
  return base::SyncDirectory(ParentOf(path));
}

}  // namespace appvault::client
