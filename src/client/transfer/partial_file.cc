#include "client/transfer/partial_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace appvault::client::transfer {

std::string PartialPath(const std::string& partial_dir, const Sha256& sha256) {
  return partial_dir + "/" + sha256.Hex() + ".part";
}

Result<std::unique_ptr<PartialFile>> PartialFile::Open(const std::string& partial_dir,
                                                       const Sha256& sha256, std::uint64_t limit,
                                                       PartialFileOptions options) {
  if (Status made = base::MakeDirectories(partial_dir); !made.ok()) return made;
  std::string path = PartialPath(partial_dir, sha256);
  base::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) return base::ErrnoStatus("open partial download", path);
  std::unique_ptr<PartialFile> file(
      new PartialFile(std::move(path), std::move(fd), sha256, options));
  if (Status hashed = file->HashExisting(limit); !hashed.ok()) return hashed;
  file->SetDirect(true);
  return file;
}

PartialFile::PartialFile(std::string path, base::UniqueFd fd, Sha256 expected,
                         PartialFileOptions options)
    : path_(std::move(path)),
      fd_(std::move(fd)),
      expected_(expected),
      options_(options),
      writer_({[this](std::string_view bytes) { return Write(bytes); },
               [this](std::string_view bytes) { return Hash(bytes); }},
              kWriteBuffer, kBuffersInFlight) {
  ResetDigests();
}

void PartialFile::ResetDigests() {
  chunks_.reset();
  hasher_ = std::make_unique<base::Sha256Hasher>();
  if (!options_.chunk_digests) return;
  Result<pkg::ChunkSha256Collector> chunks = pkg::ChunkSha256Collector::Create();
  if (chunks.ok()) chunks_.emplace(std::move(chunks).value());  // else none: they are a bonus
}

Status PartialFile::HashExisting(std::uint64_t limit) {
  struct stat info {};
  if (::fstat(fd_.get(), &info) != 0) return base::ErrnoStatus("stat", path_);
  if (!S_ISREG(info.st_mode)) {
    return Status(StatusCode::kUnavailable, "partial download " + path_ + " is not a file");
  }
  if (static_cast<std::uint64_t>(info.st_size) > limit) return Restart();
  const auto end = static_cast<std::uint64_t>(info.st_size);
  std::vector<char> buffer(kWriteBuffer);
  while (written_ < end) {
    ssize_t n = ::pread(fd_.get(), buffer.data(), buffer.size(), static_cast<off_t>(written_));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return base::ErrnoStatus("read", path_);
    if (n == 0) break;  // cut short meanwhile: what was read is what counts
    const std::string_view bytes(buffer.data(), static_cast<std::size_t>(n));
    hasher_->Update(bytes);
    if (chunks_) chunks_->Update(bytes);
    written_ += static_cast<std::uint64_t>(n);
  }
  submitted_ = written_;
  dirty_ = written_ != end;
  return Status::Ok();
}

PartialFile::~PartialFile() {
  if (fd_.valid()) (void)Flush();
}

void PartialFile::SetDirect(bool on) {
  const int flags = ::fcntl(fd_.get(), F_GETFL);
  if (flags < 0) return;
  const int wanted = on ? (flags | O_DIRECT) : (flags & ~O_DIRECT);
  direct_ = ::fcntl(fd_.get(), F_SETFL, wanted) == 0 ? on : (flags & O_DIRECT) != 0;
}

Status PartialFile::Pwrite(std::string_view bytes, std::uint64_t offset) {
  while (!bytes.empty()) {
    ssize_t n = ::pwrite(fd_.get(), bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EINVAL && direct_) {  // the file system wants other alignments
      SetDirect(false);
      if (!direct_) continue;
    }
    if (n < 0) return base::ErrnoStatus("write", path_);
    bytes.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  return Status::Ok();
}

Status PartialFile::Write(std::string_view bytes) {
  if (dirty_) {
    if (::ftruncate(fd_.get(), static_cast<off_t>(written_)) != 0) {
      return base::ErrnoStatus("truncate", path_);
    }
    dirty_ = false;
  }
  if (direct_ &&
      (written_ % WriteBehind::kAlignment != 0 || bytes.size() % WriteBehind::kAlignment != 0)) {
    SetDirect(false);  // a tail, or a resumed file's unaligned end: through the page cache
  }
  if (Status written = Pwrite(bytes, written_); !written.ok()) {
    dirty_ = true;
    return written;
  }
  // Not fsynced: a file left behind by a crash is hashed again before it is used. Bytes that
  // went through the page cache have their writeback started, though (best effort): the
  // install fsyncs the file soon after it completes, and then finds the disk done or nearly.
  if (!direct_) {
    (void)::sync_file_range(fd_.get(), static_cast<off_t>(written_),
                            static_cast<off_t>(bytes.size()), SYNC_FILE_RANGE_WRITE);
  }
  written_ += bytes.size();
  return Status::Ok();
}

Status PartialFile::Hash(std::string_view bytes) {
  hasher_->Update(bytes);
  if (chunks_) chunks_->Update(bytes);
  return Status::Ok();
}

Status PartialFile::Drain() {
  Status drained = writer_.Drain();
  if (!drained.ok()) {  // what was queued after the failed write is gone
    submitted_ = written_;
    filled_ = 0;
  }
  return drained;
}

Status PartialFile::Flush() {
  if (Status drained = Drain(); !drained.ok()) return drained;
  if (filled_ == 0) return Status::Ok();
  const std::string_view bytes(writer_.buffer(), filled_);
  Status written = Write(bytes);
  if (written.ok()) (void)Hash(bytes);
  filled_ = 0;
  submitted_ = written_;
  return written;
}

Status PartialFile::Append(std::string_view bytes) {
  if (writer_.failed()) {
    if (Status drained = Drain(); !drained.ok()) return drained;
  }
  while (!bytes.empty()) {
    const std::size_t take = std::min(bytes.size(), kWriteBuffer - filled_);
    std::memcpy(writer_.buffer() + filled_, bytes.data(), take);
    filled_ += take;
    bytes.remove_prefix(take);
    if (filled_ < kWriteBuffer) continue;
    if (Status queued = writer_.Submit(filled_); !queued.ok()) {
      if (Status written = Flush(); !written.ok()) return written;  // no thread: write here
      continue;
    }
    submitted_ += filled_;
    filled_ = 0;
  }
  return Status::Ok();
}

Status PartialFile::Restart() {
  (void)Drain();
  filled_ = 0;
  if (::ftruncate(fd_.get(), 0) != 0) return base::ErrnoStatus("truncate", path_);
  ResetDigests();
  written_ = submitted_ = 0;
  dirty_ = false;
  SetDirect(true);
  return Status::Ok();
}

Status PartialFile::Commit(const std::string& destination) {
  if (Status flushed = Flush(); !flushed.ok()) return flushed;
  if (hasher_ == nullptr) return Status(StatusCode::kInternal, path_ + ": committed twice");
  const Sha256 got = hasher_->Finish();
  hasher_.reset();
  if (dirty_ && ::ftruncate(fd_.get(), static_cast<off_t>(written_)) != 0) {
    return base::ErrnoStatus("truncate", path_);
  }
  if (got != expected_) {
    Discard();
    return Status(StatusCode::kDataLoss,
                  "the downloaded bytes do not match the expected "
                  "SHA-256 (expected " +
                      expected_.Short() + "…, got " + got.Short() +
                      "…); the partial download was deleted");
  }
  if (::rename(path_.c_str(), destination.c_str()) != 0) {
    return base::ErrnoStatus("rename to " + destination, path_);
  }
  if (chunks_) chunk_digests_ = chunks_->Take();
  fd_.Reset();
  return Status::Ok();
}

void PartialFile::Discard() {
  (void)Drain();
  filled_ = 0;
  ::unlink(path_.c_str());
  fd_.Reset();
  written_ = submitted_ = 0;
}

}  // namespace appvault::client::transfer
