#include "client/config_tree.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/file_util.h"
#include "client/file_util.h"
#include "client/relative_path.h"

namespace appvault::client {
namespace {

Status Refuse(std::string_view name, const std::string& why) {
  return Status(StatusCode::kInvalidArgument,
                "entry \"" + std::string(name.substr(0, 200)) + "\": " + why);
}

std::string Limit(std::uint64_t value, std::string_view what) {
  return "over the limit of " + std::to_string(value) + " " + std::string(what);
}

// Walks folder (relative path `prefix` below the root) into out, stopping past
// max_entries (CheckTreeLimits then refuses).
Status Walk(const std::string& root, const std::string& prefix, std::uint64_t max_entries,
            std::vector<ConfigTreeEntry>& out) {
  const std::string folder = prefix.empty() ? root : root + "/" + prefix;
  Result<std::vector<std::string>> names = ListDirectory(folder);
  if (!names.ok()) return names.status();
  for (const std::string& name : *names) {
    if (out.size() > max_entries) return Status::Ok();
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    struct stat info {};
    if (::lstat((root + "/" + path).c_str(), &info) != 0) {
      return base::ErrnoStatus("stat", root + "/" + path);
    }
    if (S_ISDIR(info.st_mode)) {
      out.push_back({path, true, 0});
      Status walked = Walk(root, path, max_entries, out);
      if (!walked.ok()) return walked;
    } else if (S_ISREG(info.st_mode)) {
      out.push_back({path, false, static_cast<std::uint64_t>(info.st_size)});
    } else {
      return Refuse(path, "is neither a file nor a folder");
    }
  }
  return Status::Ok();
}

Status CheckTreeLimits(const std::vector<ConfigTreeEntry>& entries, const ConfigLimits& limits) {
  if (entries.size() > limits.max_entries) {
    return Status(StatusCode::kInvalidArgument,
                  "configuration: " + Limit(limits.max_entries, "entries"));
  }
  std::uint64_t total = 0;
  for (const ConfigTreeEntry& entry : entries) {
    Result<std::string> checked = CheckRelativePath(entry.path, limits);
    if (!checked.ok()) return checked.status();
    if (entry.size > limits.max_file_size) {
      return Refuse(entry.path, Limit(limits.max_file_size, "bytes for one file"));
    }
    total += entry.size;
  }
  if (total > limits.max_total_size) {
    return Status(StatusCode::kInvalidArgument,
                  "configuration: " + Limit(limits.max_total_size, "bytes in all"));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> ConfigTreeWriter::Admit(std::string_view name) {
  Result<std::string> path = CheckRelativePath(name, limits_);
  if (!path.ok()) return path.status();
  if (!seen_.insert(*path).second) return Refuse(name, "is repeated");
  if (++entries_ > limits_.max_entries) return Refuse(name, Limit(limits_.max_entries, "entries"));
  return path;
}

Status ConfigTreeWriter::MakeFolders(std::string_view name, const std::string& path) {
  for (std::size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string folder = root_ + "/" + path.substr(0, slash);
    PathKind kind = KindOf(folder);
    if (kind == PathKind::kDirectory) continue;
    if (kind != PathKind::kMissing) return Refuse(name, "lies below a file");
    if (++entries_ > limits_.max_entries) {
      return Refuse(name, Limit(limits_.max_entries, "entries"));
    }
    Status made = MakeDirectory(folder);
    if (!made.ok()) return made;
  }
  return Status::Ok();
}

Status ConfigTreeWriter::AddFolder(std::string_view name) {
  Result<std::string> path = Admit(name);
  if (!path.ok()) return path.status();
  if (path->empty()) return Status::Ok();  // the configuration folder itself
  Status parents = MakeFolders(name, *path);
  if (!parents.ok()) return parents;
  PathKind kind = KindOf(root_ + "/" + *path);
  if (kind == PathKind::kDirectory) return Status::Ok();  // made for an earlier entry
  if (kind != PathKind::kMissing) return Refuse(name, "is both a file and a folder");
  return MakeDirectory(root_ + "/" + *path);
}

Status ConfigTreeWriter::AddFile(std::string_view name, std::uint64_t declared_size,
                                 const ContentSource& content) {
  Result<std::string> path = Admit(name);
  if (!path.ok()) return path.status();
  if (path->empty()) return Refuse(name, "a file cannot be the configuration folder");
  const std::string file_limit = Limit(limits_.max_file_size, "bytes for one file");
  const std::string total_limit = Limit(limits_.max_total_size, "bytes in all");
  if (declared_size > limits_.max_file_size) return Refuse(name, file_limit);
  if (declared_size > limits_.max_total_size - total_size_) return Refuse(name, total_limit);
  Status parents = MakeFolders(name, *path);
  if (!parents.ok()) return parents;
  const std::string target = root_ + "/" + *path;
  if (KindOf(target) != PathKind::kMissing) return Refuse(name, "is both a file and a folder");
  base::UniqueFd fd(
      ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644));
  if (!fd.valid()) return base::ErrnoStatus("create", target);
  std::uint64_t size = 0;
  Status status = content([&](std::string_view chunk) -> Status {
    size += chunk.size();
    if (size > limits_.max_file_size) return Refuse(name, file_limit);
    if (size > limits_.max_total_size - total_size_) return Refuse(name, total_limit);
    return base::WriteAll(fd.get(), chunk, target);
  });
  if (!status.ok()) return status;
  total_size_ += size;
  ++files_;
  return Status::Ok();
}

Result<std::vector<ConfigTreeEntry>> ListConfigTree(const std::string& root,
                                                    const ConfigLimits& limits) {
  std::vector<ConfigTreeEntry> entries;
  if (KindOf(root) == PathKind::kMissing) return entries;
  if (KindOf(root) != PathKind::kDirectory) {
    return Status(StatusCode::kInvalidArgument, root + ": not a folder");
  }
  Status walked = Walk(root, "", limits.max_entries, entries);
  if (!walked.ok()) return walked;
  std::sort(entries.begin(), entries.end(),
            [](const ConfigTreeEntry& a, const ConfigTreeEntry& b) { return a.path < b.path; });
  Status limited = CheckTreeLimits(entries, limits);
  if (!limited.ok()) return limited;
  return entries;
}

}  // namespace appvault::client
