// Garbage collection of blobs (CONTRACT §6): deletes the blobs that no package, snapshot or
// upload in progress references, once they are older than a grace period.
//
// A blob is *referenced* while a package or a snapshot's app names it (the store's
// definition, MetadataStore::ListUnreferencedBlobs). An upload in progress is protected by
// time: a configuration bundle is uploaded before the backup that names it is recorded, so
// its record is young (its time moves forward with every upload of the same bytes), and
// bytes being written sit in the blob store's staging area until their record is written.
//
// Crash safety, in the order of the steps: (1) a record is deleted, in one write
// transaction, only while nothing names it; (2) its bytes are deleted afterwards, in a
// write transaction that first checks that nothing records them (no upload can record the
// same bytes meanwhile: uploads record inside their own write transaction); (3) bytes no
// record names — left by a crash between (1) and (2) — are deleted the same way as (2) once
// old enough. A crash at any point therefore leaves no referenced blob deleted and no record
// naming missing bytes; at worst unrecorded bytes, which the next collection deletes.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/fault_hook.h"
#include "blob/blob_store.h"
#include "core/status.h"
#include "store/store.h"

namespace appvault::gc {

// How long an upload that never finished is kept, whatever the grace period: uploads
// make progress or are cut off by the server long before (min upload rate).
inline constexpr std::chrono::seconds kMinAbandonedUploadAge = std::chrono::hours(1);

struct CollectOptions {
  // Only what was stored at least this long ago goes: records last uploaded at or before
  // now - grace, bytes put in place at or before it.
  std::chrono::seconds grace = std::chrono::hours(24);
  bool dry_run = false;  // find and report, delete nothing
  // Called at "gc:record-deleted" (after a record's transaction), "gc:bytes-removing" and
  // "gc:bytes-removed" (inside the transaction of step 2 or 3, around the deletion of the
  // bytes) for every blob; a test's way to fail or crash there.
  base::FaultHook fault;
};

// A blob that is (or, on a dry run, would be) deleted.
struct Garbage {
  enum class Kind {
    kRecord,  // a blob record nothing references: the record and its bytes go
    kBytes,   // bytes no record names (a crash, or an upload never recorded): the bytes go
  };
  Sha256 sha256;
  std::uint64_t size = 0;
  Kind kind = Kind::kRecord;
  std::int64_t since = 0;  // the record's time, or when the bytes were put in place
};

struct CollectReport {
  std::vector<Garbage> deleted;       // in the order handled; dry run: what would be deleted
  std::uint64_t bytes_freed = 0;      // of blob bytes actually removed (0 on a dry run)
  std::size_t abandoned_uploads = 0;  // staged uploads removed (not counted on a dry run)
  std::uint64_t abandoned_bytes = 0;
};

// One collection at `now` (seconds since the epoch). A blob that became referenced or was
// uploaded again meanwhile is skipped, not an error. Errors: the first store or blob-store
// failure (kUnavailable, …) or fault; what was deleted before it stays deleted, and the
// state is as safe as after a crash there.
Result<CollectReport> Collect(store::MetadataStore& store, blob::BlobStore& blobs, std::int64_t now,
                              const CollectOptions& options);

// Every unreferenced blob, whatever its age, for `appvaultd check`: records nothing
// references and stored bytes nothing records, ordered by kind then name. Reads only.
Result<std::vector<Garbage>> FindUnreferenced(store::MetadataStore& store, blob::BlobStore& blobs);

// "private blob, 1234 bytes, unreferenced" / "unrecorded bytes, 1234 bytes". Pure.
std::string Describe(const Garbage& garbage);

}  // namespace appvault::gc
