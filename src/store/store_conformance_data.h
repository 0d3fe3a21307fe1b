// MetadataStore conformance, part 3: blob records and backups.
#pragma once

#include "store/store_conformance_fixture.h"

namespace appvault::store::conformance {

template <typename Factory>
class DataConformance : public StoreConformanceTest<Factory> {};
TYPED_TEST_SUITE_P(DataConformance);

inline std::vector<std::string> AppsOf(const std::vector<BackupRecord>& backups) {
  std::vector<std::string> apps;
  for (const BackupRecord& backup : backups)
    apps.push_back(backup.app.str());
  return apps;
}

TYPED_TEST_P(DataConformance, RecordBlobIsIdempotent) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  MustOk(s.RecordBlob(BlobRecord{DigestOf(1), 123, BlobKind::kPrivate, 50}, alice));
  MustOk(s.RecordBlob(BlobRecord{DigestOf(1), 123, BlobKind::kPrivate, 60}, alice));
  BlobRecord found = Must(s.FindBlob(DigestOf(1)));
  EXPECT_EQ(found.sha256, DigestOf(1));
  EXPECT_EQ(found.size, 123u);
  EXPECT_EQ(found.kind, BlobKind::kPrivate);
  EXPECT_EQ(found.created_at, 60);  // the latest upload's time: a grace period counts from it
  MustOk(s.RecordBlob(BlobRecord{DigestOf(1), 123, BlobKind::kPrivate, 55}, alice));
  EXPECT_EQ(Must(s.FindBlob(DigestOf(1))).created_at, 60);  // never moves back
  EXPECT_EQ(Must(s.ListBlobs()).size(), 1u);
  EXPECT_TRUE(Must(s.IsBlobOwner(DigestOf(1), alice)));
}

TYPED_TEST_P(DataConformance, PrivateBlobOwners) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  std::int64_t bob = this->NewUser("bob");
  std::int64_t carol = this->NewUser("carol");
  MustOk(s.RecordBlob(BlobRecord{DigestOf(1), 10, BlobKind::kPrivate, 50}, alice));
  MustOk(s.RecordBlob(BlobRecord{DigestOf(1), 10, BlobKind::kPrivate, 51}, bob));
  MustOk(s.RecordBlob(BlobRecord{DigestOf(2), 20, BlobKind::kPrivate, 52}, carol));
  EXPECT_TRUE(Must(s.IsBlobOwner(DigestOf(1), alice)));
  EXPECT_TRUE(Must(s.IsBlobOwner(DigestOf(1), bob)));
  EXPECT_FALSE(Must(s.IsBlobOwner(DigestOf(1), carol)));
  EXPECT_FALSE(Must(s.IsBlobOwner(DigestOf(2), alice)));
  EXPECT_FALSE(Must(s.IsBlobOwner(DigestOf(3), alice)));  // no such blob
}

TYPED_TEST_P(DataConformance, PackageBlobStaysPackage) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  MustOk(s.RecordBlob(BlobRecord{DigestOf(1), 10, BlobKind::kPackage, 50}, std::nullopt));
  MustOk(s.RecordBlob(BlobRecord{DigestOf(1), 10, BlobKind::kPrivate, 60}, alice));
  EXPECT_EQ(Must(s.FindBlob(DigestOf(1))).kind, BlobKind::kPackage);
}

TYPED_TEST_P(DataConformance, BlobsAreListedBySha256) {
  MetadataStore& s = this->store();
  for (std::uint8_t seed : {7, 2, 200, 9}) {
    MustOk(s.RecordBlob(BlobRecord{DigestOf(seed), seed, BlobKind::kPackage, 50}, std::nullopt));
  }
  std::vector<Sha256> listed;
  for (const BlobRecord& blob : Must(s.ListBlobs()))
    listed.push_back(blob.sha256);
  EXPECT_EQ(listed, (std::vector<Sha256>{DigestOf(2), DigestOf(7), DigestOf(9), DigestOf(200)}));
  EXPECT_EQ(CodeOf(s.FindBlob(DigestOf(3)).status()), "not_found");
}

TYPED_TEST_P(DataConformance, PutManyBackupsInOneCall) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  MustOk(s.PutBackups(alice, {BackupOf("org.zeta", "3", 100), BackupOf("com.alpha", "1", 101),
                              BackupOf("net.mid", "2", 102)}));
  std::vector<BackupRecord> listed = Must(s.ListBackups(alice));
  EXPECT_EQ(AppsOf(listed), (std::vector<std::string>{"com.alpha", "net.mid", "org.zeta"}));
  EXPECT_EQ(listed.at(0).version, Version::Android(1));
  EXPECT_EQ(listed.at(2).backed_up_at, 100);
  MustOk(s.PutBackups(alice, {}));
  EXPECT_EQ(Must(s.ListBackups(alice)).size(), 3u);
}

TYPED_TEST_P(DataConformance, PutReplacesTheSameApp) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  BackupRecord first = BackupOf("com.alpha", "1", 100);
  first.config_sha256 = DigestOf(5);
  this->Upload(alice, {5});
  MustOk(s.PutBackups(alice, {first, BackupOf("com.beta", "1", 100)}));
  MustOk(s.PutBackups(alice, {BackupOf("com.alpha", "7", 200)}));
  BackupRecord found = Must(s.FindBackup(alice, AppOf("com.alpha")));
  EXPECT_EQ(found.version, Version::Android(7));
  EXPECT_EQ(found.backed_up_at, 200);
  EXPECT_FALSE(found.config_sha256.has_value());
  EXPECT_EQ(Must(s.ListBackups(alice)).size(), 2u);
}

TYPED_TEST_P(DataConformance, FindAndDeleteBackup) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  MustOk(s.PutBackups(alice, {BackupOf("com.alpha", "1", 100), BackupOf("com.beta", "2", 100)}));
  EXPECT_EQ(Must(s.FindBackup(alice, AppOf("com.beta"))).version_name, "v2");
  MustOk(s.DeleteBackup(alice, AppOf("com.alpha")));
  EXPECT_EQ(CodeOf(s.FindBackup(alice, AppOf("com.alpha")).status()), "not_found");
  EXPECT_EQ(CodeOf(s.DeleteBackup(alice, AppOf("com.alpha"))), "not_found");
  EXPECT_EQ(AppsOf(Must(s.ListBackups(alice))), std::vector<std::string>{"com.beta"});
}

TYPED_TEST_P(DataConformance, AnotherUsersBackupsAreInvisible) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  std::int64_t bob = this->NewUser("bob");
  MustOk(s.PutBackups(alice, {BackupOf("com.alpha", "1", 100)}));
  MustOk(s.PutBackups(bob, {BackupOf("com.alpha", "9", 300)}));
  EXPECT_EQ(Must(s.FindBackup(alice, AppOf("com.alpha"))).version, Version::Android(1));
  MustOk(s.DeleteBackup(bob, AppOf("com.alpha")));
  EXPECT_TRUE(Must(s.ListBackups(bob)).empty());
  EXPECT_EQ(CodeOf(s.FindBackup(bob, AppOf("com.alpha")).status()), "not_found");
  EXPECT_EQ(CodeOf(s.DeleteBackup(bob, AppOf("com.alpha"))), "not_found");
  EXPECT_EQ(Must(s.ListBackups(alice)).size(), 1u);
}

TYPED_TEST_P(DataConformance, BackupOptionalFieldsRoundTrip) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  BackupRecord bare = BackupOf("com.bare", "1", 100);
  BackupRecord full = BackupOf("com.full", "2", 101);
  full.platform = Platform::kIos;
  full.version = VersionOf(Platform::kIos, "4.10.2");
  full.software_id = "notes";
  full.signer_sha256 = DigestOf(8);
  full.config_sha256 = DigestOf(9);
  full.device_id = "iphone";
  this->Upload(alice, {9});
  MustOk(s.PutBackups(alice, {bare, full}));
  BackupRecord b = Must(s.FindBackup(alice, AppOf("com.bare")));
  EXPECT_FALSE(b.software_id.has_value());
  EXPECT_FALSE(b.signer_sha256.has_value());
  EXPECT_FALSE(b.config_sha256.has_value());
  EXPECT_EQ(b.platform, Platform::kAndroid);
  EXPECT_EQ(b.device_id, "device-1");
  BackupRecord f = Must(s.FindBackup(alice, AppOf("com.full")));
  EXPECT_EQ(f.platform, Platform::kIos);
  EXPECT_EQ(f.version.text(), "4.10.2");
  EXPECT_EQ(f.version_name, "v2");
  EXPECT_EQ(f.software_id, "notes");
  EXPECT_EQ(f.signer_sha256, DigestOf(8));
  EXPECT_EQ(f.config_sha256, DigestOf(9));
  EXPECT_EQ(f.device_id, "iphone");
  EXPECT_EQ(f.backed_up_at, 101);
}

TYPED_TEST_P(DataConformance, InvalidBackupWritesNoneOfTheCall) {
  MetadataStore& s = this->store();
  std::int64_t alice = this->NewUser("alice");
  BackupRecord wrong = BackupOf("com.wrong", "1", 100);
  wrong.platform = Platform::kIos;  // an Android version on an iOS backup
  EXPECT_EQ(CodeOf(s.PutBackups(alice, {BackupOf("com.alpha", "1", 100), wrong})),
            "invalid_argument");
  EXPECT_TRUE(Must(s.ListBackups(alice)).empty());
}

TYPED_TEST_P(DataConformance, PrivateBytesQuota) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUser("ann");
  std::int64_t bob = this->NewUser("bob");
  int placed = 0;
  auto place = [&] {
    ++placed;
    return Status::Ok();
  };
  auto blob = [](std::uint8_t n, std::uint64_t size) {
    return BlobRecord{DigestOf(n), size, BlobKind::kPrivate, 10};
  };
  MustOk(s.RecordPrivateBlob(blob(1, 600), ann, 1000, place));
  MustOk(s.RecordPrivateBlob(blob(2, 400), ann, 1000, place));  // exactly the quota
  EXPECT_EQ(Must(s.PrivateBytes(ann)), 1000u);
  Status over = s.RecordPrivateBlob(blob(3, 1), ann, 1000, place);
  EXPECT_EQ(CodeOf(over), "quota_exceeded");
  EXPECT_NE(over.message().find("1000 bytes"), std::string::npos) << over.message();
  EXPECT_EQ(placed, 2) << "bytes past the quota are never put in place";
  EXPECT_FALSE(Must(s.IsBlobOwner(DigestOf(3), ann)));
  // A blob the user has already costs nothing again; another user has a quota of their own.
  MustOk(s.RecordPrivateBlob(blob(2, 400), ann, 1000, place));
  MustOk(s.RecordPrivateBlob(blob(1, 600), bob, 1000, place));
  EXPECT_EQ(Must(s.PrivateBytes(bob)), 600u);
}

TYPED_TEST_P(DataConformance, BackupsPerUserLimit) {
  MetadataStore& s = this->store();
  std::int64_t ann = this->NewUser("ann");
  MustOk(s.PutBackups(ann, {BackupOf("com.a", "1", 1), BackupOf("com.b", "1", 1)}, 3));
  // Replacing a record does not count twice.
  MustOk(s.PutBackups(ann, {BackupOf("com.a", "2", 2), BackupOf("com.c", "1", 2)}, 3));
  Status over = s.PutBackups(ann, {BackupOf("com.a", "3", 3), BackupOf("com.d", "1", 3)}, 3);
  EXPECT_EQ(CodeOf(over), "quota_exceeded");
  EXPECT_NE(over.message().find("--max-backups-per-user"), std::string::npos);
  std::vector<BackupRecord> kept = Must(s.ListBackups(ann));
  EXPECT_EQ(AppsOf(kept), (std::vector<std::string>{"com.a", "com.b", "com.c"}));
  EXPECT_EQ(kept[0].version.text(), "2") << "nothing of the refused call is written";
}

REGISTER_TYPED_TEST_SUITE_P(DataConformance, RecordBlobIsIdempotent, PrivateBlobOwners,
                            PackageBlobStaysPackage, BlobsAreListedBySha256,
                            PutManyBackupsInOneCall, PutReplacesTheSameApp, FindAndDeleteBackup,
                            AnotherUsersBackupsAreInvisible, BackupOptionalFieldsRoundTrip,
                            InvalidBackupWritesNoneOfTheCall, PrivateBytesQuota,
                            BackupsPerUserLimit);

}  // namespace appvault::store::conformance
