// Backup history as a user meets it (CONTRACT §6, issue 15): every `appvault backup` is a
// snapshot; older settings come back with --from-snapshot, each phone restores its own with
// --from-device, an app uninstalled before the newest backup stays uninstalled on
// `restore --all`, `restore --dry-run` changes nothing, and `forget` removes snapshots by
// id or by a retention policy, after which `appvaultd gc` frees what only the forgotten
// snapshots named — the real appvault against a real appvaultd.
#include <filesystem>
#include <fstream>

#include "e2e/client_restore_util.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ClientSnapshotTest : public AnnsPhoneTest {
 protected:
  std::string Settings(const std::string& device, const std::string& app) const {
    return env_->DevicePath(device) + "/data/" + app + "/config/settings.json";
  }

  void WriteSettings(const std::string& device, const std::string& app, const std::string& text) {
    fs::create_directories(fs::path(Settings(device, app)).parent_path());
    std::ofstream(Settings(device, app), std::ios::binary | std::ios::trunc) << text;
  }

  std::string ReadSettings(const std::string& device, const std::string& app) const {
    std::ifstream in(Settings(device, app), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // `backup --all --with-config` on device; the snapshot it made.
  std::int64_t BackUp(const std::string& device) {
    json backup = env_->RunJson(device, {"backup", "--all", "--with-config"}, 0);
    EXPECT_TRUE(backup["snapshot_id"].is_number_integer()) << backup;
    return backup["snapshot_id"].is_number_integer() ? backup["snapshot_id"].get<std::int64_t>()
                                                     : 0;
  }

  // The app leaves the folder device, as an uninstall leaves it.
  void Uninstall(const std::string& device, const std::string& app) {
    fs::remove_all(env_->DevicePath(device) + "/apps/" + app);
    fs::remove_all(env_->DevicePath(device) + "/data/" + app);
  }

  json Snapshots(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"snapshots"};
    args.insert(args.end(), extra.begin(), extra.end());
    return env_->RunJson("phone", args, 0);
  }

  std::string ConfigOf(std::int64_t snapshot) {
    json shown = env_->RunJson("phone", {"snapshot", "show", std::to_string(snapshot)}, 0);
    return shown["items"].at(0)["config_sha256"].get<std::string>();
  }

  // `appvaultd ARGS… --data DATA` on the server's data folder, beside the running server.
  CommandResult Appvaultd(std::vector<std::string> args) {
    args.insert(args.end(), {"--data", env_->server().data_dir().string()});
    std::optional<CommandResult> result = RunAppvaultd(args, std::chrono::seconds(30));
    EXPECT_TRUE(result.has_value()) << args[0] << " did not end";
    return result.value_or(CommandResult{});
  }
};

TEST_F(ClientSnapshotTest, MondaysSettingsComeBackFromMondaysSnapshot) {
  env_->Sideload("phone", "notes_v1.apk");
  WriteSettings("phone", kNotes, "{\"theme\":\"monday\"}");
  const std::int64_t monday = BackUp("phone");
  WriteSettings("phone", kNotes, "{\"theme\":\"ruined on wednesday\"}");
  const std::int64_t wednesday = BackUp("phone");
  ASSERT_GT(wednesday, monday);

  json list = Snapshots();
  ASSERT_EQ(list["items"].size(), 2u) << list;
  EXPECT_EQ(list["items"][0]["snapshot_id"], wednesday);  // newest first
  EXPECT_EQ(list["items"][1]["snapshot_id"], monday);
  EXPECT_EQ(list["items"][0]["device_name"], "phone");
  EXPECT_EQ(list["items"][0]["apps"], 1);
  EXPECT_EQ(list["items"][0]["with_config"], true);
  json shown = env_->RunJson("phone", {"snapshot", "show", std::to_string(monday)}, 0);
  ASSERT_EQ(shown["items"].size(), 1u) << shown;
  EXPECT_EQ(shown["items"][0]["app"], kNotes);
  EXPECT_EQ(shown["items"][0]["platform"], "android");
  EXPECT_NE(shown["items"][0]["config_sha256"],
            env_->RunJson("phone", {"snapshot", "show", std::to_string(wednesday)},
                          0)["items"][0]["config_sha256"]);
  CommandResult text = env_->Run("phone", {"snapshots"});
  EXPECT_NE(text.out.find("ID"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(std::to_string(monday)), std::string::npos) << text.out;

  fs::remove_all(env_->DevicePath("phone"));  // the phone is reset
  NewAndroidPhone(*env_, "phone", "28");
  json restored =
      env_->RunJson("phone", {"restore", kNotes, "--from-snapshot", std::to_string(monday)}, 0);
  EXPECT_EQ(ItemFor(restored, kNotes)["snapshot_id"], monday) << restored;
  EXPECT_EQ(ReadSettings("phone", kNotes), "{\"theme\":\"monday\"}");

  // Without a source, the newest snapshot that holds the app.
  NewAndroidPhone(*env_, "tablet", "28");
  json newest = env_->RunJson("tablet", {"restore", kNotes}, 0);
  EXPECT_EQ(ItemFor(newest, kNotes)["snapshot_id"], wednesday) << newest;
  EXPECT_EQ(ReadSettings("tablet", kNotes), "{\"theme\":\"ruined on wednesday\"}");

  ExpectFailure(env_->Run("phone", {"snapshot", "show", "999999"}), 1, "no snapshot");
  ExpectFailure(env_->Run("phone", {"restore", "--all", "--from-snapshot", "999999"}), 1,
                "no snapshot 999999");
}

TEST_F(ClientSnapshotTest, TwoPhonesOfOneUserEachRestoreTheirOwnSettings) {
  NewAndroidPhone(*env_, "work", "28");
  for (const std::string device : {"phone", "work"}) {
    env_->Sideload(device, "notes_v1.apk");
    WriteSettings(device, kNotes, "{\"owner\":\"" + device + "\"}");
    BackUp(device);
  }
  EXPECT_EQ(Snapshots({"--from-device", "work"})["items"].size(), 1u);
  EXPECT_EQ(Snapshots()["items"].size(), 2u);
  for (const std::string device : {"phone", "work"}) {
    const std::string fresh = "new-" + device;
    NewAndroidPhone(*env_, fresh, "28");
    json restored = env_->RunJson(fresh, {"restore", "--all", "--from-device", device}, 0);
    ASSERT_EQ(restored["items"].size(), 1u) << restored;
    EXPECT_EQ(ReadSettings(fresh, kNotes), "{\"owner\":\"" + device + "\"}");
  }
  ExpectFailure(env_->Run("phone", {"restore", "--all", "--from-device", "nobody"}), 1,
                "no device \"nobody\"");
  ExpectFailure(
      env_->Run("phone", {"restore", "--all", "--from-device", "work", "--from-snapshot", "1"}), 2);
}

TEST_F(ClientSnapshotTest, AnAppUninstalledBeforeTheNewestBackupIsNotReinstalledByRestoreAll) {
  env_->Sideload("phone", "notes_v1.apk");
  env_->Sideload("phone", "memo.apk");
  BackUp("phone");  // Monday: notes and memo
  Uninstall("phone", kMemo);
  const std::int64_t wednesday = BackUp("phone");  // Wednesday: notes only

  fs::remove_all(env_->DevicePath("phone"));
  NewAndroidPhone(*env_, "phone", "28");
  json all = env_->RunJson("phone", {"restore", "--all"}, 0);
  ASSERT_EQ(all["items"].size(), 1u) << all;
  EXPECT_EQ(all["items"][0]["app"], kNotes);
  EXPECT_EQ(all["items"][0]["snapshot_id"], wednesday);
  EXPECT_EQ(InstalledApps(*env_, "phone"), (std::vector<std::string>{kNotes}));
  // Asked for by name, it still comes back, from the snapshot that holds it.
  json memo = env_->RunJson("phone", {"restore", kMemo}, 0);
  EXPECT_EQ(ItemFor(memo, kMemo)["outcome"], "installed") << memo;
  EXPECT_LT(ItemFor(memo, kMemo)["snapshot_id"].get<std::int64_t>(), wednesday);
}

TEST_F(ClientSnapshotTest, ADryRunTellsThePlanAndChangesNothing) {
  env_->Sideload("phone", "notes_v1.apk");
  WriteSettings("phone", kNotes, "{\"theme\":\"dark\"}");
  const std::int64_t snapshot = BackUp("phone");
  NewAndroidPhone(*env_, "tablet", "28");
  const long long served = BlobBytesServed(env_->server());

  json plan = env_->RunJson("tablet", {"restore", "--all", "--dry-run"}, 0);
  EXPECT_EQ(plan["dry_run"], true);
  ASSERT_EQ(plan["items"].size(), 1u) << plan;
  const json& item = plan["items"][0];
  EXPECT_EQ(item["outcome"], "install");
  EXPECT_EQ(item["would_install"], true);
  EXPECT_EQ(item["version_code"], "1");
  EXPECT_EQ(item["snapshot_id"], snapshot);
  EXPECT_EQ(item["config_restored"], true);
  CommandResult text = env_->Run("tablet", {"restore", "--all", "--dry-run"});
  EXPECT_EQ(text.status.code, 0) << text.err;
  EXPECT_NE(text.out.find("would install version 1"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("from snapshot " + std::to_string(snapshot)), std::string::npos);
  json without = env_->RunJson("tablet", {"restore", "--all", "--dry-run", "--without-config"}, 0);
  EXPECT_EQ(without["items"][0]["config_restored"], false);

  // An app that would not be installed makes the dry run exit 1.
  json missing = env_->RunJson("tablet", {"restore", "org.never.backed.up", "--dry-run"}, 1);
  EXPECT_EQ(missing["items"][0]["outcome"], "not_backed_up") << missing;
  EXPECT_EQ(missing["items"][0]["would_install"], false);

  EXPECT_TRUE(InstalledApps(*env_, "tablet").empty());
  EXPECT_FALSE(fs::exists(Settings("tablet", kNotes)));
  EXPECT_EQ(BlobBytesServed(env_->server()), served);  // not a byte downloaded
}

TEST_F(ClientSnapshotTest, ForgetRemovesOneSnapshotOrThoseARetentionPolicyDoesNotKeep) {
  env_->Sideload("phone", "notes_v1.apk");
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    WriteSettings("phone", kNotes, "{\"run\":" + std::to_string(i) + "}");
    ids.push_back(BackUp("phone"));
  }
  // A snapshot of an unchanged phone uploads no configuration byte.
  json unchanged = env_->RunJson("phone", {"backup", "--all", "--with-config"}, 0);
  EXPECT_EQ(unchanged["items"][0]["config_uploaded"], false) << unchanged;
  ASSERT_EQ(env_->RunJson("phone", {"forget", "--snapshot", unchanged["snapshot_id"].dump()},
                          0)["removed"]
                .size(),
            1u);

  json preview = env_->RunJson("phone", {"forget", "--keep-last", "1", "--dry-run"}, 0);
  EXPECT_EQ(preview["dry_run"], true);
  ASSERT_EQ(preview["removed"].size(), 2u) << preview;
  EXPECT_EQ(preview["kept"][0]["snapshot_id"], ids[2]);
  EXPECT_EQ(Snapshots()["items"].size(), 3u);  // a dry run removes nothing

  json forgot = env_->RunJson("phone", {"forget", "--keep-last", "1", "--from-device", "phone"}, 0);
  ASSERT_EQ(forgot["removed"].size(), 2u) << forgot;
  EXPECT_EQ(forgot["removed"][0]["snapshot_id"], ids[1]);
  EXPECT_EQ(forgot["removed"][1]["snapshot_id"], ids[0]);
  json left = Snapshots();
  ASSERT_EQ(left["items"].size(), 1u);
  EXPECT_EQ(left["items"][0]["snapshot_id"], ids[2]);
  // The app is still backed up, with the newest settings.
  json backups = env_->RunJson("phone", {"backups"}, 0);
  ASSERT_EQ(backups["items"].size(), 1u);

  CommandResult one = env_->Run("phone", {"forget", "--snapshot", std::to_string(ids[2])});
  EXPECT_EQ(one.status.code, 0) << one.err;
  EXPECT_NE(one.out.find("removed 1 snapshot"), std::string::npos) << one.out;
  EXPECT_TRUE(Snapshots()["items"].empty());
  EXPECT_TRUE(env_->RunJson("phone", {"backups"}, 0)["items"].empty());

  ExpectFailure(env_->Run("phone", {"forget"}), 2, "--keep-last");
  ExpectFailure(env_->Run("phone", {"forget", kNotes, "--snapshot", "1"}), 2, "not several");
  ExpectFailure(env_->Run("phone", {"forget", "--snapshot", "1", "--from-device", "phone"}), 2,
                "--from-device");
  ExpectFailure(env_->Run("phone", {"forget", "--keep-last", "0"}), 2);
  ExpectFailure(env_->Run("phone", {"forget", "--snapshot", std::to_string(ids[2])}), 1,
                "no snapshot");
}

// forget --keep-last 1, then gc: Monday's settings bytes are freed, Wednesday's stay and
// still restore, and check --read-data finds nothing wrong and nothing left unreferenced.
TEST_F(ClientSnapshotTest, ForgetKeepLastOneThenGcFreesTheOlderSettings) {
  env_->Sideload("phone", "notes_v1.apk");
  WriteSettings("phone", kNotes, "{\"theme\":\"monday\",\"font\":\"large\"}");
  const std::string monday = ConfigOf(BackUp("phone"));
  WriteSettings("phone", kNotes, "{\"theme\":\"wednesday\"}");
  const std::string wednesday = ConfigOf(BackUp("phone"));
  const fs::path monday_bytes = env_->server().BlobPath(monday);
  ASSERT_TRUE(fs::exists(monday_bytes));
  const std::uintmax_t monday_size = fs::file_size(monday_bytes);

  CommandResult nothing = Appvaultd({"gc", "--grace", "0"});
  EXPECT_EQ(nothing.status.code, 0) << nothing.err;
  EXPECT_NE(nothing.out.find("0 blobs deleted"), std::string::npos) << nothing.out;  // both named

  env_->RunJson("phone", {"forget", "--keep-last", "1"}, 0);
  CommandResult dry = Appvaultd({"gc", "--grace", "0", "--dry-run"});
  EXPECT_NE(dry.out.find("would delete " + monday), std::string::npos) << dry.out;
  EXPECT_TRUE(fs::exists(monday_bytes));
  // The default grace period (24 h) spares what was backed up minutes ago.
  CommandResult spared = Appvaultd({"gc"});
  EXPECT_NE(spared.out.find("0 blobs deleted"), std::string::npos) << spared.out;
  EXPECT_TRUE(fs::exists(monday_bytes));

  CommandResult freed = Appvaultd({"gc", "--grace", "0"});
  EXPECT_EQ(freed.status.code, 0) << freed.err;
  EXPECT_NE(freed.out.find("deleted " + monday), std::string::npos) << freed.out;
  EXPECT_NE(freed.out.find("1 blobs deleted, " + std::to_string(monday_size) + " bytes freed"),
            std::string::npos)
      << freed.out;
  EXPECT_FALSE(fs::exists(monday_bytes));
  RecordProperty("gc", freed.out);  // in --gtest_output=xml, for the record
  EXPECT_TRUE(fs::exists(env_->server().BlobPath(wednesday)));

  CommandResult check = Appvaultd({"check", "--read-data"});
  EXPECT_EQ(check.status.code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("0 problems, 0 unreferenced"), std::string::npos) << check.out;

  fs::remove_all(env_->DevicePath("phone"));  // the phone is reset
  NewAndroidPhone(*env_, "phone", "28");
  env_->RunJson("phone", {"restore", "--all"}, 0);
  EXPECT_EQ(ReadSettings("phone", kNotes), "{\"theme\":\"wednesday\"}");
}

}  // namespace
}  // namespace appvault::test
