#include "blob/file_blob_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "blob/blob_store_conformance.h"

namespace appvault::blob {
namespace {

using namespace std::chrono_literals;

struct FileFactory {
  static std::unique_ptr<BlobStore> Make(const std::string& dir) {
    auto store = FileBlobStore::Open(dir);
    return store.ok() ? std::move(store).value() : nullptr;
  }
};

INSTANTIATE_TYPED_TEST_SUITE_P(File, BlobStoreConformance, FileFactory);

class FileBlobStoreTest : public BlobStoreConformance<FileFactory> {
 protected:
  FileBlobStore& file_store() { return static_cast<FileBlobStore&>(*store_); }

  void Overwrite(const Sha256& sha, const std::string& bytes) {
    std::ofstream(file_store().PathOf(sha), std::ios::binary | std::ios::trunc) << bytes;
  }
};

TEST_F(FileBlobStoreTest, ShardsByHashPrefix) {
  BlobInfo info = Put("sharded");
  std::string hex = info.sha256.Hex();
  EXPECT_TRUE(std::filesystem::exists(dir_ / hex.substr(0, 2) / hex.substr(2, 2) / hex));
}

TEST_F(FileBlobStoreTest, CorruptedBlobIsNeverServed) {
  BlobInfo info = Put("original bytes of a package");
  ASSERT_TRUE(store_->Open(info.sha256).ok());  // verified once and remembered
  Overwrite(info.sha256, "tampered bytes of a package");
  auto reopened = store_->Open(info.sha256);
  EXPECT_EQ(reopened.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(reopened.status().message().find(info.sha256.Hex()), std::string::npos);
  EXPECT_EQ(store_->Check(info.sha256, false).code(), StatusCode::kOk);       // present...
  EXPECT_EQ(store_->Check(info.sha256, true).code(), StatusCode::kDataLoss);  // ...but wrong
}

TEST_F(FileBlobStoreTest, CorruptionFoundOnFirstOpenToo) {
  BlobInfo info = Put("bytes");
  Overwrite(info.sha256, "BYTES");
  auto fresh = FileBlobStore::Open(dir_.string());
  EXPECT_EQ((*fresh)->Open(info.sha256).status().code(), StatusCode::kDataLoss);
}

TEST_F(FileBlobStoreTest, StagedFileIsReadableBeforeCommit) {
  auto writer = store_->NewWriter(100);
  ASSERT_TRUE((*writer)->Append("inspect me").ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  std::ifstream staged((*writer)->staged_path(), std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(staged)), {});
  EXPECT_EQ(content, "inspect me");
}

// Staged files untouched for over an hour are abandoned uploads; younger ones may be
// uploads in progress and stay.
TEST_F(FileBlobStoreTest, OpenSweepsStagedFilesOlderThanAnHour) {
  std::filesystem::path stale = dir_ / ".staging" / "blob-crashed";
  std::filesystem::path young = dir_ / ".staging" / "blob-in-progress";
  std::ofstream(stale) << "half a blob";
  std::ofstream(young) << "a quarter of a blob";
  std::filesystem::last_write_time(stale, std::filesystem::file_time_type::clock::now() - 2h);
  auto reopened = FileBlobStore::Open(dir_.string());
  ASSERT_TRUE(reopened.ok());
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(young));
}

// Garbage collection removes staged files older than it is told, and counts them.
TEST_F(FileBlobStoreTest, RemoveAbandonedUploadsCountsWhatItRemoved) {
  std::filesystem::path stale = dir_ / ".staging" / "blob-crashed";
  std::filesystem::path young = dir_ / ".staging" / "blob-in-progress";
  std::filesystem::path other = dir_ / ".staging" / "not-a-staged-blob";
  std::ofstream(stale) << "half a blob";
  std::ofstream(young) << "a quarter";
  std::ofstream(other) << "left alone";
  for (const auto& path : {stale, other}) {
    std::filesystem::last_write_time(path, std::filesystem::file_time_type::clock::now() - 10min);
  }
  Result<BlobStore::Abandoned> removed = store_->RemoveAbandonedUploads(5min);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->uploads, 1u);
  EXPECT_EQ(removed->bytes, 11u);
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(young));
  EXPECT_TRUE(std::filesystem::exists(other));
}

// Files in the blob folders that are not named as blobs are not blobs: never visited.
TEST_F(FileBlobStoreTest, ForEachSkipsFilesNotNamedAsBlobs) {
  BlobInfo info = Put("a real blob");
  std::string path = file_store().PathOf(info.sha256);
  std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::ofstream(folder / "notes.txt") << "x";
  std::ofstream(folder / std::string(64, 'f')) << "wrong shard";
  std::filesystem::create_directories(dir_ / "zz" / "zz");
  std::ofstream(dir_ / "zz" / "zz" / info.sha256.Hex()) << "wrong folder";
  std::vector<Sha256> seen;
  ASSERT_TRUE(store_
                  ->ForEach([&](const StoredBlob& blob) {
                    seen.push_back(blob.sha256);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(seen, std::vector<Sha256>{info.sha256});
}

// Read-only: nothing is created, swept or written.
TEST_F(FileBlobStoreTest, ReadOnlyOpenChangesNothing) {
  std::filesystem::path stale = dir_ / ".staging" / "blob-crashed";
  std::ofstream(stale) << "half a blob";
  std::filesystem::last_write_time(stale, std::filesystem::file_time_type::clock::now() - 2h);
  auto reader = FileBlobStore::Open(dir_.string(), {.read_only = true});
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(stale));
  auto writer = (*reader)->NewWriter(100);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ((*reader)->Delete(base::HashBytes("x")).code(), StatusCode::kUnavailable);
  EXPECT_EQ((*reader)->RemoveAbandonedUploads(0s).status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(std::filesystem::exists(stale));
  auto missing = FileBlobStore::Open((dir_ / "nothing").string(), {.read_only = true});
  EXPECT_EQ(missing.status().code(), StatusCode::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "nothing"));
}

TEST_F(FileBlobStoreTest, OverLimitLeavesNoStagedFile) {
  auto writer = store_->NewWriter(4);
  std::string staged = (*writer)->staged_path();
  EXPECT_FALSE((*writer)->Append("12345").ok());
  EXPECT_FALSE(std::filesystem::exists(staged));
}

TEST(FileBlobStoreOpen, UnwritableRootIsUnavailable) {
  if (::geteuid() == 0) {
    // root writes anywhere; use a path under a regular file instead.
    std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("blob-not-a-dir-" + std::to_string(::getpid()));
    std::ofstream(file) << "x";
    auto store = FileBlobStore::Open((file / "sub").string());
    EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
    std::filesystem::remove(file);
    return;
  }
  auto store = FileBlobStore::Open("/proc/appvault-cannot-exist");
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace appvault::blob
