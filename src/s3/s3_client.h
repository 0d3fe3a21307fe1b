// Client: the S3 requests the blob store makes (path-style addressing, every request signed
// with SigV4 and its payload's SHA-256), over libcurl. Object keys are relative to the
// bucket; the Location's prefix is not added here (the caller names whole keys).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "s3/s3_location.h"
#include "s3/sigv4.h"

namespace appvault::s3 {

// A request's payload: nothing, bytes in memory, or `length` bytes of an open file from
// `offset` (read with pread; the caller keeps fd open during the call). sha256_hex: the
// payload's SHA-256 in hex (the object store checks it against what arrives).
struct Payload {
  std::string_view bytes;
  int fd = -1;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  std::string sha256_hex = std::string(kEmptyPayloadSha256);
};

struct ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
  std::int64_t last_modified = 0;  // seconds since the Unix epoch
};

struct MultipartUpload {
  std::string key;
  std::string upload_id;
  std::int64_t initiated = 0;  // seconds since the Unix epoch
};

// Transfers give up when connecting takes longer than this, or when fewer than one byte a
// second flows for kStallSeconds.
inline constexpr long kConnectTimeoutSeconds = 10;
inline constexpr long kStallSeconds = 30;

// Errors of every call: kUnavailable "S3 METHOD s3://BUCKET/KEY: …" naming libcurl's reason
// or the store's HTTP status with its error code and message (a refused signature or
// credentials included); kNotFound where a missing object is an answer, as said.
// Thread-safety: every method may be called from many threads at once (a pool of
// connections is kept and reused).
class Client {
 public:
  Client(Location location, Credentials credentials);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const Location& location() const { return location_; }

  // The object's size and time; nullopt when it does not exist.
  Result<std::optional<ObjectInfo>> Head(const std::string& key);
  Status Put(const std::string& key, const Payload& payload);
  // Streams the object's bytes from byte `first` to its end into sink (a sink error ends the
  // transfer and is returned). Errors: kNotFound when the object does not exist.
  Status Get(const std::string& key, std::uint64_t first,
             const std::function<Status(std::string_view)>& sink);
  // Deleting an object that does not exist succeeds (as S3 answers it).
  Status Delete(const std::string& key);
  // Every object whose key starts with prefix (ListObjectsV2, page by page), stopping at the
  // first error visit returns.
  Status List(const std::string& prefix, const std::function<Status(const ObjectInfo&)>& visit);

  // A multipart upload: Begin, then parts numbered 1.. (each but the last ≥ 5 MiB), then
  // Complete with the parts' ETags in order, or Abort.
  Result<std::string> BeginMultipart(const std::string& key);
  Result<std::string> PutPart(const std::string& key, const std::string& upload_id, int part_number,
                              const Payload& payload);
  Status CompleteMultipart(const std::string& key, const std::string& upload_id,
                           const std::vector<std::string>& etags);
  Status AbortMultipart(const std::string& key, const std::string& upload_id);
  // The multipart uploads begun and neither completed nor aborted, under prefix.
  Status ListMultipart(const std::string& prefix,
                       const std::function<Status(const MultipartUpload&)>& visit);

  // A URL that GETs the object without credentials for expires_seconds (1..604800) from
  // unix_seconds (presigned with SigV4).
  std::string PresignGet(const std::string& key, int expires_seconds,
                         std::int64_t unix_seconds) const;

 private:
  struct Request;
  struct Response;
  Result<Response> Send(Request& request);
  void* TakeHandle();
  void ReturnHandle(void* handle);

  Location location_;
  Credentials credentials_;
  std::mutex mutex_;
  std::vector<void*> idle_;  // CURL* easy handles, guarded by mutex_
};

}  // namespace appvault::s3
