// POST /v1/catalog/packages: a publisher adds a package to the library. The body streams
// into a staged blob; the package is inspected (signatures verified) and scanned before
// anything is stored, and stored only when the library accepts it.
#include <spdlog/spdlog.h>

#include "api/limits.h"
#include "pkg/apk_set_archive.h"
#include "pkg/inspect.h"
#include "server/api/blob_upload.h"
#include "server/api/handlers.h"
#include "server/api/publish_set.h"
#include "server/api/query.h"
#include "server/api/views.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

// What the query string says about the software (used when it is new).
struct PublishQuery {
  std::string software_id;  // "" = the app's existing software, else the app id
  std::string name, publisher, category, description;
};

Result<PublishQuery> ReadPublishQuery(std::string_view text) {
  Result<QueryParams> params =
      ParseQuery(text, {"software", "name", "publisher", "category", "description"});
  if (!params.ok()) return params.status();
  PublishQuery query;
  auto get = [&](std::string_view key) {
    auto it = params->find(key);
    return it == params->end() ? std::string() : it->second;
  };
  query.software_id = get("software");
  query.name = get("name");
  query.publisher = get("publisher");
  query.category = get("category");
  query.description = get("description");
  if (!query.software_id.empty() && !AppId::Parse(query.software_id).ok()) {
    return Status(StatusCode::kInvalidArgument,
                  "query parameter \"software\": expected 1 to 255 characters of "
                  "[A-Za-z0-9._-] in dot-separated parts");
  }
  if (query.name.size() > 200 || query.publisher.size() > 200 || query.category.size() > 100 ||
      query.description.size() > 4000) {
    return Status(StatusCode::kInvalidArgument,
                  "query parameters: name and publisher up to 200 characters, category up to "
                  "100, description up to 4000");
  }
  return query;
}

// Ok when the caller may add packages to the software: its owner, or an admin.
Status CheckOwner(const store::User& user, const store::SoftwareRecord& software) {
  if (software.owner_id == user.id || user.role == store::Role::kAdmin) return Status::Ok();
  return Status(StatusCode::kForbidden,
                "software \"" + software.software.id + "\" belongs to another publisher");
}

// Before the body is read: a software named in the query must be the caller's to publish to.
Status PreCheckOwner(const Call& call, const PublishQuery& query) {
  if (query.software_id.empty()) return Status::Ok();
  Result<store::SoftwareRecord> found = call.services.store->FindSoftware(query.software_id);
  if (!found.ok()) {
    return found.status().code() == StatusCode::kNotFound ? Status::Ok() : found.status();
  }
  return CheckOwner(*call.user, *found);
}

// The software the package joins: an existing one the caller may publish to, or a new one
// described by the query.
Result<store::SoftwareRecord> TargetSoftware(const Call& call, const PublishQuery& query,
                                             const pkg::PackageFacts& facts) {
  store::MetadataStore& store = *call.services.store;
  std::string id = query.software_id;
  if (id.empty()) {
    Result<std::string> existing = store.FindSoftwareIdByApp(facts.platform, facts.app);
    if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
      return existing.status();
    }
    id = existing.ok() ? *existing : facts.app.str();
  }
  Result<store::SoftwareRecord> found = store.FindSoftware(id);
  if (found.ok()) {
    Status allowed = CheckOwner(*call.user, *found);
    if (!allowed.ok()) return allowed;
    return found;
  }
  if (found.status().code() != StatusCode::kNotFound) return found.status();
  store::SoftwareRecord created;
  created.software = Software{id,
                              !query.name.empty()    ? query.name
                              : !facts.label.empty() ? facts.label
                                                     : facts.app.str(),
                              query.publisher.empty() ? call.user->username : query.publisher,
                              query.category,
                              query.description,
                              0};
  created.owner_id = call.user->id;
  created.owner_username = call.user->username;
  created.created_at = call.services.clock();
  return created;
}

store::PackageRecord ToRecord(const pkg::PackageFacts& facts, const std::string& software_id,
                              const Call& call) {
  store::PackageRecord record;
  Package& p = record.package;
  p.sha256 = facts.sha256;
  p.size = facts.size;
  p.software_id = software_id;
  p.platform = facts.platform;
  p.app = facts.app;
  p.version = facts.version;
  p.version_name = facts.version_name;
  p.min_os = facts.min_os;
  p.max_os = facts.max_os;
  p.abis = facts.abis;
  p.signer_sha256 = facts.signer_sha256.value_or(Sha256());  // zero: iOS, not verified
  p.signer_lineage = facts.signer_lineage;
  p.required_split_types = facts.required_split_types;
  p.split_types = facts.split_types;
  record.signer_subject = facts.signer_subject;
  record.published_by = call.user->id;
  record.published_at = call.services.clock();
  return record;
}

// Inspects and scans the staged package; its facts when the library may take it.
Result<pkg::PackageFacts> Vet(const Call& call, const ReceivedBlob& received) {
  // The upload was hashed as it arrived, into a staged file only this request writes.
  pkg::InspectOptions options;
  options.known_sha256 = received.info.sha256;
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(received.writer->staged_path(), options);
  if (!facts.ok()) return facts.status();
  Status clean = ScanPackage(*call.services.scanner, received.writer->staged_path());
  if (!clean.ok()) return clean;
  return facts;
}

// Adds the package to the library, its bytes put in place inside that transaction once the
// library's checks have passed (a refused package leaves no file), then the blob's record.
// The bytes are on disk before the database names them: a crash leaves at worst an unnamed
// blob.
Status Store(const Call& call, ReceivedBlob& received, const store::SoftwareRecord& software,
             const store::PackageRecord& record) {
  Status status =
      call.services.store->AddPackage(software, record, [&] { return received.writer->Commit(); });
  if (!status.ok()) return status;
  store::BlobRecord blob{received.info.sha256, received.info.size, store::BlobKind::kPackage,
                         record.published_at};
  return call.services.store->RecordBlob(blob, std::nullopt);
}

// A set: every member's bytes put in place inside the library's transaction, then their
// blob records.
Status StoreSet(const Call& call, VettedSet& vetted, const store::SoftwareRecord& software,
                const store::PackageRecord& record) {
  Status status = call.services.store->AddPackage(software, record, [&] {
    for (ReceivedBlob& member : vetted.members) {
      if (Status s = member.writer->Commit(); !s.ok()) return s;
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  for (const ReceivedBlob& member : vetted.members) {
    store::BlobRecord blob{member.info.sha256, member.info.size, store::BlobKind::kPackage,
                           record.published_at};
    if (Status s = call.services.store->RecordBlob(blob, std::nullopt); !s.ok()) return s;
  }
  return Status::Ok();
}

appvault::api::PublishedPackage Published(const store::PackageRecord& record,
                                          const store::SoftwareRecord& software,
                                          const pkg::PackageFacts& facts) {
  return {PackageView(record), facts.schemes, facts.label, SoftwareView(software)};
}

void LogPublished(const Call& call, const pkg::PackageFacts& facts,
                  const store::SoftwareRecord& software, std::size_t splits) {
  spdlog::info("published {} {} version {} ({}{}) to software \"{}\" by {}",
               PlatformName(facts.platform), facts.app.str(), facts.version.text(),
               facts.sha256.Short(),
               splits == 0 ? "" : " and " + std::to_string(splits) + " splits",
               software.software.id, call.user->username);
}

// The body is an `.apks`: the set is vetted whole, then stored as one package version whose
// splits are its members (CONTRACT §7). Nothing is stored on any refusal.
Result<server::Reply> PublishSet(const Call& call, const PublishQuery& query,
                                 const ReceivedBlob& archive) {
  const ApiOptions& options = call.services.options;
  Result<VettedSet> vetted =
      VetApkSet(archive.writer->staged_path(), *call.services.blobs, *call.services.scanner,
                options.max_package_bytes, appvault::api::kMaxSetMembers);
  if (!vetted.ok()) return vetted.status();
  const pkg::PackageFacts& base = vetted->set.base.facts;
  Result<store::SoftwareRecord> software = TargetSoftware(call, query, base);
  if (!software.ok()) return software.status();
  store::PackageRecord record = ToRecord(base, software->software.id, call);
  record.package.splits = pkg::SplitMembersOf(vetted->set);
  Status stored = StoreSet(call, *vetted, *software, record);
  if (!stored.ok()) return stored;
  LogPublished(call, base, *software, record.package.splits.size());
  return JsonReply(http::status::created,
                   appvault::api::ToJson(Published(record, *software, base)));
}

}  // namespace

Status CheckPublishRequest(const Call& call) {
  Result<PublishQuery> query = ReadPublishQuery(call.request.query);
  if (!query.ok()) return query.status();
  return PreCheckOwner(call, *query);
}

Result<server::Reply> PublishPackage(const Call& call) {
  Result<PublishQuery> query = ReadPublishQuery(call.request.query);
  if (!query.ok()) return query.status();
  Status allowed = PreCheckOwner(call, *query);
  if (!allowed.ok()) return allowed;
  Result<ReceivedBlob> received =
      ReceiveBlob(*call.body, *call.services.blobs, call.services.options.max_package_bytes);
  if (!received.ok()) return received.status();
  if (pkg::LooksLikeApks(received->writer->staged_path())) {
    return PublishSet(call, *query, *received);
  }
  Result<pkg::PackageFacts> facts = Vet(call, *received);
  if (!facts.ok()) return facts.status();
  Result<store::SoftwareRecord> software = TargetSoftware(call, *query, *facts);
  if (!software.ok()) return software.status();
  store::PackageRecord record = ToRecord(*facts, software->software.id, call);
  Status stored = Store(call, *received, *software, record);
  if (!stored.ok()) return stored;
  LogPublished(call, *facts, *software, 0);
  return JsonReply(http::status::created,
                   appvault::api::ToJson(Published(record, *software, *facts)));
}

}  // namespace appvault::server::api
