#include "gc/collector.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace appvault::gc {
namespace {

// Records read from the store at a time.
constexpr std::size_t kPage = 500;

// Steps 2 and 3: deletes the blob's bytes while nothing records it. True when bytes were
// deleted; false when the blob is recorded (again) or its bytes were already gone.
Result<bool> RemoveBytes(store::MetadataStore& store, blob::BlobStore& blobs, const Sha256& sha256,
                         const base::FaultHook& fault) {
  bool deleted = false;
  Result<bool> unrecorded = store.RemoveUnrecordedBytes(sha256, [&]() -> Status {
    Status status = base::CheckFault(fault, "gc:bytes-removing");
    if (!status.ok()) return status;
    status = blobs.Delete(sha256);
    if (status.code() == StatusCode::kNotFound) return Status::Ok();  // gone already
    if (!status.ok()) return status;
    deleted = true;
    return base::CheckFault(fault, "gc:bytes-removed");
  });
  if (!unrecorded.ok()) return unrecorded.status();
  return deleted;
}

// Step 1 for every record nothing references, recorded at or before cutoff.
Status CollectRecords(store::MetadataStore& store, blob::BlobStore& blobs, std::int64_t cutoff,
                      const CollectOptions& options, CollectReport& report) {
  std::optional<Sha256> after;
  while (true) {
    Result<std::vector<store::BlobRecord>> page = store.ListUnreferencedBlobs(cutoff, after, kPage);
    if (!page.ok()) return page.status();
    for (const store::BlobRecord& record : *page) {
      after = record.sha256;
      Garbage garbage{record.sha256, record.size, Garbage::Kind::kRecord, record.created_at};
      if (options.dry_run) {
        report.deleted.push_back(garbage);
        continue;
      }
      Result<bool> deleted = store.DeleteUnreferencedBlob(record.sha256, cutoff);
      if (!deleted.ok()) return deleted.status();
      if (!*deleted) continue;  // named or uploaded again meanwhile
      Status fault = base::CheckFault(options.fault, "gc:record-deleted");
      if (!fault.ok()) return fault;
      Result<bool> removed = RemoveBytes(store, blobs, record.sha256, options.fault);
      if (!removed.ok()) return removed.status();
      report.deleted.push_back(garbage);
      if (*removed) report.bytes_freed += record.size;
    }
    if (page->size() < kPage) return Status::Ok();
  }
}

// The stored blobs no record names, put in place at or before cutoff.
Result<std::vector<blob::StoredBlob>> UnrecordedBytes(store::MetadataStore& store,
                                                      blob::BlobStore& blobs, std::int64_t cutoff) {
  std::vector<blob::StoredBlob> unrecorded;
  Status listed = blobs.ForEach([&](const blob::StoredBlob& stored) -> Status {
    if (stored.stored_at > cutoff) return Status::Ok();
    Result<bool> recorded = store.IsBlobRecorded(stored.sha256);
    if (!recorded.ok()) return recorded.status();
    if (!*recorded) unrecorded.push_back(stored);
    return Status::Ok();
  });
  if (!listed.ok()) return listed;
  return unrecorded;
}

// Step 3.
Status CollectBytes(store::MetadataStore& store, blob::BlobStore& blobs, std::int64_t cutoff,
                    const CollectOptions& options, CollectReport& report) {
  Result<std::vector<blob::StoredBlob>> unrecorded = UnrecordedBytes(store, blobs, cutoff);
  if (!unrecorded.ok()) return unrecorded.status();
  for (const blob::StoredBlob& stored : *unrecorded) {
    Garbage garbage{stored.sha256, stored.size, Garbage::Kind::kBytes, stored.stored_at};
    if (options.dry_run) {
      report.deleted.push_back(garbage);
      continue;
    }
    Result<bool> removed = RemoveBytes(store, blobs, stored.sha256, options.fault);
    if (!removed.ok()) return removed.status();
    if (!*removed) continue;  // recorded by an upload meanwhile
    report.deleted.push_back(garbage);
    report.bytes_freed += stored.size;
  }
  return Status::Ok();
}

}  // namespace

Result<CollectReport> Collect(store::MetadataStore& store, blob::BlobStore& blobs, std::int64_t now,
                              const CollectOptions& options) {
  const std::int64_t cutoff = now - options.grace.count();
  CollectReport report;
  Status status = CollectRecords(store, blobs, cutoff, options, report);
  if (status.ok()) status = CollectBytes(store, blobs, cutoff, options, report);
  if (!status.ok()) return status;
  if (!options.dry_run) {
    Result<blob::BlobStore::Abandoned> abandoned =
        blobs.RemoveAbandonedUploads(std::max(options.grace, kMinAbandonedUploadAge));
    if (!abandoned.ok()) return abandoned.status();
    report.abandoned_uploads = abandoned->uploads;
    report.abandoned_bytes = abandoned->bytes;
  }
  return report;
}

Result<std::vector<Garbage>> FindUnreferenced(store::MetadataStore& store, blob::BlobStore& blobs) {
  CollectOptions everything{.grace = std::chrono::seconds(0), .dry_run = true, .fault = nullptr};
  CollectReport report;
  const std::int64_t all = std::numeric_limits<std::int64_t>::max();
  Status status = CollectRecords(store, blobs, all, everything, report);
  if (status.ok()) status = CollectBytes(store, blobs, all, everything, report);
  if (!status.ok()) return status;
  std::stable_sort(report.deleted.begin(), report.deleted.end(),
                   [](const Garbage& a, const Garbage& b) {
                     if (a.kind != b.kind) return a.kind < b.kind;
                     return a.sha256 < b.sha256;
                   });
  return report.deleted;
}

std::string Describe(const Garbage& garbage) {
  std::string what = garbage.kind == Garbage::Kind::kRecord ? "blob record nothing references"
                                                            : "stored bytes no record names";
  return what + ", " + std::to_string(garbage.size) + " bytes";
}

}  // namespace appvault::gc
