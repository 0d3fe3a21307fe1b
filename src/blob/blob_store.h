// BlobStore: content-addressed storage of package files and private blobs (configuration
// bundles). A blob's name is the SHA-256 of its bytes; every read is checked against it,
// and a mismatch is data loss — reported, never served.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/sha256.h"
#include "core/status.h"

namespace appvault::blob {

struct BlobInfo {
  Sha256 sha256;
  std::uint64_t size = 0;
};

// A blob as the store holds it, for garbage collection: its name, size and when its bytes
// were put in place (seconds since the Unix epoch).
struct StoredBlob {
  Sha256 sha256;
  std::uint64_t size = 0;
  std::int64_t stored_at = 0;
};

// A blob open for reading. Owns its file descriptor; closes it on destruction.
// Thread-safety: ReadAt may be called from several threads; the fd is for sendfile/pread.
class BlobFile {
 public:
  BlobFile(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  ~BlobFile();
  BlobFile(const BlobFile&) = delete;
  BlobFile& operator=(const BlobFile&) = delete;

  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }
  // Reads up to n bytes at offset into out; returns how many (0 at the end).
  // Errors: kUnavailable on an I/O error.
  Result<std::size_t> ReadAt(std::uint64_t offset, std::size_t n, char* out) const;

 private:
  int fd_;
  std::uint64_t size_;
};

// A blob being written: bytes are hashed as they arrive, into a staged file that becomes
// the blob only on Commit. Destroying an uncommitted writer removes the staged file.
// Thread-safety: one thread at a time.
class BlobWriter {
 public:
  virtual ~BlobWriter() = default;
  // Errors: kPayloadTooLarge past the writer's size limit (the staged file is then
  // discarded), kUnavailable on an I/O error.
  virtual Status Append(std::string_view bytes) = 0;
  virtual std::uint64_t size() const = 0;
  // Flushes the staged file to stable storage and returns its name and size; no Append
  // after. The staged file may then be read (e.g. inspected) at staged_path().
  virtual Result<BlobInfo> Finish() = 0;
  virtual const std::string& staged_path() const = 0;
  // Moves the finished blob into place (durably). A blob that already exists is kept and
  // the staged copy dropped. REQUIRES: Finish() succeeded.
  virtual Status Commit() = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // A writer refusing more than max_size bytes.
  virtual Result<std::unique_ptr<BlobWriter>> NewWriter(std::uint64_t max_size) = 0;
  // Opens a blob for reading, after checking that its bytes hash to its name (the check is
  // remembered until the file changes). Errors: kNotFound, kDataLoss (the bytes no longer
  // match: never serve them), kUnavailable.
  virtual Result<std::unique_ptr<BlobFile>> Open(const Sha256& sha256) = 0;
  // Whether the blob is present (its bytes are not read).
  virtual Result<bool> Exists(const Sha256& sha256) = 0;
  // For `appvaultd check`: ok when the blob exists and — with read_data — hashes to its
  // name (read afresh, never from memory). Errors: kNotFound, kDataLoss, kUnavailable.
  virtual Status Check(const Sha256& sha256, bool read_data) = 0;

  // A URL from which the blob's bytes can be fetched without credentials for `expires`
  // (`serve --blob-redirect`), or nullopt when the store has no such URL (a local folder).
  // Nothing is checked or fetched: the URL may name a blob that does not exist.
  virtual std::optional<std::string> DownloadUrl(const Sha256& sha256,
                                                 std::chrono::seconds expires) const {
    (void)sha256;
    (void)expires;
    return std::nullopt;
  }

  // --- garbage collection (only `appvaultd gc` and serve's collection call these) ---
  // Calls visit once for every blob in the store, in no particular order, stopping at (and
  // returning) the first error visit returns. Blobs put in place or deleted meanwhile may or
  // may not be visited. Errors: kUnavailable when the store cannot be listed.
  virtual Status ForEach(const std::function<Status(const StoredBlob&)>& visit) = 0;
  // Deletes the blob's bytes durably. REQUIRES: nothing names the blob (the caller holds
  // whatever lock stops an upload from recording it meanwhile). Errors: kNotFound when it
  // is absent, kUnavailable (read-only store, I/O error).
  virtual Status Delete(const Sha256& sha256) = 0;
  // Removes the bytes of uploads that were begun before `older_than` ago and never
  // finished (abandoned by a crash or a dropped connection); returns how many, and their
  // bytes. Errors: kUnavailable.
  struct Abandoned {
    std::size_t uploads = 0;
    std::uint64_t bytes = 0;
  };
  virtual Result<Abandoned> RemoveAbandonedUploads(std::chrono::seconds older_than) = 0;
};

}  // namespace appvault::blob
