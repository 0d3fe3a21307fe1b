// Garbage collection against a running server (CONTRACT §6): a configuration uploaded for
// a backup that was never recorded survives `appvaultd gc` inside the grace period and goes
// after it; `check` warns of it meanwhile; serve's background collection frees a forgotten
// snapshot's configuration by itself; and a backup naming a collected blob is refused.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "e2e/api_test_util.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;

CommandResult Appvaultd(const ApiServer& server, std::vector<std::string> args) {
  args.insert(args.end(), {"--data", server.data_dir().string()});
  std::optional<CommandResult> result = RunAppvaultd(args, 30s);
  EXPECT_TRUE(result.has_value()) << args[0] << " did not end";
  return result.value_or(CommandResult{});
}

json App(const std::string& app, const std::string& config_sha256) {
  return {{"app", app},
          {"version_code", "1"},
          {"version_name", "1.0"},
          {"config_sha256", config_sha256}};
}

TEST(ApiGcTest, AnUploadWhoseBackupWasNeverRecordedSurvivesTheGracePeriodOnly) {
  auto server = ApiServer::Start({"--gc-interval", "0"});
  ASSERT_NE(server, nullptr);
  std::string ann = server->NewUser("ann");
  std::string sha = server->UploadSha(ann, "settings of a backup that never finished");
  ASSERT_FALSE(sha.empty());

  CommandResult kept = Appvaultd(*server, {"gc", "--grace", "1h"});
  EXPECT_EQ(kept.status.code, 0) << kept.err;
  EXPECT_NE(kept.out.find("0 blobs deleted"), std::string::npos) << kept.out;
  EXPECT_EQ(server->Call("GET", "/v1/blobs/" + sha, ann).status, 200);

  CommandResult check = Appvaultd(*server, {"check"});
  EXPECT_EQ(check.status.code, 0) << check.out;  // a warning, not an error
  EXPECT_NE(check.out.find("unreferenced " + sha), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("0 problems, 1 unreferenced"), std::string::npos) << check.out;

  std::this_thread::sleep_for(2100ms);  // past a grace of one second
  CommandResult gone = Appvaultd(*server, {"gc", "--grace", "1s"});
  EXPECT_EQ(gone.status.code, 0) << gone.err;
  EXPECT_NE(gone.out.find("deleted " + sha), std::string::npos) << gone.out;
  EXPECT_FALSE(fs::exists(server->BlobPath(sha)));
  EXPECT_EQ(server->Call("GET", "/v1/blobs/" + sha, ann).status, 404);
  // The backup that arrives too late is refused by name, and stores nothing.
  std::string device = server->NewDevice(ann, "android", "30", {"x86_64"});
  ApiReply late =
      server->Json("POST", "/v1/snapshots", ann,
                   {{"device_id", device}, {"apps", json::array({App("com.late", sha)})}});
  EXPECT_NE(late.body.find(sha.substr(0, 12)), std::string::npos) << late.body;
  EXPECT_TRUE(server->Call("GET", "/v1/snapshots", ann).json["items"].empty());
  // Uploaded again, it is backed up as usual.
  ASSERT_EQ(server->UploadSha(ann, "settings of a backup that never finished"), sha);
  EXPECT_EQ(server
                ->Json("POST", "/v1/snapshots", ann,
                       {{"device_id", device}, {"apps", json::array({App("com.late", sha)})}})
                .status,
            201);

  CommandResult clean = Appvaultd(*server, {"check", "--read-data"});
  EXPECT_EQ(clean.status.code, 0) << clean.out;
  EXPECT_NE(clean.out.find("0 problems, 0 unreferenced"), std::string::npos) << clean.out;
}

TEST(ApiGcTest, ServeCollectsInTheBackground) {
  auto server = ApiServer::Start({"--gc-interval", "1s", "--gc-grace", "0"});
  ASSERT_NE(server, nullptr);
  std::string ann = server->NewUser("ann");
  std::string device = server->NewDevice(ann, "android", "30", {"x86_64"});
  std::string old_sha = server->UploadSha(ann, "monday");
  ApiReply monday =
      server->Json("POST", "/v1/snapshots", ann,
                   {{"device_id", device}, {"apps", json::array({App("com.a", old_sha)})}});
  ASSERT_EQ(monday.status, 201) << monday.body;
  std::string new_sha = server->UploadSha(ann, "wednesday");
  ASSERT_EQ(server
                ->Json("POST", "/v1/snapshots", ann,
                       {{"device_id", device}, {"apps", json::array({App("com.a", new_sha)})}})
                .status,
            201);
  std::this_thread::sleep_for(2500ms);
  EXPECT_TRUE(fs::exists(server->BlobPath(old_sha)));  // named by Monday's snapshot

  const std::int64_t id = monday.json["snapshot_id"];
  ASSERT_EQ(server->Call("DELETE", "/v1/snapshots/" + std::to_string(id), ann).status, 200);
  for (int i = 0; i < 100 && fs::exists(server->BlobPath(old_sha)); ++i) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_FALSE(fs::exists(server->BlobPath(old_sha))) << "not collected within 10 s";
  EXPECT_TRUE(fs::exists(server->BlobPath(new_sha)));
  EXPECT_EQ(server->Call("GET", "/v1/blobs/" + new_sha, ann).status, 200);
}

}  // namespace
}  // namespace appvault::test
