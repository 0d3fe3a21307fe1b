// PartialFile: the bytes of one download so far, on disk (PARTIAL_DIR/<sha256>.part) so that
// an interrupted download continues where it stopped, with a running SHA-256 of exactly the
// bytes in the file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "blob/fs_util.h"
#include "blob/sha256_hasher.h"
#include "core/sha256.h"
#include "core/status.h"

namespace appvault::client::transfer {

// Appended bytes are gathered in memory and written kWriteBuffer at a time (libcurl hands
// them over 16 KiB at a time; one write system call each made a restore's writes cost more
// than curl's own); they reach the file by Commit, by the next full buffer, or when the
// PartialFile is destroyed (best effort, so that an interrupted download keeps them).
// Thread-safety: one thread at a time. Not copyable.
class PartialFile {
 public:
  // Opens (creating it, mode 0600) PARTIAL_DIR/<sha256 hex>.part and hashes the bytes already
  // in it, so that appending continues the digest. A file longer than `limit` bytes cannot be
  // a prefix of the expected file and is emptied. With verify false nothing is hashed, and
  // Commit hands the file over unchecked (DownloadJob::verify). Errors: kUnavailable (I/O).
  static Result<std::unique_ptr<PartialFile>> Open(const std::string& partial_dir,
                                                   const Sha256& sha256, std::uint64_t limit,
                                                   bool verify = true);

  static constexpr std::size_t kWriteBuffer = std::size_t{1} << 20;  // 1 MiB

  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;
  ~PartialFile();

  // Bytes appended so far (in the file, or gathered to be written).
  std::uint64_t size() const { return size_ + pending_.size(); }
  const std::string& path() const { return path_; }

  // Appends bytes to the file and the digest. Errors: kUnavailable (I/O); the bytes not yet
  // written are dropped, size() is what the file holds, and the file is cut back to it by
  // the next Append or Restart.
  Status Append(std::string_view bytes);
  // Empties the file and starts the digest again (the server sent the whole file).
  Status Restart();

  // The digest of the bytes in the file equals sha256: the file (not fsynced; its
  // writeback is under way) is renamed to destination. Otherwise the file is deleted and
  // kDataLoss "… does not match the expected SHA-256 (expected X, got Y)" is returned.
  // Either way the PartialFile is spent. Errors: also kUnavailable (I/O).
  Status Commit(const std::string& destination);

  // Deletes the file (a download that can never complete). Best effort.
  void Discard();

 private:
  PartialFile(std::string path, blob::UniqueFd fd, Sha256 expected, bool verify)
      : path_(std::move(path)), fd_(std::move(fd)), expected_(expected), verify_(verify) {}
  Status HashExisting(std::uint64_t limit);
  // Writes pending_ at size_ and hashes it. Errors: as for Append.
  Status Flush();

  std::string path_;
  blob::UniqueFd fd_;
  Sha256 expected_;
  bool verify_;
  std::unique_ptr<blob::Sha256Hasher> hasher_ = std::make_unique<blob::Sha256Hasher>();
  std::uint64_t size_ = 0;  // bytes written to the file (and hashed)
  std::string pending_;     // appended bytes after size_, not written yet (< kWriteBuffer)
  bool dirty_ = false;      // a write failed half-way: the file may hold more than size_
};

// The partial file's path for a digest: PARTIAL_DIR/<sha256 hex>.part.
std::string PartialPath(const std::string& partial_dir, const Sha256& sha256);

}  // namespace appvault::client::transfer
