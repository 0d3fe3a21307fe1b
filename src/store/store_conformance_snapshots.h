// MetadataStore conformance, part 4: snapshots (CONTRACT §6) — history kept per device,
// records keyed by platform and app, limits, and another user's snapshots out of reach.
#pragma once

#include "store/store_conformance_accounts.h"
#include "store/store_conformance_data.h"
#include "store/store_conformance_fixture.h"

namespace appvault::store::conformance {

template <typename Factory>
class SnapshotConformance : public StoreConformanceTest<Factory> {
 protected:
  // A user with an Android phone "pixel" and an iPhone "iphone".
  std::int64_t NewUserWithDevices(const std::string& name) {
    std::int64_t id = this->NewUser(name);
    MustOk(this->store().CreateDevice(DeviceOf(name + "-pixel", id, 10)));
    MustOk(this->store().CreateDevice(DeviceOf(name + "-iphone", id, 11, Platform::kIos)));
    this->Upload(id, {1, 2, 3, 7});  // the configurations the tests back up
    return id;
  }
};
TYPED_TEST_SUITE_P(SnapshotConformance);

inline BackupRecord WithConfig(BackupRecord backup, std::uint8_t config) {
  backup.config_sha256 = DigestOf(config);
  return backup;
}

inline BackupRecord IosBackupOf(const std::string& app, const std::string& version) {
  BackupRecord backup = BackupOf(app, "1", 0);
  backup.platform = Platform::kIos;
  backup.version = VersionOf(Platform::kIos, version);
  return backup;
}

inline std::vector<std::int64_t> IdsOf(const std::vector<SnapshotRecord>& snapshots) {
  std::vector<std::int64_t> ids;
  for (const SnapshotRecord& snapshot : snapshots)
    ids.push_back(snapshot.id);
  return ids;
}

TYPED_TEST_P(SnapshotConformance, ASnapshotHoldsItsAppsStampedWithItsDeviceAndTime) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  SnapshotRecord made = Must(s.CreateSnapshot(
      ann, "ann-pixel", 500,
      {BackupOf("org.zeta", "3", 1), WithConfig(BackupOf("com.alpha", "1", 2), 7)}, {}));
  EXPECT_GT(made.id, 0);
  EXPECT_EQ(made.user_id, ann);
  EXPECT_EQ(made.device_id, "ann-pixel");
  EXPECT_EQ(made.platform, Platform::kAndroid);
  EXPECT_EQ(made.created_at, 500);
  EXPECT_EQ(made.apps, 2);
  EXPECT_TRUE(made.with_config);
  SnapshotRecord found = Must(s.FindSnapshot(ann, made.id));
  EXPECT_EQ(found.device_id, "ann-pixel");
  EXPECT_EQ(found.apps, 2);
  std::vector<BackupRecord> apps = Must(s.ListSnapshotApps(ann, made.id));
  ASSERT_EQ(AppsOf(apps), (std::vector<std::string>{"com.alpha", "org.zeta"}));
  EXPECT_EQ(apps[0].config_sha256, DigestOf(7));
  EXPECT_EQ(apps[0].device_id, "ann-pixel");
  EXPECT_EQ(apps[0].backed_up_at, 500);
  EXPECT_EQ(apps[0].snapshot_id, made.id);
  EXPECT_FALSE(apps[1].config_sha256.has_value());
  // A snapshot of nothing is a snapshot too (every app was uninstalled).
  SnapshotRecord empty = Must(s.CreateSnapshot(ann, "ann-pixel", 600, {}, {}));
  EXPECT_GT(empty.id, made.id);
  EXPECT_EQ(empty.apps, 0);
  EXPECT_FALSE(empty.with_config);
}

TYPED_TEST_P(SnapshotConformance, AnOlderSnapshotKeepsItsSettingsAfterANewerBackup) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  SnapshotRecord monday = Must(
      s.CreateSnapshot(ann, "ann-pixel", 1000, {WithConfig(BackupOf("com.notes", "4", 0), 1)}, {}));
  SnapshotRecord wednesday = Must(
      s.CreateSnapshot(ann, "ann-pixel", 3000, {WithConfig(BackupOf("com.notes", "5", 0), 2)}, {}));
  EXPECT_EQ(Must(s.ListSnapshotApps(ann, monday.id)).at(0).config_sha256, DigestOf(1));
  EXPECT_EQ(Must(s.ListSnapshotApps(ann, monday.id)).at(0).version, Version::Android(4));
  BackupRecord newest = Must(s.FindBackup(ann, AppOf("com.notes")));
  EXPECT_EQ(newest.config_sha256, DigestOf(2));
  EXPECT_EQ(newest.snapshot_id, wednesday.id);
  EXPECT_EQ(IdsOf(Must(s.ListSnapshots(ann, std::nullopt))),
            (std::vector<std::int64_t>{wednesday.id, monday.id}));
  std::vector<BackupRecord> listed = Must(s.ListBackups(ann));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].backed_up_at, 3000);
}

TYPED_TEST_P(SnapshotConformance, TwoDevicesOfOneUserKeepTheirOwnSnapshots) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  MustOk(s.CreateDevice(DeviceOf("ann-tablet", ann, 12)));
  SnapshotRecord phone =
      Must(s.CreateSnapshot(ann, "ann-pixel", 100, {WithConfig(BackupOf("com.a", "1", 0), 1)}, {}));
  SnapshotRecord tablet = Must(
      s.CreateSnapshot(ann, "ann-tablet", 200, {WithConfig(BackupOf("com.a", "1", 0), 2)}, {}));
  EXPECT_EQ(IdsOf(Must(s.ListSnapshots(ann, "ann-pixel"))), std::vector<std::int64_t>{phone.id});
  EXPECT_EQ(IdsOf(Must(s.ListSnapshots(ann, "ann-tablet"))), std::vector<std::int64_t>{tablet.id});
  EXPECT_EQ(Must(s.ListSnapshotApps(ann, phone.id)).at(0).config_sha256, DigestOf(1));
  EXPECT_EQ(Must(s.ListSnapshotApps(ann, tablet.id)).at(0).config_sha256, DigestOf(2));
  EXPECT_EQ(Must(s.FindNewestSnapshot(ann, Platform::kAndroid)).id, tablet.id);
  EXPECT_EQ(CodeOf(s.FindNewestSnapshot(ann, Platform::kIos).status()), "not_found");
  SnapshotRecord iphone =
      Must(s.CreateSnapshot(ann, "ann-iphone", 300, {IosBackupOf("com.a", "2.0")}, {}));
  EXPECT_EQ(iphone.platform, Platform::kIos);
  EXPECT_EQ(Must(s.FindNewestSnapshot(ann, Platform::kIos)).id, iphone.id);
  EXPECT_EQ(Must(s.FindNewestSnapshot(ann, Platform::kAndroid)).id, tablet.id);
  EXPECT_EQ(Must(s.FindNewestSnapshot(ann, std::nullopt)).id, iphone.id);
}

TYPED_TEST_P(SnapshotConformance, AnAndroidAndAnIosAppOfOneIdBothSurvive) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  MustOk(s.CreateSnapshot(ann, "ann-pixel", 100, {WithConfig(BackupOf("com.v", "7", 0), 1)}, {})
             .status());
  MustOk(s.CreateSnapshot(ann, "ann-iphone", 200, {WithConfig(IosBackupOf("com.v", "3.1"), 2)}, {})
             .status());
  std::vector<BackupRecord> listed = Must(s.ListBackups(ann));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].platform, Platform::kAndroid);
  EXPECT_EQ(listed[1].platform, Platform::kIos);
  EXPECT_EQ(Must(s.FindBackupOn(ann, Platform::kAndroid, AppOf("com.v"))).config_sha256,
            DigestOf(1));
  EXPECT_EQ(Must(s.FindBackupOn(ann, Platform::kIos, AppOf("com.v"))).config_sha256, DigestOf(2));
  EXPECT_EQ(Must(s.FindBackup(ann, AppOf("com.v"))).platform, Platform::kIos);  // the newest
  EXPECT_EQ(CodeOf(s.FindBackupOn(ann, Platform::kIos, AppOf("com.w")).status()), "not_found");
}

TYPED_TEST_P(SnapshotConformance, AnotherUsersSnapshotsAndDevicesAreOutOfReach) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  std::int64_t bob = this->NewUserWithDevices("bob");
  SnapshotRecord anns =
      Must(s.CreateSnapshot(ann, "ann-pixel", 100, {BackupOf("com.a", "1", 0)}, {}));
  EXPECT_EQ(CodeOf(s.CreateSnapshot(bob, "ann-pixel", 100, {}, {}).status()), "not_found");
  EXPECT_EQ(CodeOf(s.FindSnapshot(bob, anns.id).status()), "not_found");
  EXPECT_EQ(CodeOf(s.ListSnapshotApps(bob, anns.id).status()), "not_found");
  EXPECT_EQ(CodeOf(s.DeleteSnapshots(bob, {anns.id})), "not_found");
  EXPECT_TRUE(Must(s.ListSnapshots(bob, std::nullopt)).empty());
  EXPECT_TRUE(Must(s.ListSnapshots(bob, "ann-pixel")).empty());
  EXPECT_EQ(CodeOf(s.FindNewestSnapshot(bob, std::nullopt).status()), "not_found");
  EXPECT_EQ(CodeOf(s.DeleteBackup(bob, AppOf("com.a"))), "not_found");
  EXPECT_EQ(Must(s.ListSnapshotApps(ann, anns.id)).size(), 1u);
}

TYPED_TEST_P(SnapshotConformance, DeletingSnapshotsIsAllOrNothing) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  std::int64_t one =
      Must(s.CreateSnapshot(ann, "ann-pixel", 1, {BackupOf("com.a", "1", 0)}, {})).id;
  std::int64_t two =
      Must(s.CreateSnapshot(ann, "ann-pixel", 2, {BackupOf("com.a", "2", 0)}, {})).id;
  std::int64_t three =
      Must(s.CreateSnapshot(ann, "ann-pixel", 3, {BackupOf("com.a", "3", 0)}, {})).id;
  Status refused = s.DeleteSnapshots(ann, {one, three + 100});
  EXPECT_EQ(CodeOf(refused), "not_found");
  EXPECT_NE(refused.message().find(std::to_string(three + 100)), std::string::npos);
  EXPECT_EQ(Must(s.ListSnapshots(ann, std::nullopt)).size(), 3u);
  MustOk(s.DeleteSnapshots(ann, {three, one}));
  EXPECT_EQ(IdsOf(Must(s.ListSnapshots(ann, std::nullopt))), std::vector<std::int64_t>{two});
  EXPECT_EQ(Must(s.FindBackup(ann, AppOf("com.a"))).version, Version::Android(2));
  MustOk(s.DeleteSnapshots(ann, {two}));
  EXPECT_EQ(CodeOf(s.FindBackup(ann, AppOf("com.a")).status()), "not_found");
  EXPECT_TRUE(Must(s.ListBackups(ann)).empty());
}

TYPED_TEST_P(SnapshotConformance, ForgettingAnAppRemovesItFromEverySnapshot) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  SnapshotRecord first = Must(
      s.CreateSnapshot(ann, "ann-pixel", 1,
                       {WithConfig(BackupOf("com.a", "1", 0), 1), BackupOf("com.b", "1", 0)}, {}));
  SnapshotRecord second = Must(
      s.CreateSnapshot(ann, "ann-iphone", 2, {WithConfig(IosBackupOf("com.a", "1.0"), 2)}, {}));
  MustOk(s.DeleteBackup(ann, AppOf("com.a")));
  EXPECT_EQ(AppsOf(Must(s.ListSnapshotApps(ann, first.id))), std::vector<std::string>{"com.b"});
  EXPECT_TRUE(Must(s.ListSnapshotApps(ann, second.id)).empty());
  SnapshotRecord first_after = Must(s.FindSnapshot(ann, first.id));
  EXPECT_EQ(first_after.apps, 1);
  EXPECT_FALSE(first_after.with_config);
  EXPECT_EQ(Must(s.FindSnapshot(ann, second.id)).apps, 0);  // the snapshot stays
  EXPECT_EQ(AppsOf(Must(s.ListBackups(ann))), std::vector<std::string>{"com.b"});
  EXPECT_EQ(CodeOf(s.DeleteBackup(ann, AppOf("com.a"))), "not_found");
}

TYPED_TEST_P(SnapshotConformance, ABackupPastASnapshotLimitIsRefusedAndNothingIsDeleted) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  SnapshotLimits limits{.per_device = 2, .per_user = 3};
  MustOk(s.CreateSnapshot(ann, "ann-pixel", 1, {BackupOf("com.a", "1", 0)}, limits).status());
  MustOk(s.CreateSnapshot(ann, "ann-pixel", 2, {BackupOf("com.a", "2", 0)}, limits).status());
  Result<SnapshotRecord> device_full =
      s.CreateSnapshot(ann, "ann-pixel", 3, {BackupOf("com.a", "3", 0)}, limits);
  EXPECT_EQ(CodeOf(device_full.status()), "quota_exceeded");
  EXPECT_NE(device_full.status().message().find("snapshots per device (2)"), std::string::npos);
  EXPECT_NE(device_full.status().message().find("forget --keep-"), std::string::npos);
  MustOk(s.CreateSnapshot(ann, "ann-iphone", 4, {IosBackupOf("com.i", "1.0")}, limits).status());
  Result<SnapshotRecord> user_full =
      s.CreateSnapshot(ann, "ann-iphone", 5, {IosBackupOf("com.i", "2.0")}, limits);
  EXPECT_EQ(CodeOf(user_full.status()), "quota_exceeded");
  EXPECT_NE(user_full.status().message().find("snapshots per user (3)"), std::string::npos);
  EXPECT_EQ(Must(s.ListSnapshots(ann, std::nullopt)).size(), 3u);
  EXPECT_EQ(Must(s.FindBackup(ann, AppOf("com.a"))).version, Version::Android(2));
}

TYPED_TEST_P(SnapshotConformance, AnInvalidSnapshotStoresNothing) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  Result<SnapshotRecord> twice = s.CreateSnapshot(
      ann, "ann-pixel", 1, {BackupOf("com.a", "1", 0), BackupOf("com.a", "2", 0)}, {});
  EXPECT_EQ(CodeOf(twice.status()), "invalid_argument");
  EXPECT_NE(twice.status().message().find("com.a"), std::string::npos);
  BackupRecord wrong = BackupOf("com.w", "1", 0);
  wrong.platform = Platform::kIos;  // an Android version on an iOS record
  EXPECT_EQ(CodeOf(s.CreateSnapshot(ann, "ann-pixel", 1, {wrong}, {}).status()),
            "invalid_argument");
  EXPECT_EQ(CodeOf(s.CreateSnapshot(ann, "no-such-device", 1, {}, {}).status()), "not_found");
  EXPECT_TRUE(Must(s.ListSnapshots(ann, std::nullopt)).empty());
  // The same id once per platform is fine.
  MustOk(s.CreateSnapshot(ann, "ann-pixel", 1,
                          {BackupOf("com.a", "1", 0), IosBackupOf("com.a", "1.0")}, {})
             .status());
}

TYPED_TEST_P(SnapshotConformance, OnlyTheNewestSnapshotOfADeviceTakesMoreApps) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithDevices("ann");
  std::int64_t bob = this->NewUserWithDevices("bob");
  SnapshotRecord first =
      Must(s.CreateSnapshot(ann, "ann-pixel", 10, {BackupOf("com.a", "1", 0)}, {}));
  SnapshotRecord grown =
      Must(s.AppendToSnapshot(ann, first.id, 11, {WithConfig(BackupOf("com.b", "2", 0), 3)}, {}));
  EXPECT_EQ(grown.id, first.id);
  EXPECT_EQ(grown.apps, 2);
  EXPECT_TRUE(grown.with_config);
  EXPECT_EQ(Must(s.FindSnapshot(ann, first.id)).apps, 2);
  EXPECT_EQ(AppsOf(Must(s.ListSnapshotApps(ann, first.id))),
            (std::vector<std::string>{"com.a", "com.b"}));
  // An app already there, another user's snapshot, and an older snapshot are refused.
  EXPECT_EQ(CodeOf(s.AppendToSnapshot(ann, first.id, 12, {BackupOf("com.a", "1", 0)}, {}).status()),
            "invalid_argument");
  EXPECT_EQ(CodeOf(s.AppendToSnapshot(bob, first.id, 12, {BackupOf("com.c", "1", 0)}, {}).status()),
            "not_found");
  MustOk(s.CreateSnapshot(ann, "ann-iphone", 20, {}, {}).status());  // another device: no matter
  MustOk(s.AppendToSnapshot(ann, first.id, 21, {BackupOf("com.c", "1", 0)}, {}).status());
  MustOk(s.CreateSnapshot(ann, "ann-pixel", 30, {}, {}).status());
  EXPECT_EQ(CodeOf(s.AppendToSnapshot(ann, first.id, 31, {BackupOf("com.d", "1", 0)}, {}).status()),
            "conflict");
  // Past the backed-up apps limit nothing is added.
  SnapshotLimits three_apps;
  three_apps.backed_up_apps = 3;
  SnapshotRecord last = Must(s.FindNewestSnapshot(ann, Platform::kAndroid));
  EXPECT_EQ(
      CodeOf(
          s.AppendToSnapshot(ann, last.id, 32, {BackupOf("com.e", "1", 0)}, three_apps).status()),
      "quota_exceeded");
  EXPECT_EQ(Must(s.FindSnapshot(ann, last.id)).apps, 0);
  EXPECT_EQ(Must(s.FindSnapshot(ann, first.id)).apps, 3);
}

REGISTER_TYPED_TEST_SUITE_P(
    SnapshotConformance, ASnapshotHoldsItsAppsStampedWithItsDeviceAndTime,
    AnOlderSnapshotKeepsItsSettingsAfterANewerBackup, TwoDevicesOfOneUserKeepTheirOwnSnapshots,
    AnAndroidAndAnIosAppOfOneIdBothSurvive, AnotherUsersSnapshotsAndDevicesAreOutOfReach,
    DeletingSnapshotsIsAllOrNothing, ForgettingAnAppRemovesItFromEverySnapshot,
    ABackupPastASnapshotLimitIsRefusedAndNothingIsDeleted, AnInvalidSnapshotStoresNothing,
    OnlyTheNewestSnapshotOfADeviceTakesMoreApps);

}  // namespace appvault::store::conformance
