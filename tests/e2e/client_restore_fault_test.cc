// `appvault restore` when things go wrong: the server killed in the middle of a download
// (the next run resumes), a package blob tampered with on the server, a configuration bundle
// that tries to write outside its folder. In each case nothing half-done reaches the device.
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/sha256_hasher.h"
#include "e2e/client_restore_util.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ClientRestoreFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = ClientEnv::Start();
    ASSERT_NE(env_, nullptr);
    NewAndroidPhone(*env_, "phone", "28", /*register_ann=*/true);
  }

  std::string Partial(const std::string& device, const std::string& sha) const {
    return env_->DevicePath(device) + "/.appvault/partial/" + sha + ".part";
  }

  std::unique_ptr<ClientEnv> env_;
};

// The restore is slowed to 4 MiB/s so that the server can be killed while the package is on
// its way; the partial file survives, and the next restore (after the server is back on the
// same data) asks only for the rest.
TEST_F(ClientRestoreFaultTest, ServerKilledMidDownloadThenRestoreResumesAndCompletes) {
  const std::string apk = BigApk();
  ASSERT_FALSE(apk.empty());
  const std::string bytes = ReadBytes(apk);
  const std::string sha = base::HashBytes(bytes).Hex();
  env_->EnsurePublisher();
  env_->RunJson("publisher", {"publish", apk, "--software", "big"}, 0);
  CommandResult sideload = env_->Run("phone", {"device", "sideload", apk});
  ASSERT_EQ(sideload.status.code, 0) << sideload.err;
  env_->RunJson("phone", {"backup", "--all", "--without-config"}, 0);
  NewAndroidPhone(*env_, "new", "28");

  CommandResult first;
  std::thread restore([&] {
    first = env_->Run("new", {"restore", "--all", "--limit-rate", "4M", "--json"});
  });
  const std::string partial = Partial("new", sha);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::error_code error;
  while (std::chrono::steady_clock::now() < deadline &&
         !(fs::exists(partial, error) && fs::file_size(partial, error) > 0)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  env_->server().process().Signal(SIGKILL);
  env_->server().process().Wait();
  restore.join();

  ASSERT_EQ(first.status.code, 1) << first.err << first.out;
  json item = ItemFor(json::parse(first.out, nullptr, false), kBigApp);
  EXPECT_EQ(item.value("outcome", ""), "failed") << item;
  EXPECT_NE(item.value("reason", "").find("interrupted"), std::string::npos) << item;
  ASSERT_TRUE(fs::exists(partial));
  const std::uint64_t kept = fs::file_size(partial);
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, bytes.size());
  EXPECT_TRUE(InstalledApps(*env_, "new").empty());

  ASSERT_TRUE(env_->server().process().Restart());  // same data folder, same port
  json second = env_->RunJson("new", {"restore", "--all"}, 0);
  item = ItemFor(second, kBigApp);
  EXPECT_EQ(item.value("outcome", ""), "installed") << item;
  EXPECT_EQ(item.value("bytes_downloaded", 0ull), bytes.size() - kept) << item;
  // The restarted server sent the rest and nothing more.
  EXPECT_EQ(BlobBytesServed(env_->server(), static_cast<long long>(bytes.size() - kept)),
            static_cast<long long>(bytes.size() - kept));
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(
      base::HashBytes(ReadBytes(env_->DevicePath("new") + "/apps/" + kBigApp + "/package.apk"))
          .Hex(),
      sha);
}

// The package's bytes changed on the server's disk: the server refuses to send them and the
// client installs nothing. (The client's own SHA-256 check of what it receives is tested in
// client_download_test.cc: a server that sends other bytes gets them refused the same way.)
TEST_F(ClientRestoreFaultTest, APackageTamperedWithOnTheServerIsRefusedAndTheDeviceUnchanged) {
  PublishRestoreLibrary(*env_);
  env_->Sideload("phone", "notes_v1.apk");
  env_->Sideload("phone", "memo.apk");
  env_->RunJson("phone", {"backup", "--all"}, 0);
  const std::string sha = base::HashBytes(ReadBytes(PackagePath("notes_v1.apk"))).Hex();
  const fs::path stored = env_->server().BlobPath(sha);
  ASSERT_TRUE(fs::exists(stored)) << stored;
  fs::permissions(stored, fs::perms::owner_write, fs::perm_options::add);
  {
    std::fstream file(stored, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(1000);
    file.put('\x42');
  }
  NewAndroidPhone(*env_, "new", "28");
  json report = env_->RunJson("new", {"restore", "--all"}, 1);
  json notes = ItemFor(report, kNotes);
  EXPECT_EQ(notes.value("outcome", ""), "failed") << notes;
  EXPECT_NE(notes.value("reason", "").find("cannot download the package"), std::string::npos)
      << notes;
  EXPECT_EQ(ItemFor(report, kMemo).value("outcome", ""), "installed");  // the others go on
  EXPECT_EQ(InstalledApps(*env_, "new"), std::vector<std::string>{kMemo});
  EXPECT_FALSE(fs::exists(env_->DevicePath("new") + "/data/" + kNotes));
  EXPECT_TRUE(FolderFiles(env_->DevicePath("new") + "/.appvault/partial").empty());
}

// A backup whose configuration bundle holds "../evil": the app is installed with its
// generated configuration, the bundle refused, nothing written outside, and exit 1.
TEST_F(ClientRestoreFaultTest, AConfigurationBundleWithADotDotEntryIsRefused) {
  PublishRestoreLibrary(*env_);
  env_->Sideload("phone", "notes_v1.apk");
  env_->RunJson("phone", {"backup", kNotes}, 0);
  const auto generated = FolderFiles(env_->DevicePath("phone") + "/data/" + kNotes + "/config");
  // The bundle is uploaded and named in a backup by a script speaking the API.
  TempDir work;
  const std::string bundle = (work.path() / "evil.tar").string();
  std::optional<CommandResult> made = RunCommand(
      {"python3", MakeTarScript(), bundle, "file:settings.json:{}", "file:../evil:gotcha"});
  ASSERT_TRUE(made && made->status.Ok()) << (made ? made->err : "");
  const std::string token = env_->server().Login("ann", kTestPassword);
  ApiReply uploaded = env_->server().Upload(token, ReadBytes(bundle));
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  ApiReply devices = env_->server().Call("GET", "/v1/devices", token);
  ASSERT_FALSE(devices.json["items"].empty()) << devices.body;
  ApiReply backup = env_->server().Json(
      "POST", "/v1/backups", token,
      {{"device_id", devices.json["items"][0]["device_id"]},
       {"apps",
        {{{"app", kNotes}, {"version_code", 1}, {"config_sha256", uploaded.json["sha256"]}}}}});
  ASSERT_EQ(backup.status, 200) << backup.body;

  NewAndroidPhone(*env_, "new", "28");
  json item = ItemFor(env_->RunJson("new", {"restore", kNotes}, 1), kNotes);
  EXPECT_EQ(item.value("outcome", ""), "installed") << item;
  EXPECT_FALSE(item.value("config_restored", true)) << item;
  EXPECT_FALSE(item.value("done", true)) << item;
  EXPECT_NE(item.value("reason", "").find("../evil"), std::string::npos) << item;
  EXPECT_EQ(FolderFiles(env_->DevicePath("new") + "/data/" + kNotes + "/config"), generated);
  EXPECT_FALSE(fs::exists(env_->DevicePath("new") + "/data/" + kNotes + "/evil"));
  EXPECT_FALSE(fs::exists(env_->DevicePath("new") + "/data/evil"));
}

// A configuration that cannot be downloaded for now (its blob gone from the server's disk:
// the server answers 500): the app is not installed — installed without it, the next restore
// would skip it as already installed and the settings would be lost —, and its verified
// package stays for the next restore, which installs the app with its settings without
// fetching the package again.
TEST_F(ClientRestoreFaultTest, AConfigurationNotDownloadableForNowWaitsForTheNextRun) {
  PublishRestoreLibrary(*env_);
  env_->Sideload("phone", "notes_v1.apk");
  const std::string config = env_->DevicePath("phone") + "/data/" + kNotes + "/config";
  std::ofstream(config + "/settings.json") << "{\"font\":\"large\"}";
  json backup = env_->RunJson("phone", {"backup", kNotes, "--with-config"}, 0);
  const std::string config_sha = ItemFor(backup, kNotes).value("config_sha256", "");
  ASSERT_EQ(config_sha.size(), 64u) << backup;
  const fs::path stored = env_->server().BlobPath(config_sha);
  const fs::path aside = stored.string() + ".aside";
  const auto config_size = static_cast<long long>(fs::file_size(stored));
  fs::rename(stored, aside);

  NewAndroidPhone(*env_, "new", "28");
  json item = ItemFor(env_->RunJson("new", {"restore", kNotes}, 1), kNotes);
  EXPECT_EQ(item.value("outcome", ""), "failed") << item;
  EXPECT_NE(item.value("reason", "").find("the next restore installs it with its"),
            std::string::npos)
      << item;
  EXPECT_TRUE(InstalledApps(*env_, "new").empty());
  EXPECT_FALSE(fs::exists(env_->DevicePath("new") + "/data/" + kNotes));
  // Asked to, the restore installs it without its settings (and does not ask for them).
  NewAndroidPhone(*env_, "plain", "28");
  item = ItemFor(env_->RunJson("plain", {"restore", kNotes, "--without-config"}, 0), kNotes);
  EXPECT_EQ(item.value("outcome", ""), "installed") << item;
  EXPECT_FALSE(item.value("config_restored", true)) << item;
  EXPECT_TRUE(item.value("done", false)) << item;
  EXPECT_NE(FolderFiles(env_->DevicePath("plain") + "/data/" + kNotes + "/config"),
            FolderFiles(config));  // the generated configuration, not the backed-up one

  fs::rename(aside, stored);
  const long long served = BlobBytesServed(env_->server());
  item = ItemFor(env_->RunJson("new", {"restore", kNotes}, 0), kNotes);
  EXPECT_EQ(item.value("outcome", ""), "installed") << item;
  EXPECT_TRUE(item.value("config_restored", false)) << item;
  EXPECT_EQ(BlobBytesServed(env_->server(), served + config_size), served + config_size)
      << "the package was fetched again";
  EXPECT_EQ(FolderFiles(env_->DevicePath("new") + "/data/" + kNotes + "/config"),
            FolderFiles(config));
  EXPECT_TRUE(FolderFiles(env_->DevicePath("new") + "/.appvault/partial").empty());
}

}  // namespace
}  // namespace appvault::test
