// FileBlobStore: BlobStore on a local filesystem folder.
//   ROOT/ab/cd/abcd…(64 hex)   a blob, sharded by the first two bytes of its name
//   ROOT/.staging/             blobs being written (removed when abandoned)
// Writes are durable: staged file fsync'd, renamed into place, its folder fsync'd. A crash
// leaves either no blob or the whole blob (plus, at worst, a stale staged file, which
// opening the store for writing sweeps once it is old enough).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "blob/blob_store.h"

namespace appvault::blob {

struct FileBlobStoreOptions {
  // Open for reading only (`appvaultd check`): ROOT is not created, nothing is swept, and
  // NewWriter fails with kUnavailable. Nothing on disk is changed through the store.
  bool read_only = false;
  // Opening for writing removes staged files last modified longer ago than this: uploads
  // abandoned by a crash. A younger one is kept, as it may be an upload in progress (of
  // another process sharing the folder, such as a server still running).
  std::chrono::seconds sweep_staged_after{std::chrono::hours(1)};
};

// Thread-safety: all methods may be called from many threads at once.
class FileBlobStore : public BlobStore {
 public:
  // For writing: creates ROOT (and .staging) when missing and sweeps stale staged files
  // (options.sweep_staged_after). Read-only: ROOT must exist.
  // Errors: kUnavailable when the folder cannot be created or written (read-only: when it
  // is missing or unreadable).
  static Result<std::unique_ptr<FileBlobStore>> Open(const std::string& root,
                                                     FileBlobStoreOptions options = {});

  Result<std::unique_ptr<BlobWriter>> NewWriter(std::uint64_t max_size) override;
  Result<std::unique_ptr<BlobFile>> Open(const Sha256& sha256) override;
  Result<bool> Exists(const Sha256& sha256) override;
  Status Check(const Sha256& sha256, bool read_data) override;
  // Visits the files named like blobs (64 hex digits) in their shard folders ROOT/ab/cd/;
  // anything else there is left alone and not visited.
  Status ForEach(const std::function<Status(const StoredBlob&)>& visit) override;
  Status Delete(const Sha256& sha256) override;
  // The staged files (.staging/blob-…) last modified more than older_than ago.
  Result<Abandoned> RemoveAbandonedUploads(std::chrono::seconds older_than) override;

  // Where the blob lives (whether or not it exists).
  std::string PathOf(const Sha256& sha256) const;

 private:
  // The identity of a file's content as the filesystem reports it: if any of these change,
  // the bytes may have changed and are checked again.
  struct FileIdentity {
    unsigned long long device = 0, inode = 0, size = 0;
    long long mtime_ns = 0, ctime_ns = 0;
    bool operator==(const FileIdentity&) const = default;
  };

  FileBlobStore(std::string root, bool read_only) : root_(std::move(root)), read_only_(read_only) {}
  Status ReadOnlyError() const;
  bool KnownGood(const Sha256& sha256, const FileIdentity& identity);
  void RememberGood(const Sha256& sha256, const FileIdentity& identity);

  std::string root_;
  const bool read_only_;
  std::mutex mutex_;
  std::map<Sha256, FileIdentity> verified_;  // guarded by mutex_
};

}  // namespace appvault::blob
