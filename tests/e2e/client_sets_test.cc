// App sets end to end (CONTRACT §7), with real processes: `appvault publish BASE SPLIT…` of
// the split APKs tests/fixtures/make_splits.sh makes with Debian's aapt and apksigner; the
// catalog shows the set's splits; a restore plan for a device of a given ABI, density and
// locales lists the members chosen for it, base first; a defective set is refused whole
// with a clear error and nothing of it is stored.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "e2e/client_e2e_util.h"
#include "support/build_once.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kApp = "org.appvault.splitdemo";

// The good set's files, base first.
const std::vector<std::string> kSetFiles = {"base.apk",       "base_fr.apk",     "base_de.apk",
                                            "base_hdpi.apk",  "base_xxhdpi.apk", "abi_arm64.apk",
                                            "abi_x86_64.apk", "feature.apk",     "feature_abi.apk"};

class ClientSetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    dir_ = BuildWithScript("split_fixtures", {SourcePath("tests/fixtures/make_splits.sh")}, &error);
    if (dir_.empty()) std::fprintf(stderr, "%s\n", error.c_str());
  }

  void SetUp() override {
    ASSERT_FALSE(dir_.empty()) << "the split fixtures could not be made";
    env_ = ClientEnv::Start();
    ASSERT_NE(env_, nullptr);
    env_->EnsurePublisher();
  }

  static std::string Path(const std::string& file) { return dir_ + "/" + file; }

  // `appvault publish` of the fixtures `files` to software id.
  CommandResult Publish(const std::vector<std::string>& files, const std::string& id) {
    std::vector<std::string> args = {"--json", "publish"};
    for (const std::string& f : files) {
      args.push_back(Path(f));
    }
    args.insert(args.end(), {"--software", id});
    return env_->Run("publisher", args);
  }

  // Every file below the server's data folder (blobs, staged uploads, the database aside).
  std::set<std::string> StoredFiles() {
    std::set<std::string> files;
    for (const fs::directory_entry& e :
         fs::recursive_directory_iterator(env_->server().data_dir())) {
      const std::string name = e.path().filename().string();
      if (e.is_regular_file() && name.rfind("appvault.db", 0) != 0) files.insert(e.path().string());
    }
    return files;
  }

  // The split names of a plan's item's packages, in order ("" for the base).
  static std::vector<std::string> Members(const json& item) {
    std::vector<std::string> names;
    for (const json& m : item["packages"]) {
      names.push_back(m["split"].is_null() ? "" : m["split"].get<std::string>());
      EXPECT_EQ(m["url"], "/v1/blobs/" + m["sha256"].get<std::string>());
    }
    return names;
  }

  static std::string dir_;
  std::unique_ptr<ClientEnv> env_;
};
std::string ClientSetsTest::dir_;

TEST_F(ClientSetsTest, PublishedSetIsInTheCatalogAndPlannedPerDevice) {
  CommandResult published = Publish(kSetFiles, "splitdemo");
  ASSERT_EQ(published.status.code, 0) << published.err;
  json reply = json::parse(published.out);
  const json& package = reply;  // the package document, with "schemes", "label", "software"
  EXPECT_EQ(package["app"], kApp);
  ASSERT_EQ(package["splits"].size(), 8u) << package.dump();

  // The catalog shows the set's splits, each with its kind and what it serves.
  std::string viewer = env_->server().NewUser("viewer");
  ApiReply detail = env_->server().Call("GET", "/v1/catalog/software/splitdemo", viewer);
  ASSERT_EQ(detail.status, 200) << detail.body;
  ASSERT_EQ(detail.json["packages"].size(), 1u);
  std::map<std::string, json> splits;
  for (const json& s : detail.json["packages"][0]["splits"]) {
    splits[s["name"]] = s;
  }
  ASSERT_EQ(splits.size(), 8u) << detail.body;
  EXPECT_EQ(splits["config.arm64_v8a"]["kind"], "abi");
  EXPECT_EQ(splits["config.arm64_v8a"]["abi"], "arm64-v8a");
  EXPECT_EQ(splits["config.fr"]["kind"], "language");
  EXPECT_EQ(splits["config.fr"]["locale"], "fr");
  EXPECT_EQ(splits["feature_camera"]["kind"], "feature");
  EXPECT_EQ(splits["feature_camera.config.arm64_v8a"]["config_for"], "feature_camera");
  int densities = 0;
  for (const auto& [name, s] : splits) {
    if (s["kind"] == "density") ++densities;
  }
  EXPECT_EQ(densities, 2);
  // Every member's bytes are downloadable by any signed-in user, as a package's are.
  for (const auto& [name, s] : splits) {
    ApiReply blob = env_->server().Call("GET", s["url"], viewer);
    EXPECT_EQ(blob.status, 200) << name;
    EXPECT_EQ(blob.body.size(), s["size"].get<std::size_t>()) << name;
  }
  // The same set as an .apks is the same version: refused, and said so.
  CommandResult again = Publish({"set.apks"}, "splitdemo");
  ExpectFailure(again, 1, "version_exists");

  // ann backed the app up; her devices differ in ABI, density and locales.
  std::string ann = env_->server().NewUser("ann");
  ASSERT_EQ(
      env_->server()
          .Backup(
              ann, env_->server().NewDevice(ann, "android", "30", {"arm64-v8a"}),
              {{{"app", kApp}, {"version_code", "3"}, {"signer_sha256", package["signer_sha256"]}}})
          .status,
      200);
  struct Device {
    json profile;
    std::string outcome;
    std::vector<std::string> members;
    std::string reason_has;
  };
  const std::vector<Device> devices = {
      {{{"abis", {"x86_64", "arm64-v8a"}}, {"density", 240}, {"locales", {"de-DE", "fr-FR"}}},
       "install",
       {"", "config.de", "config.fr", "config.hdpi_v4", "config.x86_64", "feature_camera",
        "feature_camera.config.arm64_v8a"},
       "config.x86_64 (ABI x86_64, the device's first)"},
      {{{"abis", {"arm64-v8a"}}, {"density", 360}, {"locales", {"ja-JP"}}},
       "install",
       {"", "config.arm64_v8a", "config.xxhdpi_v4", "feature_camera",
        "feature_camera.config.arm64_v8a"},
       "no language split of the base for the device's ja-JP"},
      {{{"abis", {"armeabi-v7a"}}, {"density", 420}, {"locales", {"en-US"}}},
       "no_compatible_package",
       {},
       "backed-up version 3 is an app set that cannot be completed for it: the ABI splits of "
       "the base are only for arm64-v8a, x86_64, none for the device's armeabi-v7a"},
  };
  for (const Device& d : devices) {
    json body = d.profile;
    body["platform"] = "android";
    body["os_version"] = "30";
    ApiReply created = env_->server().Json("POST", "/v1/devices", ann, body);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.json["density"], d.profile["density"]);
    EXPECT_EQ(created.json["locales"], d.profile["locales"]);
    ApiReply plan =
        env_->server().Json("POST", "/v1/restore-plans", ann,
                            {{"device_id", created.json["device_id"]}, {"apps", {kApp}}});
    ASSERT_EQ(plan.status, 200) << plan.body;
    const json& item = plan.json["items"][0];
    EXPECT_EQ(item["outcome"], d.outcome) << item.dump();
    EXPECT_EQ(Members(item), d.members) << item.dump();
    EXPECT_NE(item["reason"].get<std::string>().find(d.reason_has), std::string::npos)
        << item["reason"];
    if (d.outcome == "install") {
      EXPECT_EQ(item["packages"][0]["sha256"], package["sha256"]);
    }
  }
}

// Each defect refuses the whole set with a clear error, and nothing is stored: no blob, no
// software, no package.
TEST_F(ClientSetsTest, DefectiveSetsAreRefusedWholeAndNothingIsStored) {
  const std::set<std::string> before = StoredFiles();
  struct Defect {
    std::vector<std::string> files;
    std::string says;
  };
  const std::vector<Defect> defects = {
      {{"base.apk", "base_fr.apk", "bad_other_signer.apk"},
       "refused (signer_mismatch): app set: split config.xxxhdpi (bad_other_signer.apk) is "
       "signed by another certificate than the base"},
      {{"base.apk", "feature_abi.apk"},
       "refused (invalid_package): app set: split feature_camera.config.arm64_v8a "
       "(feature_abi.apk) configures feature split feature_camera, which the set lacks"},
      {{"base.apk", "base_fr.apk", "base.apk"},
       "refused (invalid_package): app set: two base APKs: base.apk, 3.apk"},
      {{"base.apk", "bad_other_version.apk"}, "has versionCode 4, the base 3"},
      {{"base.apk", "bad_other_package.apk"}, "is of package org.appvault.elsewhere"},
  };
  for (const Defect& d : defects) {
    CommandResult refused = Publish(d.files, "broken");
    ExpectFailure(refused, 1, d.says);
    EXPECT_NE(refused.err.find("cannot publish the app set"), std::string::npos) << refused.err;
  }
  EXPECT_EQ(StoredFiles(), before);
  std::string viewer = env_->server().NewUser("viewer");
  EXPECT_EQ(env_->server().Call("GET", "/v1/catalog/software/broken", viewer).status, 404);
  EXPECT_EQ(env_->server().Call("GET", "/v1/catalog/software?q=splitdemo", viewer).json["items"],
            json::array());
}

// Publishing records the members' blobs after the package; a crash in between leaves the
// package naming its splits without blob records: every member is served all the same.
TEST_F(ClientSetsTest, ASplitWithoutItsBlobRecordIsStillServed) {
  CommandResult published = Publish(kSetFiles, "splitdemo");
  ASSERT_EQ(published.status.code, 0) << published.err;
  const json reply = json::parse(published.out);
  const std::string db = (env_->server().data_dir() / "appvault.db").string();
  std::optional<CommandResult> deleted =
      RunCommand({"sqlite3", db, "DELETE FROM blobs"}, std::chrono::seconds(30));
  ASSERT_TRUE(deleted && deleted->status.Ok()) << (deleted ? deleted->err : "sqlite3 hung");
  std::string viewer = env_->server().NewUser("viewer");
  ASSERT_EQ(reply["splits"].size(), 8u);
  for (const json& split : reply["splits"]) {
    ApiReply blob = env_->server().Call("GET", split["url"], viewer);
    EXPECT_EQ(blob.status, 200) << split["name"];
    EXPECT_EQ(blob.body.size(), split["size"].get<std::size_t>()) << split["name"];
  }
  EXPECT_EQ(env_->server().Call("GET", "/v1/blobs/" + std::string(64, 'a'), viewer).status, 404);
}

// The device profile's density and locales go to the server with the device.
TEST_F(ClientSetsTest, DeviceInitDensityAndLocalesAreStoredWithTheDevice) {
  CommandResult init =
      env_->Run("tablet", {"device", "init", "--platform", "android", "--os-version", "33", "--abi",
                           "arm64-v8a", "--density", "213", "--locales", "pt-BR,en-GB"});
  ASSERT_EQ(init.status.code, 0) << init.err;
  env_->RegisterAndLogin("tablet", "bea");
  // The first backup registers the device with the server (its profile as device.json has it).
  env_->Run("tablet", {"backup", "--all"});
  std::string bea = env_->server().Login("bea", kTestPassword);
  ApiReply devices = env_->server().Call("GET", "/v1/devices", bea);
  ASSERT_EQ(devices.status, 200) << devices.body;
  ASSERT_EQ(devices.json["items"].size(), 1u) << devices.body;
  EXPECT_EQ(devices.json["items"][0]["density"], 213);
  EXPECT_EQ(devices.json["items"][0]["locales"], json::array({"pt-BR", "en-GB"}));
}

}  // namespace
}  // namespace appvault::test
