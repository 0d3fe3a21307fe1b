// One backup run against a real folder device and a recording fake of the server (the
// server's side is proven end to end in tests/e2e/client_backup_test.cc and
// client_snapshot_test.cc).
#include "client/backup/backup_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "client/client_test_util.h"

namespace appvault::client::backup {
namespace {

using nlohmann::json;
using test::FixturePath;
using test::MakeDevice;
using test::TempDir;

constexpr const char* kFull = "org.appvault.full";

// Records every request and answers as a server that backs everything up, unless told
// otherwise.
class RecordingServer : public BackupServer {
 public:
  struct Request {
    json apps;
    std::optional<std::int64_t> snapshot_id;
  };

  Result<UploadedConfig> UploadConfig(const std::string& bundle_path,
                                      const ConfigBundleInfo& bundle) override {
    EXPECT_TRUE(std::filesystem::exists(bundle_path)) << bundle_path;
    uploads.push_back(bundle.sha256);
    if (!upload_failure.ok()) return upload_failure;
    return UploadedConfig{bundle.sha256, bundle.size, true};
  }

  Result<api::CreatedSnapshot> CreateSnapshot(const std::string& device_id, const json& apps,
                                              std::optional<std::int64_t> snapshot_id) override {
    EXPECT_EQ(device_id, "device-7");
    requests.push_back({apps, snapshot_id});
    if (!snapshot_failure.ok()) return snapshot_failure;
    api::CreatedSnapshot created{snapshot_id.value_or(40 + static_cast<int>(requests.size())), {}};
    for (const json& app : apps) {
      const std::string id = app["app"];
      api::BackupReportItem item;
      item.app = id;
      item.backed_up = refuse != id;
      item.software_id = "notes";
      item.reason = refuse == id ? "refused" : "";
      created.items.push_back(item);
    }
    return created;
  }

  std::vector<Request> requests;
  std::vector<Sha256> uploads;
  Status upload_failure = Status::Ok();
  Status snapshot_failure = Status::Ok();
  std::string refuse;  // the app the server does not back up
};

class BackupRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    device_ = MakeDevice(tmp_.Join("device"), test::Android(30));
    ASSERT_NE(device_, nullptr);
  }
  void InstallBoth() {
    ASSERT_TRUE(device_->Install(FixturePath("v2_rsa.apk")).ok());
    ASSERT_TRUE(device_->Install(FixturePath("v123_rsa.apk")).ok());
  }
  // The items and snapshot id of a whole run.
  struct Outcome {
    std::vector<BackupItem> items;
    std::int64_t snapshot_id = 0;
  };
  Result<Outcome> Run(const Selection& selection, bool with_config = false,
                      std::size_t per_request = 1000) {
    Result<BackupPlan> plan = PlanBackup(*device_, selection);
    if (!plan.ok()) return plan.status();
    if (with_config) {
      Status scratch = plan->WithConfiguration(*device_);
      if (!scratch.ok()) return scratch;
    }
    Result<std::int64_t> id = SendBackup(*plan, *device_, server_, "device-7", per_request);
    if (!id.ok()) return id.status();
    return Outcome{std::move(plan->items), *id};
  }

  TempDir tmp_;
  std::unique_ptr<FolderDevice> device_;
  RecordingServer server_;
};

TEST_F(BackupRunTest, AllAppsInRequestsThatAddToTheFirstsSnapshot) {
  InstallBoth();
  Result<Outcome> outcome = Run({.apps = {}, .all = true}, false, 1);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(server_.requests.size(), 2u);
  EXPECT_FALSE(server_.requests[0].snapshot_id.has_value());
  EXPECT_EQ(server_.requests[1].snapshot_id, 41);  // the first request's snapshot
  EXPECT_EQ(outcome->snapshot_id, 41);
  ASSERT_EQ(outcome->items.size(), 2u);
  for (const BackupItem& item : outcome->items) {
    EXPECT_TRUE(item.backed_up) << item.app << ": " << item.reason;
    EXPECT_EQ(item.software_id, "notes");
  }
  const json& sent = server_.requests[0].apps.at(0);
  EXPECT_EQ(sent["app"], kFull);
  EXPECT_EQ(sent["version_code"], "5");
  EXPECT_EQ(sent["version_name"], "1.5");
  EXPECT_EQ(sent["signer_sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(sent.contains("config_sha256"));
  EXPECT_TRUE(server_.uploads.empty());
}

TEST_F(BackupRunTest, NamedAppsOnceEachAndThoseNotInstalledFailAlone) {
  InstallBoth();
  Result<Outcome> outcome = Run({.apps = {kFull, "com.absent", kFull}, .all = false});
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(outcome->items.size(), 2u);
  EXPECT_TRUE(outcome->items[0].backed_up);
  EXPECT_FALSE(outcome->items[1].backed_up);
  EXPECT_EQ(outcome->items[1].reason, "not installed on this device");
  ASSERT_EQ(server_.requests.size(), 1u);
  EXPECT_EQ(server_.requests[0].apps.size(), 1u);  // only what is installed is sent

  Result<Outcome> bad = Run({.apps = {"not an id!"}, .all = false});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("not an id!"), std::string::npos);
}

TEST_F(BackupRunTest, ConfigurationIsPackedUploadedAndNamedThenTheScratchFolderGoes) {
  InstallBoth();
  std::filesystem::create_directories(tmp_.Join("device") + "/data/" + kFull + "/config");
  std::ofstream(tmp_.Join("device") + "/data/" + kFull + "/config/settings.json") << "{}";
  Result<Outcome> outcome = Run({.apps = {}, .all = true}, /*with_config=*/true);
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  ASSERT_EQ(server_.uploads.size(), 2u);
  ASSERT_TRUE(outcome->items[0].config.has_value());
  EXPECT_EQ(server_.requests[0].apps[0]["config_sha256"], server_.uploads[0].Hex());
  EXPECT_NE(server_.uploads[0], server_.uploads[1]);  // a settings file, and none
  for (const auto& entry : std::filesystem::directory_iterator(device_->StateDirectory())) {
    EXPECT_NE(entry.path().filename().string().rfind("backup-", 0), 0u)
        << "scratch folder left: " << entry.path();
  }
}

TEST_F(BackupRunTest, AnAppTheServerRefusesFailsAloneAndAServerFailureEndsTheRun) {
  InstallBoth();
  server_.refuse = kFull;
  Result<Outcome> outcome = Run({.apps = {}, .all = true});
  ASSERT_TRUE(outcome.ok());
  EXPECT_FALSE(outcome->items[0].backed_up);
  EXPECT_EQ(outcome->items[0].reason, "refused");
  EXPECT_TRUE(outcome->items[1].backed_up);

  server_.snapshot_failure = Status(StatusCode::kUnavailable, "cannot reach the server");
  EXPECT_EQ(Run({.apps = {}, .all = true}).status().code(), StatusCode::kUnavailable);
}

TEST_F(BackupRunTest, AnUploadRefusalIsTheAppsAndAnUnreachableServerTheRuns) {
  InstallBoth();
  server_.upload_failure = Status(StatusCode::kQuotaExceeded, "quota of 10 bytes");
  Result<Outcome> outcome = Run({.apps = {}, .all = true}, /*with_config=*/true);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->items[0].reason, "configuration: quota of 10 bytes");
  EXPECT_EQ(outcome->items[1].reason, "configuration: quota of 10 bytes");
  EXPECT_TRUE(server_.requests.empty());  // nothing was ready to send
  EXPECT_EQ(outcome->snapshot_id, 0);

  server_.upload_failure = Status(StatusCode::kUnavailable, "cannot reach the server");
  EXPECT_EQ(Run({.apps = {}, .all = true}, /*with_config=*/true).status().code(),
            StatusCode::kUnavailable);
}

TEST_F(BackupRunTest, ADeviceWithNoAppsMakesAnEmptySnapshot) {
  Result<Outcome> outcome = Run({.apps = {}, .all = true});
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->items.empty());
  ASSERT_EQ(server_.requests.size(), 1u);
  EXPECT_TRUE(server_.requests[0].apps.empty());
  EXPECT_EQ(outcome->snapshot_id, 41);
}

}  // namespace
}  // namespace appvault::client::backup
