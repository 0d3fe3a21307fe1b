// `appvault` as a user meets it, on a device kept in a folder: device init / info /
// sideload and apps, their --json documents, the exit statuses of CONTRACT §2 and the one
// error line on stderr.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "e2e/server_process.h"
#include "pkg/apk_fixtures.h"
#include "support/build_once.h"
#include "support/temp_dir.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kAppvaultPath = APPVAULT_PATH;

std::string Fixture(const std::string& file) {
  return pkg::test_fixtures::Fixture(file).path;
}

// A file of the split sets of tests/fixtures/make_splits.sh (built once per build tree).
std::string SplitFixture(const std::string& file) {
  static const std::string dir = [] {
    std::string error;
    std::string built =
        BuildWithScript("split_fixtures", {SourcePath("tests/fixtures/make_splits.sh")}, &error);
    EXPECT_FALSE(built.empty()) << error;
    return built;
  }();
  return dir + "/" + file;
}

class DeviceCliTest : public ::testing::Test {
 protected:
  std::string device() const { return (dir_.path() / "phone").string(); }

  // appvault --device DIR args…, with no APPVAULT_* variable set.
  CommandResult Run(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {
        "env",         "-u",       "APPVAULT_DEVICE", "-u", "APPVAULT_SERVER",
        kAppvaultPath, "--device", device()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::optional<CommandResult> result = RunCommand(argv, std::chrono::seconds(60));
    EXPECT_TRUE(result.has_value()) << "appvault hung";
    return result.value_or(CommandResult{});
  }

  json RunJson(const std::vector<std::string>& args, int expected_exit) {
    CommandResult result = Run(args);
    EXPECT_EQ(result.status.code, expected_exit) << result.err;
    json document = json::parse(result.out, nullptr, false);
    EXPECT_TRUE(document.is_object()) << "not one JSON document: " << result.out;
    return document;
  }

  void Init(const std::string& api, const std::string& abis) {
    CommandResult init = Run({"device", "init", "--platform", "android", "--os-version", api,
                              "--abi", abis, "--name", "Pixel"});
    ASSERT_EQ(init.status.code, 0) << init.err;
  }

  TempDir dir_;
};

// Exactly one line, starting "appvault: ".
void ExpectOneErrorLine(const std::string& err) {
  EXPECT_EQ(err.rfind("appvault: ", 0), 0u) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

TEST_F(DeviceCliTest, InitKeepsDensityAndLocales) {
  CommandResult init =
      Run({"device", "init", "--platform", "android", "--os-version", "34", "--abi", "arm64-v8a",
           "--density", "480", "--locales", "fr-FR,de-DE", "--name", "Pixel"});
  ASSERT_EQ(init.status.code, 0) << init.err;
  json info = RunJson({"--json", "device", "info"}, 0);
  EXPECT_EQ(info["density"], 480);
  EXPECT_EQ(info["locales"], json::array({"fr-FR", "de-DE"}));
  CommandResult text = Run({"device", "info"});
  EXPECT_NE(text.out.find("density     480 dpi\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("locales     fr-FR, de-DE\n"), std::string::npos) << text.out;
  std::ifstream file(device() + "/device.json");
  json stored = json::parse(file, nullptr, false);
  EXPECT_EQ(stored["density"], 480);
  EXPECT_EQ(stored["locales"], json::array({"fr-FR", "de-DE"}));
}

TEST_F(DeviceCliTest, InitDefaultsTo420DpiAndEnUs) {
  Init("30", "arm64-v8a");
  json info = RunJson({"--json", "device", "info"}, 0);
  EXPECT_EQ(info["density"], 420);
  EXPECT_EQ(info["locales"], json::array({"en-US"}));
}

TEST_F(DeviceCliTest, InitRefusesABadDensityOrLocale) {
  const std::vector<std::string> base = {"device",       "init", "--platform", "android",
                                         "--os-version", "30",   "--abi",      "arm64-v8a"};
  for (const auto& [flag, value, says] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"--density", "0", "--density: 0 dpi is not a screen density (expected 1 to 10000)"},
           {"--density", "20000", "--density: 20000 dpi"},
           {"--locales", "en_US", "--locales: invalid locale \"en_US\""},
           {"--locales", "fr,fr", "--locales: \"fr\" is listed twice"}}) {
    std::vector<std::string> args = base;
    args.insert(args.end(), {flag, value});
    CommandResult result = Run(args);
    EXPECT_EQ(result.status.code, 2) << flag << " " << value << ": " << result.err;
    EXPECT_NE(result.err.find(says), std::string::npos) << result.err;
    ExpectOneErrorLine(result.err);
    EXPECT_FALSE(fs::exists(device() + "/device.json"));
  }
}

TEST_F(DeviceCliTest, InitInfoSideloadApps) {
  CommandResult init = Run({"device", "init", "--platform", "android", "--os-version", "30",
                            "--abi", "arm64-v8a,armeabi-v7a", "--name", "Pixel"});
  ASSERT_EQ(init.status.code, 0) << init.err;
  EXPECT_NE(init.out.find("android API 30 (arm64-v8a, armeabi-v7a)"), std::string::npos);
  EXPECT_TRUE(fs::is_regular_file(device() + "/device.json"));

  CommandResult info = Run({"device", "info"});
  ASSERT_EQ(info.status.code, 0) << info.err;
  EXPECT_NE(info.out.find("name        Pixel\n"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("abis        arm64-v8a, armeabi-v7a\n"), std::string::npos);

  CommandResult sideload = Run({"device", "sideload", Fixture("v123_rsa.apk")});
  ASSERT_EQ(sideload.status.code, 0) << sideload.err;
  EXPECT_EQ(sideload.out.rfind("installed org.appvault.full version 5 (1.5)", 0), 0u)
      << sideload.out;
  EXPECT_TRUE(fs::is_regular_file(device() + "/data/org.appvault.full/config/settings.json"));

  CommandResult apps = Run({"apps"});
  ASSERT_EQ(apps.status.code, 0) << apps.err;
  EXPECT_NE(apps.out.find("org.appvault.full  5        1.5"), std::string::npos) << apps.out;
  EXPECT_TRUE(apps.err.empty()) << apps.err;
}

TEST_F(DeviceCliTest, JsonOutputsAreOneDocument) {
  json init = RunJson(
      {"--json", "device", "init", "--platform", "ios", "--os-version", "16.4", "--abi", "arm64"},
      0);
  EXPECT_EQ(init["platform"], "ios");
  EXPECT_EQ(init["os_version"], "16.4");
  EXPECT_EQ(init["name"], "phone");  // the folder's name when --name is not given
  json info = RunJson({"device", "info", "--json"}, 0);
  EXPECT_EQ(info["abis"], json::array({"arm64"}));
  json apps = RunJson({"apps", "--json"}, 0);
  EXPECT_EQ(apps, json::parse(R"({"items":[]})"));
}

TEST_F(DeviceCliTest, SideloadAndAppsAsJson) {
  Init("30", "arm64-v8a");
  json installed = RunJson({"--json", "device", "sideload", Fixture("v2_rsa.apk")}, 0);
  EXPECT_EQ(installed["outcome"], "installed");
  EXPECT_EQ(installed["app"], "org.appvault.v2rsa");
  EXPECT_EQ(installed["version_code"], "3");
  EXPECT_EQ(installed["config"], "installed.json");
  EXPECT_EQ(installed["signer_sha256"],
            pkg::test_fixtures::Apksigner(pkg::test_fixtures::Fixture("v2_rsa.apk")).signer_sha256);
  json apps = RunJson({"--json", "apps"}, 0);
  ASSERT_EQ(apps["items"].size(), 1u);
  const json& item = apps["items"][0];
  EXPECT_EQ(item["app"], "org.appvault.v2rsa");
  EXPECT_EQ(item["version_code"], "3");
  EXPECT_EQ(item["version_name"], "1.3");
  EXPECT_EQ(item["signer_sha256"], installed["signer_sha256"]);
  EXPECT_EQ(item["package_sha256"], installed["package_sha256"]);
  EXPECT_EQ(item["healthy"], true);
}

// An app set sideloaded as its APK files, then (after a reset) as one .apks; `apps` lists
// its splits.
TEST_F(DeviceCliTest, SideloadAnAppSetAsFilesOrAsOneApks) {
  Init("30", "arm64-v8a");
  CommandResult text = Run({"device", "sideload", SplitFixture("base_fr.apk"),
                            SplitFixture("base.apk"), SplitFixture("abi_arm64.apk")});
  ASSERT_EQ(text.status.code, 0) << text.err;
  EXPECT_EQ(text.out.rfind("installed org.appvault.splitdemo version 3 (1.3) with 2 split APKs "
                           "(config.arm64_v8a, config.fr)",
                           0),
            0u)
      << text.out;
  json apps = RunJson({"--json", "apps"}, 0);
  ASSERT_EQ(apps["items"].size(), 1u);
  EXPECT_EQ(apps["items"][0]["splits"], json({"config.arm64_v8a", "config.fr"}));
  EXPECT_EQ(apps["items"][0]["healthy"], true);

  std::filesystem::remove_all(device());
  Init("30", "arm64-v8a");
  json installed = RunJson({"--json", "device", "sideload", SplitFixture("set.apks")}, 0);
  EXPECT_EQ(installed["outcome"], "installed");
  EXPECT_GE(installed["splits"].size(), 4u) << installed;
  for (const auto& entry : std::filesystem::directory_iterator(device() + "/.appvault")) {
    EXPECT_NE(entry.path().filename().string().rfind("apks-", 0), 0u)
        << "unpacked members left: " << entry.path();
  }
  // A defective set: one line naming the defect, nothing installed.
  std::filesystem::remove_all(device());
  Init("30", "arm64-v8a");
  CommandResult refused =
      Run({"device", "sideload", SplitFixture("base.apk"), SplitFixture("bad_other_signer.apk")});
  EXPECT_EQ(refused.status.code, 1);
  ExpectOneErrorLine(refused.err);
  EXPECT_NE(refused.err.find("another certificate than the base"), std::string::npos)
      << refused.err;
  EXPECT_EQ(RunJson({"--json", "apps"}, 0)["items"].size(), 0u);
}

TEST_F(DeviceCliTest, UsageErrorsExitTwoAndCreateNothing) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"bogus"},
      {"device"},
      {"device", "init"},
      {"device", "init", "--platform", "android", "--os-version", "thirty", "--abi", "x86_64"},
      {"device", "init", "--platform", "android", "--os-version", "30", "--abi", "ARM!"},
      {"device", "init", "--platform", "android", "--os-version", "30", "--abi", "x86,x86"},
      {"device", "init", "--platform", "windows", "--os-version", "30", "--abi", "x86_64"},
      {"device", "init", "--platform", "ios", "--os-version", "16.x", "--abi", "arm64"},
      {"device", "sideload"},
      {"apps", "--unknown-flag"},
  };
  for (const std::vector<std::string>& args : cases) {
    CommandResult result = Run(args);
    std::string line;
    for (const std::string& arg : args)
      line += arg + " ";
    EXPECT_EQ(result.status.code, 2) << line << result.err;
    ExpectOneErrorLine(result.err);
    EXPECT_FALSE(fs::exists(device())) << line;
  }
}

TEST_F(DeviceCliTest, ASideloadThatDoesNotFitExitsOneNamingTheDevicesOs) {
  Init("21", "arm64-v8a");
  CommandResult result = Run({"device", "sideload", Fixture("v123_ec.apk")});  // minSdk 26
  EXPECT_EQ(result.status.code, 1);
  ExpectOneErrorLine(result.err);
  EXPECT_NE(result.err.find("android API 21"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("needs android API 26 or newer"), std::string::npos) << result.err;
  json refused = RunJson({"--json", "device", "sideload", Fixture("v123_ec.apk")}, 1);
  EXPECT_EQ(refused["outcome"], "failed");
  EXPECT_EQ(refused["code"], "conflict");
  EXPECT_NE(refused["reason"].get<std::string>().find("android API 21"), std::string::npos);
  EXPECT_FALSE(fs::exists(device() + "/apps/org.appvault.fullec"));
}

TEST_F(DeviceCliTest, RefusedPackagesExitOneWithTheirCode) {
  Init("30", "arm64-v8a");
  json bad = RunJson({"--json", "device", "sideload", Fixture("bad_entry_v2.apk")}, 1);
  EXPECT_EQ(bad["code"], "bad_signature");
  CommandResult text = Run({"device", "sideload", Fixture("unsigned.apk")});
  EXPECT_EQ(text.status.code, 1);
  ExpectOneErrorLine(text.err);
  EXPECT_NE(text.err.find("unsigned"), std::string::npos) << text.err;
  ASSERT_EQ(Run({"device", "sideload", Fixture("v2_rsa.apk")}).status.code, 0);
  CommandResult again = Run({"device", "sideload", Fixture("v2_rsa.apk")});
  EXPECT_EQ(again.status.code, 1);
  EXPECT_NE(again.err.find("already installed"), std::string::npos) << again.err;
}

TEST_F(DeviceCliTest, WithoutADeviceCommandsExitOneSayingHowToMakeOne) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"device", "info"}, std::vector<std::string>{"apps"}}) {
    CommandResult result = Run(args);
    EXPECT_EQ(result.status.code, 1);
    ExpectOneErrorLine(result.err);
    EXPECT_NE(result.err.find("appvault device init"), std::string::npos) << result.err;
  }
  json error = RunJson({"--json", "apps"}, 1);
  EXPECT_EQ(error["error"]["code"], "not_found");
}

TEST_F(DeviceCliTest, InitRefusesAnExistingDevice) {
  Init("30", "arm64-v8a");
  CommandResult again =
      Run({"device", "init", "--platform", "android", "--os-version", "33", "--abi", "x86_64"});
  EXPECT_EQ(again.status.code, 1);
  ExpectOneErrorLine(again.err);
  EXPECT_NE(again.err.find("already holds a device"), std::string::npos) << again.err;
}

TEST_F(DeviceCliTest, ADamagedAppIsListedAndMakesAppsExitOne) {
  Init("30", "arm64-v8a");
  ASSERT_EQ(Run({"device", "sideload", Fixture("v2_rsa.apk")}).status.code, 0);
  const std::string package = device() + "/apps/org.appvault.v2rsa/package.apk";
  std::fstream file(package, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(static_cast<std::streamoff>(fs::file_size(package) / 3));
  file.put('\x7f');
  file.close();
  json apps = RunJson({"--json", "apps"}, 1);
  ASSERT_EQ(apps["items"].size(), 1u);
  EXPECT_EQ(apps["items"][0]["healthy"], false);
  EXPECT_TRUE(apps["items"][0]["problem"].is_string());
  CommandResult text = Run({"apps"});
  EXPECT_EQ(text.status.code, 1);
  EXPECT_NE(text.out.find("DAMAGED"), std::string::npos) << text.out;
  ExpectOneErrorLine(text.err);
}

TEST_F(DeviceCliTest, TheDeviceDefaultsToTheEnvironmentThenToDotSlashDevice) {
  const std::string from_env = (dir_.path() / "from-env").string();
  std::optional<CommandResult> with_env =
      RunCommand({"env", "APPVAULT_DEVICE=" + from_env, kAppvaultPath, "device", "init",
                  "--platform", "android", "--os-version", "30", "--abi", "x86_64"});
  ASSERT_TRUE(with_env && with_env->status.code == 0) << (with_env ? with_env->err : "");
  EXPECT_TRUE(fs::exists(from_env + "/device.json"));
  std::optional<CommandResult> in_cwd = RunCommand(
      {"env", "-u", "APPVAULT_DEVICE", "-C", dir_.path().string(), kAppvaultPath, "device", "init",
       "--platform", "android", "--os-version", "30", "--abi", "x86_64"});
  ASSERT_TRUE(in_cwd && in_cwd->status.code == 0) << (in_cwd ? in_cwd->err : "");
  EXPECT_TRUE(fs::exists(dir_.path() / "device" / "device.json"));
}

}  // namespace
}  // namespace appvault::test
