// A data folder written by a schema-1 binary opens on today's schema with every backup kept
// (CONTRACT §6): each device the user backed up from becomes one snapshot holding that
// device's records, field for field.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_statement.h"
#include "store/sqlite_store.h"
#include "store/store_conformance_fixture.h"
#include "support/temp_dir.h"

namespace appvault::store {
namespace {

using conformance::AppOf;
using conformance::DigestOf;
using conformance::Must;
using conformance::MustOk;

// One schema-1 backup row, as the released binary's PutBackups wrote it.
struct V1Backup {
  std::int64_t user_id;
  std::string app;
  std::string platform;
  std::optional<std::string> software_id;
  std::string version;
  std::string version_name;
  std::optional<Sha256> signer;
  std::string device_id;
  std::int64_t backed_up_at;
  std::optional<Sha256> config;
};

class SchemaOneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    raw_ = Must(sqlite::Connection::Open(path_, sqlite::ConnectionOptions{}));
    ASSERT_EQ(Must(sqlite::Migrate(*raw_, sqlite::SchemaMigrations().first(1))), 1);
  }

  void Exec(const std::string& sql) { MustOk(raw_->Exec(sql)); }

  // The released schema-1 statement of SqliteStore::PutBackups.
  void PutV1(const V1Backup& b) {
    sqlite::Statement stmt = Must(raw_->Prepare(
        "INSERT INTO backups (user_id, app, platform, software_id, version, version_name, "
        "signer_sha256, device_id, backed_up_at, config_sha256) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
        "ON CONFLICT (user_id, app) DO UPDATE SET platform = excluded.platform, "
        "software_id = excluded.software_id, version = excluded.version, "
        "version_name = excluded.version_name, signer_sha256 = excluded.signer_sha256, "
        "device_id = excluded.device_id, backed_up_at = excluded.backed_up_at, "
        "config_sha256 = excluded.config_sha256"));
    stmt.Bind(1, b.user_id).Bind(2, b.app).Bind(3, b.platform).Bind(4, b.software_id);
    stmt.Bind(5, b.version).Bind(6, b.version_name).Bind(7, b.signer).Bind(8, b.device_id);
    MustOk(stmt.Bind(9, b.backed_up_at).Bind(10, b.config).Run());
  }

  appvault::test::TempDir dir_;
  std::string path_ = dir_.Join("appvault.db");
  std::unique_ptr<sqlite::Connection> raw_;
};

void ExpectSame(const BackupRecord& got, const V1Backup& want) {
  SCOPED_TRACE(want.app);
  EXPECT_EQ(got.app.str(), want.app);
  EXPECT_EQ(PlatformName(got.platform), want.platform);
  EXPECT_EQ(got.software_id, want.software_id);
  EXPECT_EQ(got.version.text(), want.version);
  EXPECT_EQ(got.version_name, want.version_name);
  EXPECT_EQ(got.signer_sha256, want.signer);
  EXPECT_EQ(got.device_id, want.device_id);
  EXPECT_EQ(got.backed_up_at, want.backed_up_at);
  EXPECT_EQ(got.config_sha256, want.config);
}

TEST_F(SchemaOneTest, EveryBackupBecomesPartOfOneSnapshotPerDevice) {
  Exec(
      "INSERT INTO users (id, username, password_hash, role, created_at) VALUES "
      "(1, 'ann', 'h', 'user', 1), (2, 'bob', 'h', 'user', 1)");
  Exec(
      "INSERT INTO devices (id, user_id, name, platform, os_version, abis, created_at) VALUES "
      "('ann-pixel', 1, 'Pixel', 'android', '34', '[\"arm64-v8a\"]', 5), "
      "('ann-iphone', 1, 'iPhone', 'ios', '17.1', '[\"arm64\"]', 6), "
      "('bob-pixel', 2, 'Pixel', 'android', '30', '[\"x86_64\"]', 7)");
  const std::vector<V1Backup> ann = {
      {1, "com.alpha", "android", "alpha", "12", "1.2", DigestOf(1), "ann-pixel", 150, DigestOf(9)},
      {1, "com.beta", "android", std::nullopt, "3", "", std::nullopt, "ann-pixel", 100,
       std::nullopt},
      {1, "com.gamma", "ios", "gamma", "2.4.1", "2.4.1", std::nullopt, "ann-iphone", 120,
       DigestOf(8)},
  };
  const V1Backup bob = {2,     "com.alpha", "android",   "alpha", "11",
                        "1.1", DigestOf(1), "bob-pixel", 90,      DigestOf(7)};
  for (const V1Backup& b : ann)
    PutV1(b);
  PutV1(bob);
  raw_.reset();

  auto store = Must(SqliteStore::Open(path_));
  EXPECT_EQ(Must(Must(sqlite::Connection::Open(path_, {}))->PragmaInt("user_version")),
            sqlite::BinarySchemaVersion());

  std::vector<BackupRecord> listed = Must(store->ListBackups(1));
  ASSERT_EQ(listed.size(), 3u);
  for (std::size_t i = 0; i < ann.size(); ++i)
    ExpectSame(listed[i], ann[i]);
  std::vector<BackupRecord> bobs = Must(store->ListBackups(2));
  ASSERT_EQ(bobs.size(), 1u);
  ExpectSame(bobs[0], bob);

  // One snapshot per device, at its newest record's time, numbered in the order of those
  // times: bob's (90), ann's iPhone (120), ann's Pixel (150).
  std::vector<SnapshotRecord> snapshots = Must(store->ListSnapshots(1, std::nullopt));
  ASSERT_EQ(snapshots.size(), 2u);
  EXPECT_EQ(snapshots[0].device_id, "ann-pixel");
  EXPECT_EQ(snapshots[0].platform, Platform::kAndroid);
  EXPECT_EQ(snapshots[0].created_at, 150);
  EXPECT_EQ(snapshots[0].apps, 2);
  EXPECT_TRUE(snapshots[0].with_config);
  EXPECT_EQ(snapshots[1].device_id, "ann-iphone");
  EXPECT_EQ(snapshots[1].platform, Platform::kIos);
  EXPECT_EQ(snapshots[1].created_at, 120);
  EXPECT_EQ(snapshots[1].apps, 1);
  EXPECT_LT(Must(store->ListSnapshots(2, std::nullopt)).at(0).id, snapshots[1].id);
  EXPECT_LT(snapshots[1].id, snapshots[0].id);
  std::vector<BackupRecord> pixel = Must(store->ListSnapshotApps(1, snapshots[0].id));
  ASSERT_EQ(pixel.size(), 2u);
  ExpectSame(pixel[0], ann[0]);
  ExpectSame(pixel[1], ann[1]);
  EXPECT_EQ(Must(store->FindBackup(1, AppOf("com.gamma"))).snapshot_id, snapshots[1].id);
  // Devices registered before migration 4 have the defaults of `device init`.
  Device old_pixel = Must(store->FindDevice(1, "ann-pixel"));
  EXPECT_EQ(old_pixel.profile.density, 420);
  EXPECT_EQ(old_pixel.profile.locales, std::vector<std::string>{"en-US"});
  EXPECT_EQ(old_pixel.profile.abis, std::vector<std::string>{"arm64-v8a"});

  // The upgraded store goes on as any other: a new backup is a newer snapshot.
  SnapshotRecord next = Must(store->CreateSnapshot(1, "ann-pixel", 200, {}, {}));
  EXPECT_GT(next.id, snapshots[0].id);
}

TEST_F(SchemaOneTest, ADatabaseWithoutBackupsUpgradesToNoSnapshots) {
  Exec(
      "INSERT INTO users (id, username, password_hash, role, created_at) VALUES "
      "(1, 'ann', 'h', 'user', 1)");
  raw_.reset();
  auto store = Must(SqliteStore::Open(path_));
  EXPECT_TRUE(Must(store->ListSnapshots(1, std::nullopt)).empty());
  EXPECT_TRUE(Must(store->ListBackups(1)).empty());
}

}  // namespace
}  // namespace appvault::store
