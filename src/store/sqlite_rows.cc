#include "store/sqlite_rows.h"

#include <utility>

#include "store/sqlite_codec.h"

namespace appvault::store::sqlite {
namespace {

// The package facts of a row from kPackageColumns, once its platform is known.
Status ReadPackageVersions(const Statement& row, Platform platform, Package* out) {
  Result<Version> version = StoredVersion(platform, row.Text(5));
  if (!version.ok()) return version.status();
  Result<std::optional<Version>> min_os = StoredOptionalVersion(platform, row.OptionalText(7));
  if (!min_os.ok()) return min_os.status();
  Result<std::optional<Version>> max_os = StoredOptionalVersion(platform, row.OptionalText(8));
  if (!max_os.ok()) return max_os.status();
  out->version = std::move(version).value();
  out->min_os = std::move(min_os).value();
  out->max_os = std::move(max_os).value();
  return Status::Ok();
}

Status ReadPackageFacts(const Statement& row, Package* out) {
  Result<Sha256> sha256 = row.Digest(0);
  if (!sha256.ok()) return sha256.status();
  Result<Platform> platform = StoredPlatform(row.Text(3));
  if (!platform.ok()) return platform.status();
  Result<AppId> app = StoredAppId(row.Text(4));
  if (!app.ok()) return app.status();
  Result<std::vector<std::string>> abis = StoredAbis(row.Text(9));
  if (!abis.ok()) return abis.status();
  Result<Sha256> signer = row.Digest(10);
  if (!signer.ok()) return signer.status();
  out->sha256 = *sha256;
  out->size = static_cast<std::uint64_t>(row.Int(1));
  out->software_id = row.Text(2);
  out->platform = *platform;
  out->app = std::move(app).value();
  out->version_name = row.Text(6);
  out->abis = std::move(abis).value();
  out->signer_sha256 = *signer;
  return ReadPackageVersions(row, *platform, out);
}

}  // namespace

std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string sql;
  for (std::string_view part : parts)
    sql += part;
  return sql;
}

Result<std::int64_t> CountRows(Connection& c, std::string_view table, std::int64_t user_id) {
  Result<Statement> stmt = c.Prepare(Sql({"SELECT COUNT(*) FROM ", table, " WHERE user_id = ?1"}));
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = stmt->Bind(1, user_id).Step();
  if (!row.ok()) return row.status();
  return stmt->Int(0);
}

Result<User> ReadUser(const Statement& row) {
  Result<Role> role = StoredRole(row.Text(3));
  if (!role.ok()) return role.status();
  User user;
  user.id = row.Int(0);
  user.username = row.Text(1);
  user.password_hash = row.Text(2);
  user.role = *role;
  user.preferences.install_latest = row.OptionalBool(4);
  user.preferences.accept_alternatives = row.OptionalBool(5);
  user.preferences.backup_config = row.OptionalBool(6);
  user.created_at = row.Int(7);
  return user;
}

Result<Session> ReadSession(const Statement& row) {
  Result<Sha256> token_hash = row.Digest(0);
  if (!token_hash.ok()) return token_hash.status();
  return Session{*token_hash, row.Int(1), row.Int(2), row.Int(3)};
}

Result<Device> ReadDevice(const Statement& row) {
  Result<Platform> platform = StoredPlatform(row.Text(3));
  if (!platform.ok()) return platform.status();
  Result<Version> os_version = StoredVersion(*platform, row.Text(4));
  if (!os_version.ok()) return os_version.status();
  Result<std::vector<std::string>> abis = StoredAbis(row.Text(5));
  if (!abis.ok()) return abis.status();
  Device device;
  device.id = row.Text(0);
  device.user_id = row.Int(1);
  device.name = row.Text(2);
  device.profile = DeviceProfile{*platform, std::move(os_version).value(), std::move(abis).value()};
  device.profile.density = static_cast<int>(row.Int(7));
  Result<std::vector<std::string>> locales = StoredStrings("locale list", row.Text(8));
  if (!locales.ok()) return locales.status();
  device.profile.locales = std::move(locales).value();
  device.created_at = row.Int(6);
  return device;
}

Result<SoftwareRecord> ReadSoftware(const Statement& row) {
  SoftwareRecord record;
  record.software =
      Software{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5)};
  record.owner_id = row.Int(6);
  record.created_at = row.Int(7);
  record.owner_username = row.Text(8);
  return record;
}

Result<PackageRecord> ReadPackage(const Statement& row) {
  PackageRecord record;
  Status facts = ReadPackageFacts(row, &record.package);
  if (!facts.ok()) return facts;
  record.signer_subject = row.Text(11);
  record.published_by = row.Int(12);
  record.published_at = row.Int(13);
  Result<std::vector<Sha256>> lineage = StoredLineage(row.Text(14));
  if (!lineage.ok()) return lineage.status();
  record.package.signer_lineage = std::move(lineage).value();
  Result<std::vector<std::string>> required = StoredStrings("split type list", row.Text(15));
  if (!required.ok()) return required.status();
  Result<std::vector<std::string>> types = StoredStrings("split type list", row.Text(16));
  if (!types.ok()) return types.status();
  record.package.required_split_types = std::move(required).value();
  record.package.split_types = std::move(types).value();
  return record;
}

Result<BlobRecord> ReadBlob(const Statement& row) {
  Result<Sha256> sha256 = row.Digest(0);
  if (!sha256.ok()) return sha256.status();
  Result<BlobKind> kind = StoredBlobKind(row.Text(2));
  if (!kind.ok()) return kind.status();
  return BlobRecord{*sha256, static_cast<std::uint64_t>(row.Int(1)), *kind, row.Int(3)};
}

Result<BackupRecord> ReadBackup(const Statement& row) {
  Result<AppId> app = StoredAppId(row.Text(0));
  if (!app.ok()) return app.status();
  Result<Platform> platform = StoredPlatform(row.Text(1));
  if (!platform.ok()) return platform.status();
  Result<Version> version = StoredVersion(*platform, row.Text(3));
  if (!version.ok()) return version.status();
  Result<std::optional<Sha256>> signer = row.OptionalDigest(5);
  if (!signer.ok()) return signer.status();
  Result<std::optional<Sha256>> config = row.OptionalDigest(8);
  if (!config.ok()) return config.status();
  BackupRecord backup;
  backup.app = std::move(app).value();
  backup.platform = *platform;
  backup.software_id = row.OptionalText(2);
  backup.version = std::move(version).value();
  backup.version_name = row.Text(4);
  backup.signer_sha256 = *signer;
  backup.device_id = row.Text(6);
  backup.backed_up_at = row.Int(7);
  backup.config_sha256 = *config;
  backup.snapshot_id = row.Int(9);
  return backup;
}

Result<SnapshotRecord> ReadSnapshotRow(const Statement& row) {
  Result<Platform> platform = StoredPlatform(row.Text(3));
  if (!platform.ok()) return platform.status();
  SnapshotRecord snapshot;
  snapshot.id = row.Int(0);
  snapshot.user_id = row.Int(1);
  snapshot.device_id = row.Text(2);
  snapshot.platform = *platform;
  snapshot.created_at = row.Int(4);
  snapshot.apps = row.Int(5);
  snapshot.with_config = row.Int(6) != 0;
  return snapshot;
}

}  // namespace appvault::store::sqlite
