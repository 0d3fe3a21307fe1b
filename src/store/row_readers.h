// What every SQL store reads back the same way: the column lists it selects, and the readers
// that turn one result row into a record. Each reader expects exactly its column list, in
// that order. A Row is any type with the accessors of a result row: IsNull, Int, Text,
// OptionalText, OptionalBool, Digest and OptionalDigest of a column index (the SQLite
// store's Statement, the PostgreSQL store's Row); values are stored as sqlite_codec.h
// writes them (integers, text, 32-byte digests).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/backup.h"
#include "core/package.h"
#include "core/status.h"
#include "store/records.h"
#include "store/sqlite_codec.h"
#include "store/store.h"

namespace appvault::store::rows {

using sqlite::StoredAbis;
using sqlite::StoredAppId;
using sqlite::StoredBlobKind;
using sqlite::StoredLineage;
using sqlite::StoredOptionalVersion;
using sqlite::StoredPlatform;
using sqlite::StoredRole;
using sqlite::StoredStrings;
using sqlite::StoredVersion;

// The concatenation of `parts`: SQL text assembled from the column lists below.
inline std::string Sql(std::initializer_list<std::string_view> parts) {
  std::string sql;
  for (std::string_view part : parts)
    sql += part;
  return sql;
}

inline constexpr std::string_view kUserColumns =
    "id, username, password_hash, role, install_latest, accept_alternatives, backup_config, "
    "created_at";
inline constexpr std::string_view kSessionColumns = "token_hash, user_id, created_at, expires_at";
inline constexpr std::string_view kDeviceColumns =
    "id, user_id, name, platform, os_version, abis, created_at, density, locales";
inline constexpr std::string_view kSoftwareColumns =
    "s.id, s.name, s.publisher, s.category, s.description, s.votes, s.owner_id, s.created_at, "
    "(SELECT u.username FROM users u WHERE u.id = s.owner_id)";
inline constexpr std::string_view kPackageColumns =
    "p.sha256, p.size, p.software_id, p.platform, p.app_id, p.version, p.version_name, "
    "p.min_os, p.max_os, p.abis, p.signer_sha256, p.signer_subject, p.published_by, "
    "p.published_at, p.signer_lineage, p.required_split_types, p.split_types";
inline constexpr std::string_view kBlobColumns = "sha256, size, kind, created_at";
// Of snapshot_apps `a` joined with snapshots `s`.
inline constexpr std::string_view kBackupColumns =
    "a.app, a.platform, a.software_id, a.version, a.version_name, a.signer_sha256, s.device_id, "
    "a.backed_up_at, a.config_sha256, a.snapshot_id";
inline constexpr std::string_view kSnapshotColumns =
    "id, user_id, device_id, platform, created_at, apps, with_config";
// Of package_splits (schema 5), without the package it belongs to.
inline constexpr std::string_view kSplitColumns =
    "name, sha256, size, kind, config_for, abi, density, locale, abis, required_split_types, "
    "split_types";

// The package facts of a row from kPackageColumns, once its platform is known.
template <typename Row>
Status ReadPackageVersions(const Row& row, Platform platform, Package* out) {
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

template <typename Row>
Status ReadPackageFacts(const Row& row, Package* out) {
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

template <typename Row>
Result<User> ReadUser(const Row& row) {
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

template <typename Row>
Result<Session> ReadSession(const Row& row) {
  Result<Sha256> token_hash = row.Digest(0);
  if (!token_hash.ok()) return token_hash.status();
  return Session{*token_hash, row.Int(1), row.Int(2), row.Int(3)};
}

template <typename Row>
Result<Device> ReadDevice(const Row& row) {
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
  // Field by field: GCC 12 fails (an internal error) on the aggregate in a template.
  device.profile.platform = *platform;
  device.profile.os_version = std::move(os_version).value();
  device.profile.abis = std::move(abis).value();
  device.profile.density = static_cast<int>(row.Int(7));
  Result<std::vector<std::string>> locales = StoredStrings("locale list", row.Text(8));
  if (!locales.ok()) return locales.status();
  device.profile.locales = std::move(locales).value();
  device.created_at = row.Int(6);
  return device;
}

template <typename Row>
Result<SoftwareRecord> ReadSoftware(const Row& row) {
  SoftwareRecord record;
  record.software =
      Software{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5)};
  record.owner_id = row.Int(6);
  record.created_at = row.Int(7);
  record.owner_username = row.Text(8);
  return record;
}

template <typename Row>
Result<PackageRecord> ReadPackage(const Row& row) {
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

// One split of an app set, from kSplitColumns.
template <typename Row>
Result<SplitMember> ReadSplit(const Row& row) {
  SplitMember split;
  split.name = row.Text(0);
  Result<Sha256> sha256 = row.Digest(1);
  if (!sha256.ok()) return sha256.status();
  split.sha256 = *sha256;
  split.size = static_cast<std::uint64_t>(row.Int(2));
  std::optional<SplitKind> kind = ParseSplitKind(row.Text(3));
  if (!kind) {
    return Status(StatusCode::kInternal, "database: unknown split kind \"" + row.Text(3) + "\"");
  }
  split.kind = *kind;
  split.config_for = row.Text(4);
  split.abi = row.Text(5);
  split.density = static_cast<int>(row.Int(6));
  split.locale = row.Text(7);
  Result<std::vector<std::string>> abis = StoredAbis(row.Text(8));
  if (!abis.ok()) return abis.status();
  Result<std::vector<std::string>> required = StoredStrings("split type list", row.Text(9));
  if (!required.ok()) return required.status();
  Result<std::vector<std::string>> types = StoredStrings("split type list", row.Text(10));
  if (!types.ok()) return types.status();
  split.abis = std::move(abis).value();
  split.required_split_types = std::move(required).value();
  split.split_types = std::move(types).value();
  return split;
}

template <typename Row>
Result<BlobRecord> ReadBlob(const Row& row) {
  Result<Sha256> sha256 = row.Digest(0);
  if (!sha256.ok()) return sha256.status();
  Result<BlobKind> kind = StoredBlobKind(row.Text(2));
  if (!kind.ok()) return kind.status();
  return BlobRecord{*sha256, static_cast<std::uint64_t>(row.Int(1)), *kind, row.Int(3)};
}

template <typename Row>
Result<BackupRecord> ReadBackup(const Row& row) {
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

template <typename Row>
Result<SnapshotRecord> ReadSnapshotRow(const Row& row) {
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

}  // namespace appvault::store::rows
