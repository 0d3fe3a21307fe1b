// Test-only: a data folder for garbage-collection tests — a real SQLite store and a real
// file blob store in a temporary folder, and the ways blobs get into them (an upload, a
// snapshot naming it, a published package, bytes no record names).
#pragma once

#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "blob/file_blob_store.h"
#include "store/sqlite_store.h"
#include "store/store_conformance_fixture.h"
#include "support/temp_dir.h"

namespace appvault::gc::test {

using store::conformance::Must;
using store::conformance::MustOk;

inline std::int64_t WallClock() {
  return static_cast<std::int64_t>(::time(nullptr));
}

class World {
 public:
  World() { Open(); }

  // (Re)opens the store and the blob store on the folder, as a new process would.
  void Open() {
    store_.reset();
    blobs_.reset();
    store_ = Must(store::SqliteStore::Open(dir_.Join("appvault.db")));
    blobs_ = Must(blob::FileBlobStore::Open(dir_.Join("blobs")));
  }
  // Closes both (before a fork: the child opens its own).
  void Close() {
    store_.reset();
    blobs_.reset();
  }

  store::MetadataStore& store() { return *store_; }
  blob::FileBlobStore& blobs() { return *blobs_; }
  std::string db_path() const { return dir_.Join("appvault.db"); }
  std::string blob_root() const { return dir_.Join("blobs"); }

  // A user with an Android phone "NAME-pixel"; returns the user's id.
  std::int64_t NewUser(const std::string& name) {
    std::int64_t id = Must(store_->CreateUser(name, "hash", store::Role::kPublisher, 100)).id;
    MustOk(store_->CreateDevice(store::conformance::DeviceOf(name + "-pixel", id, 10)));
    phones_[id] = name + "-pixel";
    return id;
  }

  // Uploads bytes as the user's private blob at `at`, as POST /v1/blobs does.
  Sha256 Upload(std::int64_t user, const std::string& bytes, std::int64_t at) {
    std::unique_ptr<blob::BlobWriter> writer = Staged(bytes);
    blob::BlobInfo info = Must(writer->Finish());
    MustOk(store_->RecordPrivateBlob(
        store::BlobRecord{info.sha256, info.size, store::BlobKind::kPrivate, at}, user,
        std::uint64_t{1} << 30, [&] { return writer->Commit(); }));
    return info.sha256;
  }

  // A snapshot of the user's phone at `at` whose apps com.app0, com.app1, … carry the
  // configurations.
  std::int64_t Snapshot(std::int64_t user, const std::vector<Sha256>& configs, std::int64_t at) {
    std::vector<BackupRecord> apps;
    for (std::size_t i = 0; i < configs.size(); ++i) {
      BackupRecord app = store::conformance::BackupOf("com.app" + std::to_string(i), "1", at);
      app.config_sha256 = configs[i];
      apps.push_back(app);
    }
    return Must(store_->CreateSnapshot(user, phones_.at(user), at, apps, {})).id;
  }

  // Publishes bytes as a package of software `id` (bytes placed in the package's
  // transaction, as publishing does); without_record leaves out the blob record that
  // publishing writes afterwards (a crash in between).
  Sha256 Publish(std::int64_t publisher, const std::string& id, const std::string& bytes,
                 bool without_record = false) {
    std::unique_ptr<blob::BlobWriter> writer = Staged(bytes);
    blob::BlobInfo info = Must(writer->Finish());
    store::PackageRecord package = store::conformance::PackageOf({.software_id = id}, publisher);
    package.package.sha256 = info.sha256;
    package.package.size = info.size;
    package.package.app = store::conformance::AppOf("org." + id);
    MustOk(store_->AddPackage(store::conformance::SoftwareOf(id, "", publisher), package,
                              [&] { return writer->Commit(); }));
    if (!without_record) {
      MustOk(store_->RecordBlob(
          store::BlobRecord{info.sha256, info.size, store::BlobKind::kPackage, 100}, std::nullopt));
    }
    return info.sha256;
  }

  // Bytes in the blob store that no record names.
  Sha256 Stray(const std::string& bytes) {
    std::unique_ptr<blob::BlobWriter> writer = Staged(bytes);
    blob::BlobInfo info = Must(writer->Finish());
    MustOk(writer->Commit());
    return info.sha256;
  }

  bool HasBytes(const Sha256& sha256) { return Must(blobs_->Exists(sha256)); }
  bool HasRecord(const Sha256& sha256) { return store_->FindBlob(sha256).ok(); }

  // What no crash may break: every record's bytes are there and whole, and so are the
  // bytes of every package and of every snapshot's configuration.
  void ExpectNothingNamedIsMissing(const std::vector<Sha256>& referenced) {
    for (const store::BlobRecord& record : Must(store_->ListBlobs())) {
      EXPECT_TRUE(blobs_->Check(record.sha256, /*read_data=*/true).ok())
          << "a record names missing bytes: " << record.sha256.Hex();
    }
    for (const Sha256& sha256 : referenced) {
      EXPECT_TRUE(blobs_->Check(sha256, /*read_data=*/true).ok())
          << "a referenced blob was deleted: " << sha256.Hex();
    }
  }

 private:
  std::unique_ptr<blob::BlobWriter> Staged(const std::string& bytes) {
    std::unique_ptr<blob::BlobWriter> writer = Must(blobs_->NewWriter(std::uint64_t{1} << 30));
    MustOk(writer->Append(bytes));
    return writer;
  }

  appvault::test::TempDir dir_;
  std::unique_ptr<store::MetadataStore> store_;
  std::unique_ptr<blob::FileBlobStore> blobs_;
  std::map<std::int64_t, std::string> phones_;  // user → the id of their phone
};

}  // namespace appvault::gc::test
