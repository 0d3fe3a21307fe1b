// MetadataStore: the server's metadata — accounts, sessions, devices, the library (software,
// packages, votes), blob records and backups. One interface, several implementations
// (SQLite embedded, PostgreSQL for a service), all held to one conformance suite
// (store_conformance_test.h).
//
// Common contract of every method:
// - Errors: kNotFound where a lookup finds nothing (including another user's object: a
//   user-scoped lookup never reveals that the object exists), kConflict on a uniqueness
//   violation, kUnavailable when the database cannot be reached or is busy past its
//   timeout, kInternal for anything unexpected. Nothing is half-written: each method is one
//   transaction.
// - Times are seconds since the Unix epoch, passed in by the caller (the store reads no
//   clock); ids of devices are chosen by the caller.
// - Thread-safety: every method may be called from many threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_id.h"
#include "core/backup.h"
#include "core/decide.h"
#include "core/status.h"
#include "store/records.h"

namespace appvault::store {

// A software as the library keeps it: the domain view plus its owner.
struct SoftwareRecord {
  Software software;          // software.votes is the current count (read-only here)
  std::int64_t owner_id = 0;  // the publisher who created it
  std::int64_t created_at = 0;
  std::string owner_username;  // read-only: the owner's account name (catalog's published_by)
};

struct SoftwareQuery {
  std::string text;                  // "" or a case-insensitive substring of id, name or publisher
  std::string category;              // "" or an exact category
  std::optional<Platform> platform;  // only software with a package for this platform
  std::size_t limit = 100;           // at most this many, ordered by id
  std::size_t offset = 0;
};

// A read snapshot pinned to one thread (MetadataStore::PinReadSnapshot); destroying it ends
// the snapshot. Must be destroyed on the thread that pinned it.
class ReadSnapshot {
 public:
  virtual ~ReadSnapshot() = default;
};

// No limit, for the counted limits of CreateDevice and PutBackups.
inline constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);

// How long a change committed by another process may go unnoticed by ChangeCount() of the
// SQLite store (one machine; PostgreSQL, the store of several servers, notices at once).
inline constexpr std::chrono::milliseconds kForeignChangeDelay{50};

class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // --- read snapshots ---
  // Until the returned object is destroyed, every read this thread makes through this
  // store runs in one read transaction on one connection: the reads agree with each other
  // and cost one transaction instead of one each. For a request that only reads (a
  // restore plan). REQUIRES: this thread makes no write through this store meanwhile (such
  // a write fails with kInternal and changes nothing). Returns nullptr when there is
  // nothing to pin (a backend without snapshots, a snapshot already pinned on this thread,
  // or the transaction could not begin): the reads then run one by one as usual.
  virtual std::unique_ptr<ReadSnapshot> PinReadSnapshot() { return nullptr; }

  // --- change detection ---
  // A number that differs from every earlier answer once any change to the data has been
  // committed since by this store, and once a change committed by another store on the
  // same database (another process: `appvaultd user add`, another server) has been noticed
  // — within kForeignChangeDelay for SQLite, at once for PostgreSQL. Two equal answers
  // therefore mean that nothing was committed between them (for SQLite: except perhaps by
  // another store in the last kForeignChangeDelay). For caches of answers computed from the
  // store: read it before reading what is cached (a change committed after that read makes
  // the entry stale, never wrong). nullopt when the backend cannot tell (nothing may then be
  // cached). Cheap: SQLite reads the database at most once per kForeignChangeDelay;
  // PostgreSQL makes one short query per call.
  virtual std::optional<std::uint64_t> ChangeCount() { return std::nullopt; }

  // --- accounts ---
  // Errors: kConflict when the username is taken.
  virtual Result<User> CreateUser(const std::string& username, const std::string& password_hash,
                                  Role role, std::int64_t now) = 0;
  virtual Result<User> FindUserByName(std::string_view username) = 0;
  virtual Result<User> FindUserById(std::int64_t user_id) = 0;
  // Replaces the user's stored settings (an absent value clears that setting).
  virtual Status SetPreferences(std::int64_t user_id, const Preferences& preferences) = 0;

  // --- sessions ---
  virtual Status CreateSession(const Session& session) = 0;
  virtual Result<Session> FindSession(const Sha256& token_hash) = 0;
  // Errors: kNotFound when there is no such session.
  virtual Status DeleteSession(const Sha256& token_hash) = 0;
  // Removes sessions with expires_at <= now; returns how many.
  virtual Result<std::int64_t> DeleteExpiredSessions(std::int64_t now) = 0;

  // --- devices ---
  // Errors: kConflict when the id exists; kQuotaExceeded (naming the limit) when the user
  // already has max_devices devices.
  virtual Status CreateDevice(const Device& device, std::size_t max_devices = kNoLimit) = 0;
  // The user's devices, oldest first.
  virtual Result<std::vector<Device>> ListDevices(std::int64_t user_id) = 0;
  // Errors: kNotFound also when the device belongs to another user.
  virtual Result<Device> FindDevice(std::int64_t user_id, std::string_view device_id) = 0;

  // --- the library ---
  // Puts a blob's bytes in place (BlobWriter::Commit), called by a write method inside its
  // transaction once every check has passed and before the rows that name the blob are
  // written: a refused request leaves no bytes behind, and no row names missing bytes. Its
  // error aborts the method (nothing is written).
  using PlaceBytes = std::function<Status()>;

  // In one transaction: checks, creates the software from `software` when its id is new (an
  // existing software is left as it is), runs place_bytes (when given), then adds the
  // package. Refusals, checked in this order against what is stored at that moment:
  //   kForbidden — the software exists and its owner is not software.owner_id (the owner the
  //     caller checked: another publisher created it meanwhile);
  //   kVersionExists — a package with these bytes (same sha256) exists;
  //   kSignerMismatch — an Android package whose signer is not of the signer lineage (same
  //     certificate, or linked by a v3 rotation proof, Package::signer_lineage) of the
  //     library's Android packages of the same app id — in any software — or of the
  //     software's earlier Android packages (CONTRACT §4 rule 7: signer before version);
  //   kConflict — the package's (platform, app id) already belongs to another software;
  //   kVersionExists — the software already has a package of this platform, version and
  //     ABI set.
  virtual Status AddPackage(const SoftwareRecord& software, const PackageRecord& package,
                            const PlaceBytes& place_bytes = nullptr) = 0;
  virtual Result<SoftwareRecord> FindSoftware(std::string_view software_id) = 0;
  // The software's packages, every platform, ordered by platform then version.
  virtual Result<std::vector<PackageRecord>> ListPackages(std::string_view software_id) = 0;
  virtual Result<PackageRecord> FindPackage(const Sha256& sha256) = 0;
  // The software that has packages of this app id on this platform; kNotFound if none.
  virtual Result<std::string> FindSoftwareIdByApp(Platform platform, const AppId& app) = 0;
  virtual Result<std::vector<SoftwareRecord>> SearchSoftware(const SoftwareQuery& query) = 0;
  // Every software of the category with its packages (Decide()'s related software).
  // An empty category gives an empty list.
  virtual Result<std::vector<CatalogEntry>> CatalogInCategory(std::string_view category) = 0;
  // One vote per user per software. Errors: kNotFound (no such software), kConflict (voted).
  virtual Status AddVote(std::int64_t user_id, std::string_view software_id, std::int64_t now) = 0;

  // --- blobs ---
  // Records that the blob exists (idempotent) and, for a private blob, that `owner_id`
  // may read it. A blob recorded as a package stays a package blob.
  virtual Status RecordBlob(const BlobRecord& blob, std::optional<std::int64_t> owner_id) = 0;
  virtual Result<BlobRecord> FindBlob(const Sha256& sha256) = 0;
  // True when the user uploaded this private blob.
  // RecordBlob for a private blob of `owner_id`, with place_bytes run inside the
  // transaction before the rows are written — unless the user's private blobs would then
  // hold more than quota_bytes in all (a blob the user already has costs nothing again):
  // kQuotaExceeded naming the quota, and nothing is placed or written.
  virtual Status RecordPrivateBlob(const BlobRecord& blob, std::int64_t owner_id,
                                   std::uint64_t quota_bytes, const PlaceBytes& place_bytes) = 0;
  // The bytes of the user's private blobs, in all.
  virtual Result<std::uint64_t> PrivateBytes(std::int64_t owner_id) = 0;
  virtual Result<bool> IsBlobOwner(const Sha256& sha256, std::int64_t user_id) = 0;
  // Every blob the database names (for `appvaultd check`), ordered by sha256.
  virtual Result<std::vector<BlobRecord>> ListBlobs() = 0;

  // --- garbage collection (CONTRACT §6) ---
  // A blob is *referenced* while a package of the library or an app of any snapshot names
  // it, and *recorded* while it has a blob record or a package names it. A blob record's
  // created_at is when its bytes were last uploaded (RecordPrivateBlob of bytes already
  // recorded moves it forward), so a grace period counts from the latest upload.
  //
  // The blob records that nothing references and whose created_at is at or before
  // `recorded_before`, ordered by sha256, at most `limit` of them, starting after `after`
  // when given (to page through them).
  virtual Result<std::vector<BlobRecord>> ListUnreferencedBlobs(std::int64_t recorded_before,
                                                                std::optional<Sha256> after,
                                                                std::size_t limit) = 0;
  // In one write transaction: deletes the blob's record (and who may read it) when it
  // exists, nothing references it and its created_at is at or before recorded_before;
  // returns whether it did. Its bytes stay: RemoveUnrecordedBytes removes them after.
  virtual Result<bool> DeleteUnreferencedBlob(const Sha256& sha256,
                                              std::int64_t recorded_before) = 0;
  // Whether the blob is recorded.
  virtual Result<bool> IsBlobRecorded(const Sha256& sha256) = 0;
  // In one write transaction that writes nothing: when the blob is not recorded, runs
  // `remove` (which deletes its bytes) and returns true; else returns false without running
  // it. Holding the write lock is the point: every upload records its blob in a write
  // transaction that also puts the bytes in place (PlaceBytes), so no upload can put these
  // bytes back and record them between the check and `remove`. Its error is returned.
  virtual Result<bool> RemoveUnrecordedBytes(const Sha256& sha256,
                                             const std::function<Status()>& remove) = 0;

  // --- backups and snapshots (CONTRACT §6) ---
  // A backup record is keyed by (snapshot, platform, app). "The newest" record of an app is
  // the one in the highest-numbered snapshot that holds it.
  //
  // Records one snapshot of the user's device `device_id` at `now`, holding `apps` (their
  // device_id, backed_up_at and snapshot_id are set by the store), in one transaction.
  // Errors: kNotFound when the device is not the user's; kInvalidArgument when an app is
  // named twice for one platform, a version is not of its record's platform, or a
  // config_sha256 is not a private blob the user uploaded (checked in the transaction, so
  // that garbage collection never deletes a blob a snapshot is being made to name);
  // kQuotaExceeded when the device already has limits.per_device snapshots or the user
  // limits.per_user (the message names the limit and `forget --keep-…`); nothing is stored.
  virtual Result<SnapshotRecord> CreateSnapshot(std::int64_t user_id, std::string_view device_id,
                                                std::int64_t now,
                                                const std::vector<BackupRecord>& apps,
                                                const SnapshotLimits& limits) = 0;
  // Adds `apps` to the user's snapshot `snapshot_id` (a backup run of more apps than one
  // request carries), in one transaction; returns the snapshot as it then is. Only the
  // newest snapshot of its device takes more apps: history is never rewritten.
  // Errors: kNotFound (not the user's snapshot); kConflict when a newer snapshot
  // of the device exists; kInvalidArgument as CreateSnapshot's, and when an app is already
  // in the snapshot; kQuotaExceeded past
  // limits.backed_up_apps; nothing is stored.
  virtual Result<SnapshotRecord> AppendToSnapshot(std::int64_t user_id, std::int64_t snapshot_id,
                                                  std::int64_t now,
                                                  const std::vector<BackupRecord>& apps,
                                                  const SnapshotLimits& limits) = 0;
  // The user's snapshots, newest first; only those of `device_id` when given.
  virtual Result<std::vector<SnapshotRecord>> ListSnapshots(
      std::int64_t user_id, std::optional<std::string_view> device_id) = 0;
  // Errors: kNotFound when the user has no such snapshot.
  virtual Result<SnapshotRecord> FindSnapshot(std::int64_t user_id, std::int64_t snapshot_id) = 0;
  // The user's newest snapshot of a device of `platform` (any platform when not given).
  // Errors: kNotFound when there is none.
  virtual Result<SnapshotRecord> FindNewestSnapshot(std::int64_t user_id,
                                                    std::optional<Platform> platform) = 0;
  // The apps of one of the user's snapshots, ordered by platform and app id.
  // Errors: kNotFound when the user has no such snapshot.
  virtual Result<std::vector<BackupRecord>> ListSnapshotApps(std::int64_t user_id,
                                                             std::int64_t snapshot_id) = 0;
  // Removes the given snapshots of the user, all or none. Errors: kNotFound naming the first
  // id that is not one of the user's snapshots.
  virtual Status DeleteSnapshots(std::int64_t user_id, const std::vector<std::int64_t>& ids) = 0;

  // Records the backups as one snapshot per device they name, at each device's newest
  // backed_up_at, in one transaction, with no snapshot limit (the route POST /v1/backups of
  // schema 1 and tests). Errors: as CreateSnapshot; kQuotaExceeded (naming the limit,
  // nothing written) when the user would then have backed up more than max_backups apps
  // (distinct platform and app id over all snapshots).
  virtual Status PutBackups(std::int64_t user_id, const std::vector<BackupRecord>& backups,
                            std::size_t max_backups = kNoLimit) = 0;
  // The newest record of each (platform, app) the user has backed up, ordered by app id, then
  // platform.
  virtual Result<std::vector<BackupRecord>> ListBackups(std::int64_t user_id) = 0;
  // The newest record of the app on any platform. Errors: kNotFound.
  virtual Result<BackupRecord> FindBackup(std::int64_t user_id, const AppId& app) = 0;
  // The newest record of the app on `platform`. Errors: kNotFound.
  virtual Result<BackupRecord> FindBackupOn(std::int64_t user_id, Platform platform,
                                            const AppId& app) = 0;
  // Removes the app (on every platform) from every snapshot of the user; the snapshots stay.
  // Errors: kNotFound when the user has no backup of the app.
  virtual Status DeleteBackup(std::int64_t user_id, const AppId& app) = 0;
};

}  // namespace appvault::store
