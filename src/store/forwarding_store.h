// ForwardingStore: a MetadataStore that passes every call to another one — the base of
// test decorators that inject a fault or a pause into one method (override just that one).
// Test-only.
#pragma once

#include "store/store.h"

namespace appvault::store {

// Thread-safety: as the inner store's. Does not own `inner`, which must outlive it.
class ForwardingStore : public MetadataStore {
 public:
  explicit ForwardingStore(MetadataStore& inner) : inner_(inner) {}

  std::unique_ptr<ReadSnapshot> PinReadSnapshot() override { return inner_.PinReadSnapshot(); }
  std::optional<std::uint64_t> ChangeCount() override { return inner_.ChangeCount(); }
  Result<User> CreateUser(const std::string& username, const std::string& password_hash, Role role,
                          std::int64_t now) override {
    return inner_.CreateUser(username, password_hash, role, now);
  }
  Result<User> FindUserByName(std::string_view username) override {
    return inner_.FindUserByName(username);
  }
  Result<User> FindUserById(std::int64_t user_id) override { return inner_.FindUserById(user_id); }
  Status SetPreferences(std::int64_t user_id, const Preferences& preferences) override {
    return inner_.SetPreferences(user_id, preferences);
  }
  Status CreateSession(const Session& session) override { return inner_.CreateSession(session); }
  Result<Session> FindSession(const Sha256& token_hash) override {
    return inner_.FindSession(token_hash);
  }
  Status DeleteSession(const Sha256& token_hash) override {
    return inner_.DeleteSession(token_hash);
  }
  Result<std::int64_t> DeleteExpiredSessions(std::int64_t now) override {
    return inner_.DeleteExpiredSessions(now);
  }
  Status CreateDevice(const Device& device, std::size_t max_devices) override {
    return inner_.CreateDevice(device, max_devices);
  }
  Result<std::vector<Device>> ListDevices(std::int64_t user_id) override {
    return inner_.ListDevices(user_id);
  }
  Result<Device> FindDevice(std::int64_t user_id, std::string_view device_id) override {
    return inner_.FindDevice(user_id, device_id);
  }
  Status AddPackage(const SoftwareRecord& software, const PackageRecord& package,
                    const PlaceBytes& place_bytes) override {
    return inner_.AddPackage(software, package, place_bytes);
  }
  Result<SoftwareRecord> FindSoftware(std::string_view software_id) override {
    return inner_.FindSoftware(software_id);
  }
  Result<std::vector<PackageRecord>> ListPackages(std::string_view software_id) override {
    return inner_.ListPackages(software_id);
  }
  Result<PackageRecord> FindPackage(const Sha256& sha256) override {
    return inner_.FindPackage(sha256);
  }
  Result<std::string> FindSoftwareIdByApp(Platform platform, const AppId& app) override {
    return inner_.FindSoftwareIdByApp(platform, app);
  }
  Result<std::vector<SoftwareRecord>> SearchSoftware(const SoftwareQuery& query) override {
    return inner_.SearchSoftware(query);
  }
  Result<std::vector<CatalogEntry>> CatalogInCategory(std::string_view category) override {
    return inner_.CatalogInCategory(category);
  }
  Status AddVote(std::int64_t user_id, std::string_view software_id, std::int64_t now) override {
    return inner_.AddVote(user_id, software_id, now);
  }
  Status RecordBlob(const BlobRecord& blob, std::optional<std::int64_t> owner_id) override {
    return inner_.RecordBlob(blob, owner_id);
  }
  Result<BlobRecord> FindBlob(const Sha256& sha256) override { return inner_.FindBlob(sha256); }
  Status RecordPrivateBlob(const BlobRecord& blob, std::int64_t owner_id, std::uint64_t quota_bytes,
                           const PlaceBytes& place_bytes) override {
    return inner_.RecordPrivateBlob(blob, owner_id, quota_bytes, place_bytes);
  }
  Result<std::uint64_t> PrivateBytes(std::int64_t owner_id) override {
    return inner_.PrivateBytes(owner_id);
  }
  Result<bool> IsBlobOwner(const Sha256& sha256, std::int64_t user_id) override {
    return inner_.IsBlobOwner(sha256, user_id);
  }
  Result<std::vector<BlobRecord>> ListBlobs() override { return inner_.ListBlobs(); }
  Result<std::vector<BlobRecord>> ListUnreferencedBlobs(std::int64_t recorded_before,
                                                        std::optional<Sha256> after,
                                                        std::size_t limit) override {
    return inner_.ListUnreferencedBlobs(recorded_before, after, limit);
  }
  Result<bool> DeleteUnreferencedBlob(const Sha256& sha256, std::int64_t recorded_before) override {
    return inner_.DeleteUnreferencedBlob(sha256, recorded_before);
  }
  Result<bool> IsBlobRecorded(const Sha256& sha256) override {
    return inner_.IsBlobRecorded(sha256);
  }
  Result<bool> RemoveUnrecordedBytes(const Sha256& sha256,
                                     const std::function<Status()>& remove) override {
    return inner_.RemoveUnrecordedBytes(sha256, remove);
  }
  Status PutBackups(std::int64_t user_id, const std::vector<BackupRecord>& backups,
                    std::size_t max_backups) override {
    return inner_.PutBackups(user_id, backups, max_backups);
  }
  Result<std::vector<BackupRecord>> ListBackups(std::int64_t user_id) override {
    return inner_.ListBackups(user_id);
  }
  Result<BackupRecord> FindBackup(std::int64_t user_id, const AppId& app) override {
    return inner_.FindBackup(user_id, app);
  }
  Result<BackupRecord> FindBackupOn(std::int64_t user_id, Platform platform,
                                    const AppId& app) override {
    return inner_.FindBackupOn(user_id, platform, app);
  }
  Result<SnapshotRecord> CreateSnapshot(std::int64_t user_id, std::string_view device_id,
                                        std::int64_t now, const std::vector<BackupRecord>& apps,
                                        const SnapshotLimits& limits) override {
    return inner_.CreateSnapshot(user_id, device_id, now, apps, limits);
  }
  Result<SnapshotRecord> AppendToSnapshot(std::int64_t user_id, std::int64_t snapshot_id,
                                          std::int64_t now, const std::vector<BackupRecord>& apps,
                                          const SnapshotLimits& limits) override {
    return inner_.AppendToSnapshot(user_id, snapshot_id, now, apps, limits);
  }
  Result<std::vector<SnapshotRecord>> ListSnapshots(
      std::int64_t user_id, std::optional<std::string_view> device_id) override {
    return inner_.ListSnapshots(user_id, device_id);
  }
  Result<SnapshotRecord> FindSnapshot(std::int64_t user_id, std::int64_t snapshot_id) override {
    return inner_.FindSnapshot(user_id, snapshot_id);
  }
  Result<SnapshotRecord> FindNewestSnapshot(std::int64_t user_id,
                                            std::optional<Platform> platform) override {
    return inner_.FindNewestSnapshot(user_id, platform);
  }
  Result<std::vector<BackupRecord>> ListSnapshotApps(std::int64_t user_id,
                                                     std::int64_t snapshot_id) override {
    return inner_.ListSnapshotApps(user_id, snapshot_id);
  }
  Status DeleteSnapshots(std::int64_t user_id, const std::vector<std::int64_t>& ids) override {
    return inner_.DeleteSnapshots(user_id, ids);
  }
  Status DeleteBackup(std::int64_t user_id, const AppId& app) override {
    return inner_.DeleteBackup(user_id, app);
  }

 protected:
  MetadataStore& inner_;
};

}  // namespace appvault::store
