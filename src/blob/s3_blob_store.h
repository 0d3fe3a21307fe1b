// S3BlobStore: BlobStore on S3-compatible object storage (CONTRACT §9, `--blobs s3://…`).
//   PREFIX/blobs/<64 hex>   a blob, named by its SHA-256
// Uploads are staged in a local folder (hashed as they arrive, so the server may inspect a
// package before it is kept), then put to the bucket on Commit — in one PUT whose
// x-amz-content-sha256 is the blob's own name (the store checks every byte on arrival), or
// as a multipart upload of parts of `part_size`, each with its own SHA-256. Reads are
// served from a local cache of verified copies (a FileBlobStore in cache_dir/cache): a blob
// not there is fetched — resuming with ranged GETs when a transfer breaks — and kept only
// when its bytes hash to its name; the oldest copies are dropped beyond cache_bytes. Any
// number of servers may share one bucket: a blob's bytes never change, so a cached copy is
// never stale.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "blob/blob_store.h"
#include "blob/file_blob_store.h"
#include "s3/s3_client.h"

namespace appvault::blob {

struct S3BlobStoreOptions {
  // The local folder for staged uploads and verified copies (created when missing).
  std::string cache_dir = "";
  // Verified copies beyond this many bytes are removed, the oldest first.
  std::uint64_t cache_bytes = std::uint64_t{2} << 30;
  // Blobs larger than this are uploaded in parts of this size (S3's minimum part: 5 MiB).
  std::uint64_t part_size = std::uint64_t{16} << 20;
  // `appvaultd check`: NewWriter and Delete fail with kUnavailable; nothing in the bucket
  // is changed (fetched copies are still cached locally).
  bool read_only = false;
};

// The smallest part S3 accepts (every part but the last).
inline constexpr std::uint64_t kMinS3PartSize = std::uint64_t{5} << 20;

// Thread-safety: all methods may be called from many threads at once.
class S3BlobStore : public BlobStore {
 public:
  // Checks that the bucket answers with these credentials (one HEAD request).
  // Errors: kInvalidArgument (part_size below kMinS3PartSize, no cache_dir), kUnavailable
  // naming the bucket when it cannot be reached or refuses the credentials, or when
  // cache_dir cannot be created.
  static Result<std::unique_ptr<S3BlobStore>> Open(s3::Location location,
                                                   s3::Credentials credentials,
                                                   S3BlobStoreOptions options);

  Result<std::unique_ptr<BlobWriter>> NewWriter(std::uint64_t max_size) override;
  Result<std::unique_ptr<BlobFile>> Open(const Sha256& sha256) override;
  // A HEAD request: the bucket, not the cache, answers.
  Result<bool> Exists(const Sha256& sha256) override;
  // read_data: the object is read afresh from the bucket and hashed (the cache is not used).
  Status Check(const Sha256& sha256, bool read_data) override;
  // Lists PREFIX/blobs/; keys not named like a blob are left alone and not visited.
  Status ForEach(const std::function<Status(const StoredBlob&)>& visit) override;
  // Deletes the object and the cached copy.
  Status Delete(const Sha256& sha256) override;
  // Staged local uploads and multipart uploads begun before older_than ago are removed
  // (aborted); the bytes of aborted multipart uploads are not counted (S3 does not say them
  // without one more request per upload).
  Result<Abandoned> RemoveAbandonedUploads(std::chrono::seconds older_than) override;

  // The object key of a blob: PREFIX + "blobs/" + hex.
  std::string KeyOf(const Sha256& sha256) const;
  // A presigned GET of the blob's object, valid for `expires` (clamped to 1 s .. 7 days).
  std::optional<std::string> DownloadUrl(const Sha256& sha256,
                                         std::chrono::seconds expires) const override;
  // The Commit of this store's writers: puts the finished staged upload (`info`) into the
  // bucket unless it is there already, then keeps the staged file as the blob's verified
  // copy. Errors: kUnavailable.
  Status CommitStaged(BlobWriter& staged, const BlobInfo& info);

 private:
  S3BlobStore(std::unique_ptr<s3::Client> client, std::unique_ptr<FileBlobStore> cache,
              S3BlobStoreOptions options)
      : client_(std::move(client)), cache_(std::move(cache)), options_(std::move(options)) {}
  Status ReadOnlyError() const;
  Status Upload(const std::string& path, const Sha256& sha256, std::uint64_t size);
  Status UploadInParts(int fd, const std::string& key, std::uint64_t size);
  // Copies the blob from the bucket into the cache, verified. Errors: kNotFound, kDataLoss.
  Status Fetch(const Sha256& sha256);
  // Removes the oldest cached copies while the cache holds more than cache_bytes, sparing
  // `keep` (the copy just added, which the caller is about to open).
  void TrimCache(const Sha256& keep);

  std::unique_ptr<s3::Client> client_;
  std::unique_ptr<FileBlobStore> cache_;
  const S3BlobStoreOptions options_;
  std::atomic<std::uint64_t> cached_bytes_{0};
};

}  // namespace appvault::blob
