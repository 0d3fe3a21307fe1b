#include "client/transfer/partial_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

namespace appvault::client::transfer {

std::string PartialPath(const std::string& partial_dir, const Sha256& sha256) {
  return partial_dir + "/" + sha256.Hex() + ".part";
}

Result<std::unique_ptr<PartialFile>> PartialFile::Open(const std::string& partial_dir,
                                                       const Sha256& sha256, std::uint64_t limit,
                                                       bool verify) {
  if (Status made = blob::MakeDirectories(partial_dir); !made.ok()) return made;
  std::string path = PartialPath(partial_dir, sha256);
  blob::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) return blob::ErrnoStatus("open partial download", path);
  std::unique_ptr<PartialFile> file(
      new PartialFile(std::move(path), std::move(fd), sha256, verify));
  if (Status hashed = file->HashExisting(limit); !hashed.ok()) return hashed;
  return file;
}

Status PartialFile::HashExisting(std::uint64_t limit) {
  struct stat info {};
  if (::fstat(fd_.get(), &info) != 0) return blob::ErrnoStatus("stat", path_);
  if (!S_ISREG(info.st_mode)) {
    return Status(StatusCode::kUnavailable, "partial download " + path_ + " is not a file");
  }
  if (static_cast<std::uint64_t>(info.st_size) > limit) return Restart();
  const auto end = static_cast<std::uint64_t>(info.st_size);
  if (!verify_) {  // nothing to hash: the bytes there count as they are
    size_ = end;
    return Status::Ok();
  }
  constexpr std::size_t kPiece = 1 << 20;
  std::vector<char> buffer(kPiece);
  while (size_ < end) {
    ssize_t n = ::pread(fd_.get(), buffer.data(), buffer.size(), static_cast<off_t>(size_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return blob::ErrnoStatus("read", path_);
    if (n == 0) break;  // cut short meanwhile: what was read is what counts
    hasher_->Update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    size_ += static_cast<std::uint64_t>(n);
  }
  dirty_ = size_ != end;
  return Status::Ok();
}

PartialFile::~PartialFile() {
  if (fd_.valid()) (void)Flush();
}

Status PartialFile::Append(std::string_view bytes) {
  if (pending_.size() + bytes.size() >= kWriteBuffer) {
    if (Status flushed = Flush(); !flushed.ok()) return flushed;
  }
  if (pending_.capacity() < kWriteBuffer) pending_.reserve(kWriteBuffer);
  pending_.append(bytes);
  if (pending_.size() >= kWriteBuffer) return Flush();  // a piece as big as the buffer
  return Status::Ok();
}

Status PartialFile::Flush() {
  if (pending_.empty()) return Status::Ok();
  if (dirty_) {
    if (::ftruncate(fd_.get(), static_cast<off_t>(size_)) != 0) {
      pending_.clear();
      return blob::ErrnoStatus("truncate", path_);
    }
    dirty_ = false;
  }
  std::uint64_t offset = size_;
  std::string_view left = pending_;
  while (!left.empty()) {
    ssize_t n = ::pwrite(fd_.get(), left.data(), left.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      dirty_ = true;
      pending_.clear();
      return blob::ErrnoStatus("write", path_);
    }
    left.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  if (verify_) hasher_->Update(pending_);
  // Not fsynced: a file left behind by a crash is hashed again before it is used. Its
  // writeback is started, though (best effort), a buffer at a time: the install fsyncs the
  // file soon after it completes, and then finds the disk done or nearly so.
  (void)::sync_file_range(fd_.get(), static_cast<off_t>(size_), static_cast<off_t>(offset - size_),
                          SYNC_FILE_RANGE_WRITE);
  size_ = offset;
  pending_.clear();
  return Status::Ok();
}

Status PartialFile::Restart() {
  pending_.clear();
  if (::ftruncate(fd_.get(), 0) != 0) return blob::ErrnoStatus("truncate", path_);
  hasher_ = std::make_unique<blob::Sha256Hasher>();
  size_ = 0;
  dirty_ = false;
  return Status::Ok();
}

Status PartialFile::Commit(const std::string& destination) {
  if (Status flushed = Flush(); !flushed.ok()) return flushed;
  Sha256 got = hasher_->Finish();
  hasher_ = std::make_unique<blob::Sha256Hasher>();
  if (dirty_ && ::ftruncate(fd_.get(), static_cast<off_t>(size_)) != 0) {
    return blob::ErrnoStatus("truncate", path_);
  }
  if (verify_ && got != expected_) {
    Discard();
    return Status(StatusCode::kDataLoss,
                  "the downloaded bytes do not match the expected "
                  "SHA-256 (expected " +
                      expected_.Short() + "…, got " + got.Short() +
                      "…); the partial download was deleted");
  }
  if (::rename(path_.c_str(), destination.c_str()) != 0) {
    return blob::ErrnoStatus("rename to " + destination, path_);
  }
  fd_.Reset();
  return Status::Ok();
}

void PartialFile::Discard() {
  pending_.clear();
  ::unlink(path_.c_str());
  fd_.Reset();
  size_ = 0;
}

}  // namespace appvault::client::transfer
