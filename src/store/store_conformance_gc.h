// Conformance: what garbage collection relies on (CONTRACT §6) — which blobs are
// unreferenced, deleting a record only while nothing names it, removing bytes only while
// nothing records them, and snapshots naming only blobs their user uploaded.
#pragma once

#include <vector>

#include "store/store_conformance_fixture.h"

namespace appvault::store::conformance {

template <typename Factory>
class GcConformance : public StoreConformanceTest<Factory> {
 protected:
  // A user with an Android device "NAME-pixel".
  std::int64_t NewUserWithPhone(const std::string& name) {
    std::int64_t id = this->NewUser(name);
    MustOk(this->store().CreateDevice(DeviceOf(name + "-pixel", id, 10)));
    return id;
  }

  void UploadAt(std::int64_t user, std::uint8_t seed, std::int64_t at) {
    MustOk(this->store().RecordBlob(BlobRecord{DigestOf(seed), 10, BlobKind::kPrivate, at}, user));
  }

  std::vector<Sha256> Unreferenced(std::int64_t recorded_before) {
    std::vector<Sha256> names;
    for (const BlobRecord& blob :
         Must(this->store().ListUnreferencedBlobs(recorded_before, std::nullopt, 1000))) {
      names.push_back(blob.sha256);
    }
    return names;
  }
};
TYPED_TEST_SUITE_P(GcConformance);

inline BackupRecord ConfiguredBackup(const std::string& app, std::uint8_t config) {
  BackupRecord backup = BackupOf(app, "1", 0);
  backup.config_sha256 = DigestOf(config);
  return backup;
}

// Referenced: by a package, or by an app of any snapshot (old ones too). Unreferenced
// records are listed in order once their time is at or before the cut.
TYPED_TEST_P(GcConformance, OnlyBlobsNothingNamesAreUnreferenced) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithPhone("ann");
  std::int64_t pub = this->NewUser("pub", Role::kPublisher);
  MustOk(this->Publish({.software_id = "notes", .sha = 40}, pub));
  MustOk(s.RecordBlob(BlobRecord{DigestOf(40), 1040, BlobKind::kPackage, 100}, std::nullopt));
  for (std::uint8_t seed : {1, 2, 3, 4})
    this->UploadAt(ann, seed, 100 + seed);
  SnapshotRecord old =
      Must(s.CreateSnapshot(ann, "ann-pixel", 200, {ConfiguredBackup("com.a", 1)}, {}));
  Must(s.CreateSnapshot(ann, "ann-pixel", 300, {ConfiguredBackup("com.a", 2)}, {}));
  EXPECT_EQ(this->Unreferenced(1000), (std::vector<Sha256>{DigestOf(3), DigestOf(4)}));
  EXPECT_EQ(this->Unreferenced(103), (std::vector<Sha256>{DigestOf(3)}));  // 104 is newer
  EXPECT_TRUE(this->Unreferenced(102).empty());
  // Paging: after a name, at most `limit`.
  std::vector<BlobRecord> page = Must(s.ListUnreferencedBlobs(1000, DigestOf(3), 10));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].sha256, DigestOf(4));
  EXPECT_EQ(page[0].size, 10u);
  EXPECT_EQ(page[0].kind, BlobKind::kPrivate);
  EXPECT_EQ(Must(s.ListUnreferencedBlobs(1000, std::nullopt, 1)).size(), 1u);
  // Forgetting the old snapshot leaves its configuration unreferenced.
  MustOk(s.DeleteSnapshots(ann, {old.id}));
  EXPECT_EQ(this->Unreferenced(1000), (std::vector<Sha256>{DigestOf(1), DigestOf(3), DigestOf(4)}));
}

// A record goes only while unreferenced and old enough; who could read it goes with it;
// the bytes' removal is a separate step, taken only while nothing records the blob.
TYPED_TEST_P(GcConformance, ARecordIsDeletedOnlyWhileNothingNamesIt) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithPhone("ann");
  std::int64_t pub = this->NewUser("pub", Role::kPublisher);
  this->UploadAt(ann, 1, 100);
  this->UploadAt(ann, 2, 100);
  Must(s.CreateSnapshot(ann, "ann-pixel", 200, {ConfiguredBackup("com.a", 1)}, {}));
  MustOk(this->Publish({.software_id = "notes", .sha = 40}, pub));
  MustOk(s.RecordBlob(BlobRecord{DigestOf(40), 1040, BlobKind::kPackage, 100}, std::nullopt));

  EXPECT_FALSE(Must(s.DeleteUnreferencedBlob(DigestOf(1), 1000)));   // a snapshot names it
  EXPECT_FALSE(Must(s.DeleteUnreferencedBlob(DigestOf(40), 1000)));  // a package names it
  EXPECT_FALSE(Must(s.DeleteUnreferencedBlob(DigestOf(2), 99)));     // uploaded after the cut
  EXPECT_FALSE(Must(s.DeleteUnreferencedBlob(DigestOf(9), 1000)));   // no such record
  EXPECT_TRUE(Must(s.DeleteUnreferencedBlob(DigestOf(2), 100)));
  EXPECT_EQ(CodeOf(s.FindBlob(DigestOf(2)).status()), "not_found");
  EXPECT_FALSE(Must(s.IsBlobOwner(DigestOf(2), ann)));
  EXPECT_EQ(Must(s.PrivateBytes(ann)), 10u);
  EXPECT_FALSE(Must(s.DeleteUnreferencedBlob(DigestOf(2), 100)));  // once

  EXPECT_TRUE(Must(s.IsBlobRecorded(DigestOf(1))));
  EXPECT_TRUE(Must(s.IsBlobRecorded(DigestOf(40))));
  EXPECT_FALSE(Must(s.IsBlobRecorded(DigestOf(2))));
  int removed = 0;
  auto remove = [&] { return ++removed, Status::Ok(); };
  EXPECT_FALSE(Must(s.RemoveUnrecordedBytes(DigestOf(1), remove)));
  EXPECT_FALSE(Must(s.RemoveUnrecordedBytes(DigestOf(40), remove)));
  EXPECT_EQ(removed, 0);
  EXPECT_TRUE(Must(s.RemoveUnrecordedBytes(DigestOf(2), remove)));
  EXPECT_EQ(removed, 1);
  // The removal's error is the call's.
  Result<bool> failed = s.RemoveUnrecordedBytes(
      DigestOf(2), [] { return Status(StatusCode::kUnavailable, "disk gone"); });
  EXPECT_EQ(CodeOf(failed.status()), "unavailable");
}

// A package published without a blob record (a crash between the two) is still recorded
// and referenced: its bytes are never collected.
TYPED_TEST_P(GcConformance, APackageWithoutABlobRecordIsStillRecorded) {
  MetadataStore& s = this->store();
  std::int64_t pub = this->NewUser("pub", Role::kPublisher);
  MustOk(this->Publish({.software_id = "notes", .sha = 40}, pub));
  EXPECT_TRUE(Must(s.IsBlobRecorded(DigestOf(40))));
  EXPECT_FALSE(Must(s.RemoveUnrecordedBytes(DigestOf(40), [] { return Status::Ok(); })));
}

// A split of an app set is referenced and recorded as its package is: never collected.
TYPED_TEST_P(GcConformance, TheSplitsOfAnAppSetAreReferenced) {
  MetadataStore& s = this->store();
  std::int64_t pub = this->NewUser("pub", Role::kPublisher);
  MustOk(
      s.AddPackage(SoftwareOf("maps", "", pub),
                   SetOf({.software_id = "maps", .app = "com.example.maps", .sha = 40}, pub, 50)));
  for (std::uint8_t seed = 50; seed < 55; ++seed) {
    EXPECT_TRUE(Must(s.IsBlobRecorded(DigestOf(seed))));  // named by the set, no record yet
    MustOk(s.RecordBlob(BlobRecord{DigestOf(seed), 500u + seed, BlobKind::kPackage, 100},
                        std::nullopt));
    EXPECT_TRUE(Must(s.IsBlobRecorded(DigestOf(seed))));
    EXPECT_FALSE(Must(s.DeleteUnreferencedBlob(DigestOf(seed), 1000)));
  }
  MustOk(s.RecordBlob(BlobRecord{DigestOf(60), 10, BlobKind::kPackage, 100}, std::nullopt));
  EXPECT_EQ(this->Unreferenced(1000), std::vector<Sha256>{DigestOf(60)});
}

// Uploading bytes again moves the record's time forward: the grace period starts again.
TYPED_TEST_P(GcConformance, UploadingAgainRestartsTheGracePeriod) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithPhone("ann");
  this->UploadAt(ann, 1, 100);
  MustOk(s.RecordPrivateBlob(BlobRecord{DigestOf(1), 10, BlobKind::kPrivate, 500}, ann, 1000,
                             [] { return Status::Ok(); }));
  EXPECT_TRUE(this->Unreferenced(499).empty());
  EXPECT_FALSE(Must(s.DeleteUnreferencedBlob(DigestOf(1), 499)));
  EXPECT_EQ(this->Unreferenced(500), std::vector<Sha256>{DigestOf(1)});
}

// A snapshot names only configuration blobs its user uploaded — and that still exist —
// whichever way it is recorded; refused whole, nothing stored.
TYPED_TEST_P(GcConformance, ASnapshotNamesOnlyItsUsersUploads) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUserWithPhone("ann");
  std::int64_t bob = this->NewUserWithPhone("bob");
  this->UploadAt(bob, 5, 100);
  this->UploadAt(ann, 6, 100);
  Result<SnapshotRecord> refused = s.CreateSnapshot(
      ann, "ann-pixel", 200, {BackupOf("com.plain", "1", 0), ConfiguredBackup("com.b", 5)}, {});
  ASSERT_EQ(CodeOf(refused.status()), "invalid_argument");
  EXPECT_NE(refused.status().message().find(DigestOf(5).Hex()), std::string::npos);
  EXPECT_NE(refused.status().message().find("com.b"), std::string::npos);
  EXPECT_TRUE(Must(s.ListSnapshots(ann, std::nullopt)).empty());

  SnapshotRecord made =
      Must(s.CreateSnapshot(ann, "ann-pixel", 200, {ConfiguredBackup("com.a", 6)}, {}));
  EXPECT_EQ(
      CodeOf(s.AppendToSnapshot(ann, made.id, 201, {ConfiguredBackup("com.b", 5)}, {}).status()),
      "invalid_argument");
  BackupRecord put = ConfiguredBackup("com.c", 5);
  put.device_id = "ann-pixel";
  EXPECT_EQ(CodeOf(s.PutBackups(ann, {put})), "invalid_argument");
  EXPECT_EQ(Must(s.ListSnapshots(ann, std::nullopt)).size(), 1u);
  EXPECT_EQ(Must(s.ListSnapshotApps(ann, made.id)).size(), 1u);

  // A blob collected before the snapshot that would name it is recorded: refused.
  this->UploadAt(ann, 7, 100);
  EXPECT_TRUE(Must(s.DeleteUnreferencedBlob(DigestOf(7), 150)));
  EXPECT_EQ(
      CodeOf(s.CreateSnapshot(ann, "ann-pixel", 300, {ConfiguredBackup("com.d", 7)}, {}).status()),
      "invalid_argument");
}

REGISTER_TYPED_TEST_SUITE_P(GcConformance, OnlyBlobsNothingNamesAreUnreferenced,
                            ARecordIsDeletedOnlyWhileNothingNamesIt,
                            APackageWithoutABlobRecordIsStillRecorded,
                            UploadingAgainRestartsTheGracePeriod, ASnapshotNamesOnlyItsUsersUploads,
                            TheSplitsOfAnAppSetAreReferenced);

}  // namespace appvault::store::conformance
