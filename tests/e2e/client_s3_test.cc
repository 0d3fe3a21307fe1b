// The service with its blobs on S3 (CONTRACT §9): appvaultd `--blobs s3://…` on the test
// bucket (Ceph's radosgw, from the ctest fixture test_services), a library published, a
// phone backed up with its settings and restored onto another — with the server passing the
// bucket's bytes on, and with `--blob-redirect`, where every byte comes from the bucket
// through a presigned URL and the client still verifies it. `appvaultd check --read-data`
// then reads every blob back from the bucket.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "e2e/client_restore_util.h"
#include "support/test_services.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ClientS3Test : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("AWS_ACCESS_KEY_ID", LoadTestServices().access_key.c_str(), 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", LoadTestServices().secret_key.c_str(), 1);
    blobs_ = FreshBlobsUrl("e2e");
  }

  // A server on the bucket, the restore library published and ann's phone backed up with
  // notes and memo and their settings.
  void StartAndBackUp(const std::vector<std::string>& extra_args) {
    std::vector<std::string> args = {"--blobs", blobs_};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    env_ = ClientEnv::Start(args);
    ASSERT_NE(env_, nullptr);
    PublishRestoreLibrary(*env_);
    NewAndroidPhone(*env_, "phone", "28", /*register_ann=*/true);
    env_->Sideload("phone", "notes_v1.apk");
    env_->Sideload("phone", "memo.apk");
    const std::string config =
        env_->DevicePath("phone") + "/data/" + kNotes + "/config/settings.json";
    fs::create_directories(fs::path(config).parent_path());
    std::ofstream(config, std::ios::trunc) << "{\"theme\":\"dark\"}";
    json backup = env_->RunJson("phone", {"backup", "--all", "--with-config"}, 0);
    ASSERT_EQ(backup["items"].size(), 2u) << backup;
  }

  // Restores everything onto a new tablet; both apps and notes' settings must arrive.
  void RestoreOntoTablet() {
    NewAndroidPhone(*env_, "tablet", "30");
    json report = env_->RunJson("tablet", {"restore", "--all"}, 0);
    ASSERT_EQ(report["items"].size(), 2u) << report;
    EXPECT_EQ(ItemFor(report, kNotes).value("outcome", ""), "installed") << report;
    EXPECT_TRUE(ItemFor(report, kNotes).value("config_restored", false)) << report;
    EXPECT_EQ(ItemFor(report, kMemo).value("outcome", ""), "installed") << report;
    EXPECT_EQ(InstalledApps(*env_, "tablet"), (std::vector<std::string>{kMemo, kNotes}));
    EXPECT_EQ(FolderFiles(env_->DevicePath("tablet") + "/data/" + kNotes + "/config"),
              (std::map<std::string, std::string>{{"settings.json", "{\"theme\":\"dark\"}"}}));
  }

  // `appvaultd check --read-data` on the server's database and the bucket.
  void ExpectCheckClean() {
    std::optional<CommandResult> check = RunAppvaultd(
        {"check", "--read-data", "--data", env_->server().data_dir().string(), "--blobs", blobs_},
        std::chrono::seconds(60));
    ASSERT_TRUE(check.has_value());
    EXPECT_EQ(check->status.code, 0) << check->out << check->err;
    EXPECT_NE(check->out.find("blobs checked (contents read): 0 problems"), std::string::npos)
        << check->out;
  }

  std::string blobs_;
  std::unique_ptr<ClientEnv> env_;
};

TEST_F(ClientS3Test, TheServerPassesOnTheBucketsBytes) {
  ASSERT_NO_FATAL_FAILURE(StartAndBackUp({}));
  ASSERT_NO_FATAL_FAILURE(RestoreOntoTablet());
  EXPECT_GT(BlobBytesServed(env_->server(), 1), 0);
  ExpectCheckClean();
}

TEST_F(ClientS3Test, WithBlobRedirectEveryByteComesFromTheBucket) {
  ASSERT_NO_FATAL_FAILURE(StartAndBackUp({"--blob-redirect"}));
  ASSERT_NO_FATAL_FAILURE(RestoreOntoTablet());
  EXPECT_EQ(BlobBytesServed(env_->server()), 0);  // the server sent none of them
  ExpectCheckClean();
}

TEST(ClientS3RedirectTest, ARedirectIsAShortLivedPresignedUrlGivenOnlyToWhoMayRead) {
  ::setenv("AWS_ACCESS_KEY_ID", LoadTestServices().access_key.c_str(), 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", LoadTestServices().secret_key.c_str(), 1);
  std::unique_ptr<ApiServer> server = ApiServer::Start(
      {"--blobs", FreshBlobsUrl("e2e"), "--blob-redirect", "--blob-redirect-ttl", "60s"});
  ASSERT_NE(server, nullptr);
  const std::string ann = server->NewUser("ann");
  const std::string bob = server->NewUser("bob");
  const std::string sha = server->UploadSha(ann, "ann's private settings");
  ASSERT_FALSE(sha.empty());

  ApiReply redirect = server->Call("GET", "/v1/blobs/" + sha, ann);
  ASSERT_EQ(redirect.status, 302) << redirect.body;
  const std::string location = redirect.Header("location");
  const std::string endpoint =
      LoadTestServices().blobs.substr(LoadTestServices().blobs.find("endpoint=") + 9);
  EXPECT_EQ(location.rfind(endpoint.substr(0, endpoint.find('&')) + "/", 0), 0u) << location;
  EXPECT_NE(location.find("X-Amz-Expires=60&"), std::string::npos) << location;
  EXPECT_EQ(location.find(ann), std::string::npos);  // the session token never leaves
  EXPECT_EQ(redirect.Header("cache-control"), "no-store");
  std::optional<CommandResult> fetched = RunCommand({"curl", "-sS", "-f", location});
  ASSERT_TRUE(fetched.has_value());
  EXPECT_EQ(fetched->out, "ann's private settings") << fetched->err;

  EXPECT_EQ(server->Call("GET", "/v1/blobs/" + sha, bob).status, 404);  // not bob's
  EXPECT_EQ(server->Call("GET", "/v1/blobs/" + sha).status, 401);
}

TEST(ClientS3RefusalTest, BlobRedirectWithoutAnObjectStoreIsAUsageError) {
  std::optional<CommandResult> run = RunAppvaultd(
      {"serve", "--listen", "127.0.0.1:0", "--data", "/nonexistent/appvault", "--blob-redirect"});
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status.code, 2) << run->err;
  EXPECT_NE(run->err.find("--blob-redirect needs a blob store that gives download URLs"),
            std::string::npos)
      << run->err;
}

TEST(ClientS3RefusalTest, ABucketThatRefusesTheCredentialsStopsTheServerAtStart) {
  ::setenv("AWS_ACCESS_KEY_ID", LoadTestServices().access_key.c_str(), 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret", 1);
  TempDir dir;
  std::optional<CommandResult> run =
      RunAppvaultd({"serve", "--listen", "127.0.0.1:0", "--data", dir.Join("data"), "--blobs",
                    FreshBlobsUrl("e2e")});
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status.code, 1) << run->err;
  EXPECT_NE(run->err.find("the object store answered 403"), std::string::npos) << run->err;
}

}  // namespace
}  // namespace appvault::test
