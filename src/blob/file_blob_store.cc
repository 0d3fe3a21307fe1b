#include "blob/file_blob_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <string_view>
#include <vector>

#include "base/file_util.h"
#include "blob/file_blob_writer.h"

namespace appvault::blob {
namespace {

constexpr const char* kStaging = "/.staging";

// The names in a folder, without "." and "..". Errors: kUnavailable.
Result<std::vector<std::string>> NamesIn(const std::string& folder) {
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return base::ErrnoStatus("list blob folder", folder);
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(dir);
  return names;
}

bool IsLowerHex(std::string_view text, std::size_t length) {
  return text.size() == length &&
         text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::int64_t Now() {
  return static_cast<std::int64_t>(::time(nullptr));
}

}  // namespace

BlobFile::~BlobFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::size_t> BlobFile::ReadAt(std::uint64_t offset, std::size_t n, char* out) const {
  while (true) {
    ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return base::ErrnoStatus("read blob", "fd " + std::to_string(fd_));
    return static_cast<std::size_t>(got);
  }
}

Result<std::unique_ptr<FileBlobStore>> FileBlobStore::Open(const std::string& root,
                                                           FileBlobStoreOptions options) {
  if (options.read_only) {
    if (::access(root.c_str(), R_OK | X_OK) != 0) return base::ErrnoStatus("blob folder", root);
    return std::unique_ptr<FileBlobStore>(new FileBlobStore(root, /*read_only=*/true));
  }
  Status made = base::MakeDirectories(root + kStaging);
  if (!made.ok()) return made;
  if (::access(root.c_str(), W_OK) != 0) return base::ErrnoStatus("blob folder not writable", root);
  std::unique_ptr<FileBlobStore> store(new FileBlobStore(root, /*read_only=*/false));
  Result<Abandoned> swept = store->RemoveAbandonedUploads(options.sweep_staged_after);
  if (!swept.ok()) return swept.status();
  return store;
}

std::string FileBlobStore::PathOf(const Sha256& sha256) const {
  std::string hex = sha256.Hex();
  return root_ + "/" + hex.substr(0, 2) + "/" + hex.substr(2, 2) + "/" + hex;
}

Result<std::unique_ptr<BlobWriter>> FileBlobStore::NewWriter(std::uint64_t max_size) {
  if (read_only_) return ReadOnlyError();
  auto writer = FileBlobWriter::Create(root_ + kStaging, max_size,
                                       [this](const Sha256& sha) { return PathOf(sha); });
  if (!writer.ok()) return writer.status();
  return std::unique_ptr<BlobWriter>(std::move(writer).value());
}

bool FileBlobStore::KnownGood(const Sha256& sha256, const FileIdentity& identity) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = verified_.find(sha256);
  return it != verified_.end() && it->second == identity;
}

void FileBlobStore::RememberGood(const Sha256& sha256, const FileIdentity& identity) {
  std::lock_guard<std::mutex> lock(mutex_);
  verified_[sha256] = identity;
}

Result<std::unique_ptr<BlobFile>> FileBlobStore::Open(const Sha256& sha256) {
  std::string path = PathOf(sha256);
  base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid() && errno == ENOENT) {
    return Status(StatusCode::kNotFound, "no blob " + sha256.Short());
  }
  if (!fd.valid()) return base::ErrnoStatus("open blob", path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return base::ErrnoStatus("stat blob", path);
  FileIdentity identity{static_cast<unsigned long long>(st.st_dev),
                        static_cast<unsigned long long>(st.st_ino),
                        static_cast<unsigned long long>(st.st_size),
                        st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
                        st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec};
  if (!KnownGood(sha256, identity)) {
    Result<Sha256> actual = base::HashFile(fd.get(), path);
    if (!actual.ok()) return actual.status();
    if (*actual != sha256) {
      return Status(StatusCode::kDataLoss, "blob " + sha256.Hex() + " at " + path +
                                               " no longer matches its name (its bytes hash to " +
                                               actual->Hex() + ")");
    }
    RememberGood(sha256, identity);
  }
  std::uint64_t size = static_cast<std::uint64_t>(st.st_size);
  return std::make_unique<BlobFile>(fd.Release(), size);
}

Result<bool> FileBlobStore::Exists(const Sha256& sha256) {
  struct stat st {};
  std::string path = PathOf(sha256);
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT) return false;
  return base::ErrnoStatus("stat blob", path);
}

Status FileBlobStore::Check(const Sha256& sha256, bool read_data) {
  std::string path = PathOf(sha256);
  base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid() && errno == ENOENT) {
    return Status(StatusCode::kNotFound, "missing blob " + sha256.Hex() + " (" + path + ")");
  }
  if (!fd.valid()) return base::ErrnoStatus("open blob", path);
  if (!read_data) return Status::Ok();
  Result<Sha256> actual = base::HashFile(fd.get(), path);
  if (!actual.ok()) return actual.status();
  if (*actual != sha256) {
    return Status(StatusCode::kDataLoss, "blob " + sha256.Hex() + " hashes to " + actual->Hex());
  }
  return Status::Ok();
}

// --- garbage collection ---

Result<BlobStore::Abandoned> FileBlobStore::RemoveAbandonedUploads(
    std::chrono::seconds older_than) {
  if (read_only_) return ReadOnlyError();
  const std::string staging = root_ + kStaging;
  Result<std::vector<std::string>> names = NamesIn(staging);
  if (!names.ok()) return names.status();
  const std::int64_t cutoff = Now() - older_than.count();
  Abandoned removed;
  for (const std::string& name : *names) {
    if (name.rfind("blob-", 0) != 0) continue;
    const std::string path = staging + "/" + name;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || st.st_mtim.tv_sec >= cutoff) continue;
    if (::unlink(path.c_str()) != 0) continue;  // gone meanwhile: finished or removed
    ++removed.uploads;
    removed.bytes += static_cast<std::uint64_t>(st.st_size);
  }
  return removed;
}

Status FileBlobStore::ForEach(const std::function<Status(const StoredBlob&)>& visit) {
  Result<std::vector<std::string>> tops = NamesIn(root_);
  if (!tops.ok()) return tops.status();
  for (const std::string& top : *tops) {
    if (!IsLowerHex(top, 2)) continue;
    Result<std::vector<std::string>> subs = NamesIn(root_ + "/" + top);
    if (!subs.ok()) return subs.status();
    for (const std::string& sub : *subs) {
      if (!IsLowerHex(sub, 2)) continue;
      const std::string folder = root_ + "/" + top + "/" + sub;
      Result<std::vector<std::string>> files = NamesIn(folder);
      if (!files.ok()) return files.status();
      for (const std::string& file : *files) {
        if (!IsLowerHex(file, 64) || file.compare(0, 4, top + sub) != 0) continue;
        struct stat st {};
        if (::stat((folder + "/" + file).c_str(), &st) != 0) continue;  // deleted meanwhile
        if (!S_ISREG(st.st_mode)) continue;
        Status visited =
            visit(StoredBlob{*Sha256::ParseHex(file), static_cast<std::uint64_t>(st.st_size),
                             static_cast<std::int64_t>(st.st_mtim.tv_sec)});
        if (!visited.ok()) return visited;
      }
    }
  }
  return Status::Ok();
}

Status FileBlobStore::Delete(const Sha256& sha256) {
  if (read_only_) return ReadOnlyError();
  const std::string path = PathOf(sha256);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Status(StatusCode::kNotFound, "no blob " + sha256.Short());
    return base::ErrnoStatus("delete blob", path);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    verified_.erase(sha256);
  }
  return base::SyncDirectory(path.substr(0, path.rfind('/')));
}

Status FileBlobStore::ReadOnlyError() const {
  return Status(StatusCode::kUnavailable, "the blob store " + root_ + " is open read-only");
}

}  // namespace appvault::blob
