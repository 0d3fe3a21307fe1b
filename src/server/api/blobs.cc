// POST /v1/blobs (a private blob) and GET/HEAD /v1/blobs/{sha256} (download with Range and
// ETag; packages for everyone signed in, private blobs for their owners only).
#include "api/blobs.h"

#include <boost/beast/http/field.hpp>

#include "server/api/blob_upload.h"
#include "server/api/handlers.h"
#include "server/api/views.h"
#include "server/serve_blob.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

// Anyone who may not read a blob learns only that there is no such blob.
Status NoBlob(std::string_view name) {
  return Status(StatusCode::kNotFound, "no blob " + std::string(name));
}

// A package of the library as a blob record (publishing records the blob after the
// package; this covers a crash in between). A split of an app set is no package of its own:
// without a blob record, it is recorded only because a package names it as a split.
Result<store::BlobRecord> PackageBlob(store::MetadataStore& store, const Sha256& sha256) {
  Result<store::PackageRecord> package = store.FindPackage(sha256);
  if (package.ok()) {
    return store::BlobRecord{sha256, package->package.size, store::BlobKind::kPackage,
                             package->published_at};
  }
  if (package.status().code() != StatusCode::kNotFound) return package.status();
  Result<bool> named = store.IsBlobRecorded(sha256);
  if (!named.ok()) return named.status();
  if (!*named) return package.status();
  return store::BlobRecord{sha256, 0, store::BlobKind::kPackage, 0};  // only sha256 is used
}

// The blob's record when the caller may read it; NoBlob otherwise.
Result<store::BlobRecord> ReadableBlob(const Call& call, std::string_view name) {
  Result<Sha256> sha256 = Sha256::ParseHex(name);
  if (!sha256.ok()) return NoBlob(name);
  store::MetadataStore& store = *call.services.store;
  Result<store::BlobRecord> record = store.FindBlob(*sha256);
  if (!record.ok() && record.status().code() == StatusCode::kNotFound) {
    record = PackageBlob(store, *sha256);  // published, the blob's record not yet written
  }
  if (!record.ok()) {
    return record.status().code() == StatusCode::kNotFound ? NoBlob(name) : record.status();
  }
  if (record->kind == store::BlobKind::kPackage) return record;
  Result<bool> owner = store.IsBlobOwner(*sha256, call.user->id);
  if (!owner.ok()) return owner.status();
  if (!*owner) return NoBlob(name);
  return record;
}

// The blob's bytes, checked against its name. A blob the database names but the disk has
// lost is data loss as much as one whose bytes changed.
Result<std::unique_ptr<blob::BlobFile>> OpenChecked(blob::BlobStore& blobs, const Sha256& sha256) {
  Result<std::unique_ptr<blob::BlobFile>> file = blobs.Open(sha256);
  if (file.ok() || file.status().code() != StatusCode::kNotFound) return file;
  return Status(StatusCode::kDataLoss,
                "blob " + sha256.Hex() + " is recorded in the database but missing from disk");
}

// 302 to the blob store's own URL: the bytes flow from there, and the client verifies them
// against the name as always. The URL is short-lived and personal: never cached.
server::Reply RedirectReply(const std::string& url) {
  server::Reply reply;
  reply.result(http::status::found);
  reply.set(http::field::location, url);
  reply.set(http::field::cache_control, "no-store");
  return reply;
}

}  // namespace

Result<server::Reply> UploadBlob(const Call& call) {
  Services& services = call.services;
  Result<ReceivedBlob> received =
      ReceiveBlob(*call.body, *services.blobs, services.options.max_private_blob_bytes);
  if (!received.ok()) return received.status();
  const blob::BlobInfo& info = received->info;
  store::BlobRecord record{info.sha256, info.size, store::BlobKind::kPrivate, services.clock()};
  // The bytes are put in place only once the quota allows them.
  Status recorded =
      services.store->RecordPrivateBlob(record, call.user->id, services.options.user_quota_bytes,
                                        [&] { return received->writer->Commit(); });
  if (!recorded.ok()) return recorded;
  return JsonReply(http::status::created, appvault::api::ToJson(appvault::api::StoredBlob{
                                              info.sha256, info.size, BlobUrl(info.sha256)}));
}

Result<server::Reply> DownloadBlob(const Call& call) {
  std::string_view name = call.request.Param("sha256");
  Result<store::BlobRecord> record = ReadableBlob(call, name);
  if (!record.ok()) return record.status();
  if (call.services.options.blob_redirect_ttl.count() > 0) {
    std::optional<std::string> url =
        call.services.blobs->DownloadUrl(record->sha256, call.services.options.blob_redirect_ttl);
    if (url) return RedirectReply(*url);
  }
  Result<std::unique_ptr<blob::BlobFile>> file = OpenChecked(*call.services.blobs, record->sha256);
  if (!file.ok()) return file.status();
  std::shared_ptr<blob::BlobFile> shared(std::move(file).value());
  return server::ServeBlob(call.request, std::move(shared), record->sha256.Hex(),
                           /*immutable=*/true);
}

}  // namespace appvault::server::api
