// The BlobStore conformance suite: every BlobStore implementation instantiates it with a
// factory type providing `static std::unique_ptr<BlobStore> Make(const std::string& dir)`.
#pragma once

#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <map>
#include <string>

#include "base/sha256_hasher.h"
#include "blob/blob_store.h"

namespace appvault::blob {

template <typename Factory>
class BlobStoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("blobtest-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(dir_);
    store_ = Factory::Make(dir_.string());
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Writes bytes as a blob in pieces of `piece` bytes and commits it.
  BlobInfo Put(const std::string& bytes, std::size_t piece = 7) {
    auto writer = store_->NewWriter(1 << 30);
    EXPECT_TRUE(writer.ok());
    for (std::size_t i = 0; i < bytes.size(); i += piece) {
      EXPECT_TRUE((*writer)->Append(std::string_view(bytes).substr(i, piece)).ok());
    }
    Result<BlobInfo> info = (*writer)->Finish();
    EXPECT_TRUE(info.ok());
    EXPECT_TRUE((*writer)->Commit().ok());
    return *info;
  }

  std::string ReadAll(const BlobFile& file) {
    std::string out(file.size(), '\0');
    Result<std::size_t> n = file.ReadAt(0, out.size(), out.data());
    EXPECT_TRUE(n.ok());
    out.resize(n.ok() ? *n : 0);
    return out;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<BlobStore> store_;
};

TYPED_TEST_SUITE_P(BlobStoreConformance);

TYPED_TEST_P(BlobStoreConformance, NamesBlobsByTheirSha256) {
  std::string bytes = "configuration bundle bytes";
  BlobInfo info = this->Put(bytes);
  EXPECT_EQ(info.sha256, base::HashBytes(bytes));
  EXPECT_EQ(info.size, bytes.size());
  auto file = this->store_->Open(info.sha256);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ((*file)->size(), bytes.size());
  EXPECT_EQ(this->ReadAll(**file), bytes);
  EXPECT_TRUE(*this->store_->Exists(info.sha256));
  EXPECT_TRUE(this->store_->Check(info.sha256, true).ok());
}

TYPED_TEST_P(BlobStoreConformance, EmptyBlob) {
  BlobInfo info = this->Put("");
  EXPECT_EQ(info.sha256.Hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ASSERT_TRUE(this->store_->Open(info.sha256).ok());
}

TYPED_TEST_P(BlobStoreConformance, SameBytesTwiceIsOneBlob) {
  BlobInfo first = this->Put("same", 1);
  BlobInfo second = this->Put("same", 3);
  EXPECT_EQ(first.sha256, second.sha256);
  EXPECT_EQ(this->ReadAll(**this->store_->Open(first.sha256)), "same");
}

TYPED_TEST_P(BlobStoreConformance, MissingBlobIsNotFound) {
  Sha256 absent = base::HashBytes("never stored");
  EXPECT_EQ(this->store_->Open(absent).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(*this->store_->Exists(absent));
  EXPECT_EQ(this->store_->Check(absent, false).code(), StatusCode::kNotFound);
}

TYPED_TEST_P(BlobStoreConformance, UncommittedWriteLeavesNothing) {
  Sha256 sha = base::HashBytes("abandoned");
  {
    auto writer = this->store_->NewWriter(100);
    ASSERT_TRUE((*writer)->Append("abandoned").ok());
    ASSERT_TRUE((*writer)->Finish().ok());
  }
  EXPECT_FALSE(*this->store_->Exists(sha));
}

TYPED_TEST_P(BlobStoreConformance, RefusesMoreThanTheLimit) {
  auto writer = this->store_->NewWriter(10);
  ASSERT_TRUE((*writer)->Append("12345").ok());
  Status over = (*writer)->Append("678901");
  EXPECT_EQ(over.code(), StatusCode::kPayloadTooLarge);
  EXPECT_FALSE((*writer)->Finish().ok());
}

TYPED_TEST_P(BlobStoreConformance, LargeBlobInPieces) {
  std::string bytes(3 << 20, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(i * 31 % 251);
  BlobInfo info = this->Put(bytes, 65536);
  EXPECT_EQ(info.sha256, base::HashBytes(bytes));
  auto file = this->store_->Open(info.sha256);
  ASSERT_TRUE(file.ok());
  std::string tail(100, '\0');
  ASSERT_EQ(*(*file)->ReadAt(bytes.size() - 100, 100, tail.data()), 100u);
  EXPECT_EQ(tail, bytes.substr(bytes.size() - 100));
}

// ForEach visits every stored blob once, with its size and a plausible time; a deleted blob
// is gone for every call and is no longer visited.
TYPED_TEST_P(BlobStoreConformance, ForEachVisitsEveryBlobAndDeleteRemovesOne) {
  const std::int64_t before = static_cast<std::int64_t>(::time(nullptr)) - 1;
  BlobInfo a = this->Put("first blob");
  BlobInfo b = this->Put("second, longer blob");
  BlobInfo empty = this->Put("");
  std::map<Sha256, std::uint64_t> seen;
  ASSERT_TRUE(this->store_
                  ->ForEach([&](const StoredBlob& blob) {
                    EXPECT_GE(blob.stored_at, before);
                    EXPECT_TRUE(seen.emplace(blob.sha256, blob.size).second) << "visited twice";
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(seen, (std::map<Sha256, std::uint64_t>{
                      {a.sha256, a.size}, {b.sha256, b.size}, {empty.sha256, 0}}));

  ASSERT_TRUE(this->store_->Open(a.sha256).ok());  // remembered as checked
  ASSERT_TRUE(this->store_->Delete(a.sha256).ok());
  EXPECT_FALSE(*this->store_->Exists(a.sha256));
  EXPECT_EQ(this->store_->Open(a.sha256).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(this->store_->Check(a.sha256, false).code(), StatusCode::kNotFound);
  EXPECT_EQ(this->store_->Delete(a.sha256).code(), StatusCode::kNotFound);
  seen.clear();
  ASSERT_TRUE(this->store_
                  ->ForEach([&](const StoredBlob& blob) {
                    seen.emplace(blob.sha256, blob.size);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen.contains(a.sha256));
  // The same bytes uploaded again are a blob again.
  this->Put("first blob");
  EXPECT_TRUE(this->store_->Check(a.sha256, true).ok());
}

// The first error of the visitor ends the walk and is returned.
TYPED_TEST_P(BlobStoreConformance, ForEachStopsAtTheVisitorsError) {
  this->Put("one");
  this->Put("two");
  int visits = 0;
  Status walked = this->store_->ForEach([&](const StoredBlob&) {
    ++visits;
    return Status(StatusCode::kInternal, "stop here");
  });
  EXPECT_EQ(walked.code(), StatusCode::kInternal);
  EXPECT_EQ(visits, 1);
}

// An upload in progress is not an abandoned one; nothing in progress is visited as a blob.
TYPED_TEST_P(BlobStoreConformance, AnUploadInProgressIsNeitherABlobNorAbandoned) {
  auto writer = this->store_->NewWriter(100);
  ASSERT_TRUE((*writer)->Append("half").ok());
  Result<BlobStore::Abandoned> removed =
      this->store_->RemoveAbandonedUploads(std::chrono::hours(1));
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(removed->uploads, 0u);
  int visits = 0;
  ASSERT_TRUE(
      this->store_->ForEach([&](const StoredBlob&) { return ++visits, Status::Ok(); }).ok());
  EXPECT_EQ(visits, 0);
  ASSERT_TRUE((*writer)->Append(" done").ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_TRUE((*writer)->Commit().ok());
}

REGISTER_TYPED_TEST_SUITE_P(BlobStoreConformance, NamesBlobsByTheirSha256, EmptyBlob,
                            SameBytesTwiceIsOneBlob, MissingBlobIsNotFound,
                            UncommittedWriteLeavesNothing, RefusesMoreThanTheLimit,
                            LargeBlobInPieces, ForEachVisitsEveryBlobAndDeleteRemovesOne,
                            ForEachStopsAtTheVisitorsError,
                            AnUploadInProgressIsNeitherABlobNorAbandoned);

}  // namespace appvault::blob
