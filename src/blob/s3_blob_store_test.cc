// S3BlobStore against a real S3 server (Ceph's radosgw from the ctest fixture
// test_services): the BlobStore conformance suite, then what only S3 brings — multipart
// uploads, the object store's own bytes changing under us, presigned URLs, refused
// credentials, abandoned multipart uploads and the local cache's limit.
#include "blob/s3_blob_store.h"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/sha256_hasher.h"
#include "blob/blob_store_conformance.h"
#include "support/test_services.h"

namespace appvault::blob {
namespace {

using namespace std::chrono_literals;

s3::Location TestBucket(const std::string& prefix) {
  Result<s3::Location> location = s3::ParseLocation(test::LoadTestServices().blobs);
  if (!location.ok()) throw std::runtime_error(location.status().ToString());
  location->prefix = prefix;
  return *location;
}

s3::Credentials TestCredentials() {
  return {test::LoadTestServices().access_key, test::LoadTestServices().secret_key};
}

// Every store of a test process gets a prefix of its own in the one shared bucket.
std::string FreshPrefix() {
  static std::atomic<int> counter{0};
  return "test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "/";
}

std::unique_ptr<S3BlobStore> MakeStore(const std::string& dir, S3BlobStoreOptions options = {}) {
  options.cache_dir = dir;
  Result<std::unique_ptr<S3BlobStore>> store =
      S3BlobStore::Open(TestBucket(FreshPrefix()), TestCredentials(), options);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
  return std::move(store).value();
}

struct S3Factory {
  static std::unique_ptr<BlobStore> Make(const std::string& dir) { return MakeStore(dir); }
};

INSTANTIATE_TYPED_TEST_SUITE_P(S3, BlobStoreConformance, S3Factory);

class S3BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("s3blobtest-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static BlobInfo Put(BlobStore& store, const std::string& bytes) {
    auto writer = store.NewWriter(1ull << 32);
    EXPECT_TRUE(writer.ok());
    for (std::size_t i = 0; i < bytes.size(); i += 1 << 20) {
      EXPECT_TRUE((*writer)->Append(std::string_view(bytes).substr(i, 1 << 20)).ok());
    }
    Result<BlobInfo> info = (*writer)->Finish();
    EXPECT_TRUE(info.ok());
    Status committed = (*writer)->Commit();
    EXPECT_TRUE(committed.ok()) << committed.ToString();
    return *info;
  }

  static std::string Read(const BlobFile& file) {
    std::string out(file.size(), '\0');
    EXPECT_EQ(*file.ReadAt(0, out.size(), out.data()), out.size());
    return out;
  }

  static std::string Pattern(std::size_t size, int seed) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i)
      bytes[i] = static_cast<char>((i * 131 + seed) % 251);
    return bytes;
  }

  // The store's client, to change the bucket behind the store's back.
  static s3::Client Behind() { return s3::Client(TestBucket(""), TestCredentials()); }

  // The prefix a store writes under (the part of its keys before "blobs/").
  static std::string PrefixOf(const S3BlobStore& store) {
    const std::string key = store.KeyOf(base::HashBytes(""));
    return key.substr(0, key.find("blobs/"));
  }

  std::filesystem::path dir_;
};

TEST_F(S3BlobStoreTest, ALargeBlobGoesUpInPartsAndComesBackWhole) {
  auto store = MakeStore(dir_.string(), {.part_size = kMinS3PartSize});
  const std::string bytes = Pattern(12 << 20, 7);  // three parts: 5 + 5 + 2 MiB
  BlobInfo info = Put(*store, bytes);
  EXPECT_EQ(info.sha256, base::HashBytes(bytes));
  EXPECT_TRUE(store->Check(info.sha256, true).ok());
  // A second store on the same prefix has no cached copy: it fetches from the bucket.
  S3BlobStoreOptions options{.cache_dir = (dir_ / "other").string()};
  auto other = S3BlobStore::Open(TestBucket(PrefixOf(*store)), TestCredentials(), options);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto file = (*other)->Open(info.sha256);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(Read(**file), bytes);
}

TEST_F(S3BlobStoreTest, OtherBytesInTheBucketAreDataLossNeverServed) {
  auto store = MakeStore(dir_.string());
  BlobInfo info = Put(*store, "the real configuration bundle");
  const std::string key = store->KeyOf(info.sha256);
  s3::Client behind = Behind();
  const std::string forged = "forged bytes";
  s3::Payload payload;
  payload.bytes = forged;
  payload.sha256_hex = base::HashBytes(forged).Hex();
  ASSERT_TRUE(behind.Put(key, payload).ok());

  EXPECT_EQ(store->Check(info.sha256, true).code(), StatusCode::kDataLoss);
  // The cached copy is still the verified one; a store without it refuses the bucket's.
  auto fresh = S3BlobStore::Open(TestBucket(PrefixOf(*store)), TestCredentials(),
                                 {.cache_dir = (dir_ / "fresh").string()});
  ASSERT_TRUE(fresh.ok());
  Result<std::unique_ptr<BlobFile>> opened = (*fresh)->Open(info.sha256);
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(opened.status().message().find("holds other bytes"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "fresh" / "cache" / info.sha256.Hex().substr(0, 2)));
}

TEST_F(S3BlobStoreTest, ADamagedCachedCopyIsFetchedAgain) {
  auto store = MakeStore(dir_.string());
  BlobInfo info = Put(*store, "bytes kept in the bucket");
  const std::string hex = info.sha256.Hex();
  const auto copy = dir_ / "cache" / hex.substr(0, 2) / hex.substr(2, 2) / hex;
  ASSERT_TRUE(std::filesystem::exists(copy));
  std::ofstream(copy, std::ios::binary | std::ios::trunc) << "damaged on the local disk";
  auto file = store->Open(info.sha256);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(Read(**file), "bytes kept in the bucket");
}

TEST_F(S3BlobStoreTest, APresignedUrlDownloadsWithoutCredentials) {
  auto store = MakeStore(dir_.string());
  BlobInfo info = Put(*store, "downloaded through a presigned URL");
  const std::string url = store->DownloadUrl(info.sha256, 60s).value();
  std::string body;
  long status = 0;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, std::size_t size, std::size_t n, void* out) {
        static_cast<std::string*>(out)->append(data, size * n);
        return size * n;
      });
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(body, "downloaded through a presigned URL");
  // The same URL with its signature altered is refused.
  std::string altered = url;
  altered.back() = altered.back() == '0' ? '1' : '0';
  body.clear();
  curl_easy_setopt(curl, CURLOPT_URL, altered.c_str());
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  EXPECT_EQ(status, 403);
  curl_easy_cleanup(curl);
}

TEST_F(S3BlobStoreTest, RefusedCredentialsFailTheOpenNamingTheBucket) {
  s3::Credentials wrong = TestCredentials();
  wrong.secret_key += "x";
  auto store = S3BlobStore::Open(TestBucket(FreshPrefix()), wrong, {.cache_dir = dir_.string()});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find("s3://" + TestBucket("").bucket), std::string::npos);
  EXPECT_NE(store.status().message().find("403"), std::string::npos) << store.status().message();
}

TEST_F(S3BlobStoreTest, AnUnreachableStoreIsUnavailable) {
  s3::Location location = TestBucket(FreshPrefix());
  location.endpoint = "http://127.0.0.1:1";
  auto store = S3BlobStore::Open(location, TestCredentials(), {.cache_dir = dir_.string()});
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("cannot reach the object store at http://127.0.0.1:1"),
            std::string::npos)
      << store.status().message();
}

TEST_F(S3BlobStoreTest, AnAbandonedMultipartUploadIsAborted) {
  auto store = MakeStore(dir_.string());
  const std::string key = store->KeyOf(base::HashBytes("never completed"));
  s3::Client behind = Behind();
  Result<std::string> upload = behind.BeginMultipart(key);
  ASSERT_TRUE(upload.ok()) << upload.status().ToString();
  Result<BlobStore::Abandoned> young = store->RemoveAbandonedUploads(1h);
  ASSERT_TRUE(young.ok()) << young.status().ToString();
  EXPECT_EQ(young->uploads, 0u);
  std::this_thread::sleep_for(2100ms);  // S3 gives the time in whole seconds
  Result<BlobStore::Abandoned> old = store->RemoveAbandonedUploads(1s);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->uploads, 1u);
  int left = 0;
  ASSERT_TRUE(
      behind.ListMultipart(key, [&](const s3::MultipartUpload&) { return ++left, Status::Ok(); })
          .ok());
  EXPECT_EQ(left, 0);
}

TEST_F(S3BlobStoreTest, TheCacheKeepsNoMoreThanItsLimit) {
  auto store = MakeStore(dir_.string(), {.cache_bytes = 250000});
  std::vector<BlobInfo> blobs;
  for (int i = 0; i < 5; ++i)
    blobs.push_back(Put(*store, Pattern(100000, i)));
  std::uint64_t cached = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "cache")) {
    if (entry.is_regular_file() && entry.path().filename().string().size() == 64)
      cached += entry.file_size();
  }
  EXPECT_LE(cached, 250000u);
  // Every blob is still served: those no longer cached come from the bucket again.
  for (int i = 0; i < 5; ++i) {
    auto file = store->Open(blobs[i].sha256);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    EXPECT_EQ(Read(**file), Pattern(100000, i));
  }
}

}  // namespace
}  // namespace appvault::blob
