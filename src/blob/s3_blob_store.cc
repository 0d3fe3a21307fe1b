#include "blob/s3_blob_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <limits>
#include <optional>
#include <vector>

#include "base/file_util.h"
#include "base/sha256_hasher.h"
#include "base/unique_fd.h"

namespace appvault::blob {
namespace {

// A broken download is resumed (a ranged GET from where it stopped) this many times.
constexpr int kFetchAttempts = 3;
// Cached copies are trimmed down to this share of cache_bytes, so trimming is rare.
constexpr double kTrimTo = 0.9;

std::int64_t Now() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

// The BlobWriter of S3BlobStore: the bytes go to a staged file of the local cache; Commit
// puts them into the bucket, then keeps the staged file as the blob's verified copy.
class S3BlobWriter : public BlobWriter {
 public:
  S3BlobWriter(S3BlobStore& store, std::unique_ptr<BlobWriter> staged)
      : store_(store), staged_(std::move(staged)) {}

  Status Append(std::string_view bytes) override { return staged_->Append(bytes); }
  std::uint64_t size() const override { return staged_->size(); }
  Result<BlobInfo> Finish() override {
    Result<BlobInfo> info = staged_->Finish();
    if (info.ok()) finished_ = *info;
    return info;
  }
  const std::string& staged_path() const override { return staged_->staged_path(); }
  Status Commit() override {
    if (!finished_) return Status(StatusCode::kInternal, "blob writer: Commit before Finish");
    return store_.CommitStaged(*staged_, *finished_);
  }

 private:
  S3BlobStore& store_;
  std::unique_ptr<BlobWriter> staged_;
  std::optional<BlobInfo> finished_;
};

// The blob a key names (PREFIX/blobs/<hex>), if it names one.
std::optional<Sha256> BlobOfKey(std::string_view key, std::string_view blobs_prefix) {
  if (!key.starts_with(blobs_prefix)) return std::nullopt;
  const std::string_view hex = key.substr(blobs_prefix.size());
  if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return std::nullopt;
  }
  Result<Sha256> sha = Sha256::ParseHex(hex);
  return sha.ok() ? std::optional<Sha256>(*sha) : std::nullopt;
}

}  // namespace

Result<std::unique_ptr<S3BlobStore>> S3BlobStore::Open(s3::Location location,
                                                       s3::Credentials credentials,
                                                       S3BlobStoreOptions options) {
  if (options.cache_dir.empty()) {
    return Status(StatusCode::kInvalidArgument, "S3 blob store: no local cache folder given");
  }
  if (options.part_size < kMinS3PartSize) {
    return Status(StatusCode::kInvalidArgument, "S3 blob store: parts of " +
                                                    std::to_string(options.part_size) +
                                                    " bytes are below S3's minimum of 5 MiB");
  }
  auto client = std::make_unique<s3::Client>(std::move(location), std::move(credentials));
  // One request proves the bucket is there and takes the credentials: a missing object is
  // an answer (404), a missing bucket or a refused signature is an error.
  Result<std::optional<s3::ObjectInfo>> probe =
      client->Head(client->location().prefix + "blobs/.probe");
  if (!probe.ok()) return probe.status();
  Result<std::unique_ptr<FileBlobStore>> cache = FileBlobStore::Open(options.cache_dir + "/cache");
  if (!cache.ok()) return cache.status();
  std::unique_ptr<S3BlobStore> store(
      new S3BlobStore(std::move(client), std::move(*cache), std::move(options)));
  std::uint64_t cached = 0;
  Status counted = store->cache_->ForEach([&](const StoredBlob& blob) {
    cached += blob.size;
    return Status::Ok();
  });
  if (!counted.ok()) return counted;
  store->cached_bytes_ = cached;
  store->TrimCache(Sha256{});
  return store;
}

Status S3BlobStore::ReadOnlyError() const {
  return Status(StatusCode::kUnavailable,
                "the blob store s3://" + client_->location().bucket + " is open for reading only");
}

std::string S3BlobStore::KeyOf(const Sha256& sha256) const {
  return client_->location().prefix + "blobs/" + sha256.Hex();
}

std::optional<std::string> S3BlobStore::DownloadUrl(const Sha256& sha256,
                                                    std::chrono::seconds expires) const {
  const auto seconds = std::clamp<std::int64_t>(expires.count(), 1, 7 * 24 * 3600);
  return client_->PresignGet(KeyOf(sha256), static_cast<int>(seconds), Now());
}

Result<std::unique_ptr<BlobWriter>> S3BlobStore::NewWriter(std::uint64_t max_size) {
  if (options_.read_only) return ReadOnlyError();
  Result<std::unique_ptr<BlobWriter>> staged = cache_->NewWriter(max_size);
  if (!staged.ok()) return staged.status();
  return std::unique_ptr<BlobWriter>(new S3BlobWriter(*this, std::move(*staged)));
}

Status S3BlobStore::Upload(const std::string& path, const Sha256& sha256, std::uint64_t size) {
  const std::string key = KeyOf(sha256);
  Result<std::optional<s3::ObjectInfo>> existing = client_->Head(key);
  if (!existing.ok()) return existing.status();
  if (existing->has_value() && (*existing)->size == size) return Status::Ok();  // the same bytes
  base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return base::ErrnoStatus("open staged blob", path);
  if (size > options_.part_size) return UploadInParts(fd.get(), key, size);
  s3::Payload payload;
  payload.fd = fd.get();
  payload.length = size;
  payload.sha256_hex = sha256.Hex();
  return client_->Put(key, payload);
}

Status S3BlobStore::CommitStaged(BlobWriter& staged, const BlobInfo& info) {
  if (Status uploaded = Upload(staged.staged_path(), info.sha256, info.size); !uploaded.ok())
    return uploaded;
  if (Status kept = staged.Commit(); !kept.ok()) return kept;
  cached_bytes_ += info.size;
  TrimCache(info.sha256);
  return Status::Ok();
}

Status S3BlobStore::UploadInParts(int fd, const std::string& key, std::uint64_t size) {
  Result<std::string> upload_id = client_->BeginMultipart(key);
  if (!upload_id.ok()) return upload_id.status();
  std::vector<std::string> etags;
  std::string buffer;
  for (std::uint64_t offset = 0; offset < size; offset += options_.part_size) {
    const std::uint64_t length = std::min(options_.part_size, size - offset);
    // The part's SHA-256, so that the store checks each part as it arrives.
    base::Sha256Hasher hasher;
    buffer.resize(1 << 20);
    for (std::uint64_t at = 0; at < length;) {
      const auto want =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), length - at));
      const ssize_t got = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset + at));
      if (got <= 0) {
        (void)client_->AbortMultipart(key, *upload_id);
        return base::ErrnoStatus("read staged blob", key);
      }
      hasher.Update(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
      at += static_cast<std::uint64_t>(got);
    }
    s3::Payload payload;
    payload.fd = fd;
    payload.offset = offset;
    payload.length = length;
    payload.sha256_hex = hasher.Finish().Hex();
    Result<std::string> etag =
        client_->PutPart(key, *upload_id, static_cast<int>(etags.size() + 1), payload);
    if (!etag.ok()) {
      (void)client_->AbortMultipart(key, *upload_id);
      return etag.status();
    }
    etags.push_back(*etag);
  }
  Status completed = client_->CompleteMultipart(key, *upload_id, etags);
  if (!completed.ok()) (void)client_->AbortMultipart(key, *upload_id);
  return completed;
}

Status S3BlobStore::Fetch(const Sha256& sha256) {
  Result<std::unique_ptr<BlobWriter>> writer =
      cache_->NewWriter(std::numeric_limits<std::uint64_t>::max());
  if (!writer.ok()) return writer.status();
  const std::string key = KeyOf(sha256);
  Status got;
  for (int attempt = 0; attempt < kFetchAttempts; ++attempt) {
    got = client_->Get(key, (*writer)->size(),
                       [&](std::string_view bytes) { return (*writer)->Append(bytes); });
    if (got.ok() || got.code() != StatusCode::kUnavailable) break;
  }
  if (!got.ok()) return got;
  Result<BlobInfo> info = (*writer)->Finish();
  if (!info.ok()) return info.status();
  if (info->sha256 != sha256) {
    return Status(StatusCode::kDataLoss,
                  "blob " + sha256.Hex() + ": the object s3://" + client_->location().bucket + "/" +
                      key + " holds other bytes (SHA-256 " + info->sha256.Hex() + ")");
  }
  if (Status committed = (*writer)->Commit(); !committed.ok()) return committed;
  cached_bytes_ += info->size;
  TrimCache(sha256);
  return Status::Ok();
}

void S3BlobStore::TrimCache(const Sha256& keep) {
  if (cached_bytes_ <= options_.cache_bytes) return;
  std::vector<StoredBlob> copies;
  if (!cache_
           ->ForEach([&](const StoredBlob& blob) {
             copies.push_back(blob);
             return Status::Ok();
           })
           .ok()) {
    return;  // the cache is only a copy: a failed trim is retried after the next fetch
  }
  std::sort(copies.begin(), copies.end(),
            [](const StoredBlob& a, const StoredBlob& b) { return a.stored_at < b.stored_at; });
  std::uint64_t total = 0;
  for (const StoredBlob& copy : copies)
    total += copy.size;
  const auto target =
      static_cast<std::uint64_t>(static_cast<double>(options_.cache_bytes) * kTrimTo);
  for (const StoredBlob& copy : copies) {
    if (total <= target) break;
    if (copy.sha256 == keep) continue;
    if (cache_->Delete(copy.sha256).ok()) total -= copy.size;  // open copies stay readable
  }
  cached_bytes_ = total;
}

Result<std::unique_ptr<BlobFile>> S3BlobStore::Open(const Sha256& sha256) {
  Result<std::unique_ptr<BlobFile>> cached = cache_->Open(sha256);
  if (cached.ok()) return cached;
  if (cached.status().code() == StatusCode::kDataLoss) {
    (void)cache_->Delete(sha256);  // a damaged local copy: the bucket's is fetched again
  } else if (cached.status().code() != StatusCode::kNotFound) {
    return cached.status();
  }
  if (Status fetched = Fetch(sha256); !fetched.ok()) return fetched;
  return cache_->Open(sha256);
}

Result<bool> S3BlobStore::Exists(const Sha256& sha256) {
  Result<std::optional<s3::ObjectInfo>> head = client_->Head(KeyOf(sha256));
  if (!head.ok()) return head.status();
  return head->has_value();
}

Status S3BlobStore::Check(const Sha256& sha256, bool read_data) {
  const std::string key = KeyOf(sha256);
  if (!read_data) {
    Result<bool> exists = Exists(sha256);
    if (!exists.ok()) return exists.status();
    return *exists
               ? Status::Ok()
               : Status(StatusCode::kNotFound, "blob " + sha256.Hex() + " is not in the bucket");
  }
  base::Sha256Hasher hasher;
  Status got = client_->Get(key, 0, [&](std::string_view bytes) {
    hasher.Update(bytes);
    return Status::Ok();
  });
  if (!got.ok()) return got;
  const Sha256 actual = hasher.Finish();
  if (actual != sha256) {
    return Status(StatusCode::kDataLoss, "blob " + sha256.Hex() + ": the object s3://" +
                                             client_->location().bucket + "/" + key +
                                             " holds other bytes (SHA-256 " + actual.Hex() + ")");
  }
  return Status::Ok();
}

Status S3BlobStore::ForEach(const std::function<Status(const StoredBlob&)>& visit) {
  const std::string blobs_prefix = client_->location().prefix + "blobs/";
  return client_->List(blobs_prefix, [&](const s3::ObjectInfo& object) {
    std::optional<Sha256> sha = BlobOfKey(object.key, blobs_prefix);
    if (!sha) return Status::Ok();
    return visit({*sha, object.size, object.last_modified});
  });
}

Status S3BlobStore::Delete(const Sha256& sha256) {
  if (options_.read_only) return ReadOnlyError();
  Result<bool> exists = Exists(sha256);
  if (!exists.ok()) return exists.status();
  if (!*exists)
    return Status(StatusCode::kNotFound, "blob " + sha256.Hex() + " is not in the bucket");
  if (Status deleted = client_->Delete(KeyOf(sha256)); !deleted.ok()) return deleted;
  (void)cache_->Delete(sha256);  // absent from the cache is fine
  return Status::Ok();
}

Result<BlobStore::Abandoned> S3BlobStore::RemoveAbandonedUploads(std::chrono::seconds older_than) {
  Result<Abandoned> local = cache_->RemoveAbandonedUploads(older_than);
  if (!local.ok()) return local.status();
  Abandoned removed = *local;
  if (options_.read_only) return removed;
  const std::int64_t before = Now() - older_than.count();
  std::vector<s3::MultipartUpload> stale;
  Status listed = client_->ListMultipart(client_->location().prefix + "blobs/",
                                         [&](const s3::MultipartUpload& upload) {
                                           if (upload.initiated <= before) stale.push_back(upload);
                                           return Status::Ok();
                                         });
  if (!listed.ok()) return listed;
  for (const s3::MultipartUpload& upload : stale) {
    if (Status aborted = client_->AbortMultipart(upload.key, upload.upload_id); !aborted.ok())
      return aborted;
    ++removed.uploads;
  }
  return removed;
}

}  // namespace appvault::blob
