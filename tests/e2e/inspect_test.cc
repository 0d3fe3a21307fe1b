// `appvaultd inspect` on every real APK fixture, with Android's own tools as the oracle:
// the same accept/refuse verdict as `apksigner verify --print-certs`, and the same package,
// versionCode, versionName, minSdk, maxSdk, native code and certificate as
// `aapt dump badging` and apksigner report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "e2e/server_process.h"
#include "pkg/apk_fixtures.h"
#include "support/temp_dir.h"

namespace appvault::test {
namespace {

namespace fixtures = pkg::test_fixtures;

struct Badging {
  std::string package, version_code, version_name, min_sdk, max_sdk;
  std::set<std::string> native_code;
};

std::string Capture(const std::string& text, const std::string& pattern) {
  std::smatch match;
  return std::regex_search(text, match, std::regex(pattern)) ? match[1].str() : "";
}

Badging AaptBadging(const std::string& path) {
  std::optional<CommandResult> aapt =
      RunCommand({"aapt", "dump", "badging", path}, std::chrono::seconds(30));
  EXPECT_TRUE(aapt && aapt->status.Ok()) << path;
  Badging b;
  if (!aapt) return b;
  b.package = Capture(aapt->out, "package: name='([^']*)'");
  b.version_code = Capture(aapt->out, "versionCode='([^']*)'");
  b.version_name = Capture(aapt->out, "versionName='([^']*)'");
  b.min_sdk = Capture(aapt->out, "sdkVersion:'([^']*)'");
  b.max_sdk = Capture(aapt->out, "maxSdkVersion:'([^']*)'");
  std::string native = Capture(aapt->out, "native-code:([^\n]*)");
  std::regex quoted("'([^']*)'");
  for (auto it = std::sregex_iterator(native.begin(), native.end(), quoted);
       it != std::sregex_iterator(); ++it) {
    b.native_code.insert((*it)[1].str());
  }
  return b;
}

nlohmann::json InspectJson(const std::string& path, int* exit_code) {
  std::optional<CommandResult> run =
      RunAppvaultd({"inspect", path, "--json"}, std::chrono::seconds(60));
  EXPECT_TRUE(run.has_value()) << "inspect hung on " << path;
  if (!run) return {};
  *exit_code = run->status.code;
  return nlohmann::json::parse(run->out, nullptr, false);
}

std::set<std::string> Strings(const nlohmann::json& array) {
  std::set<std::string> out;
  for (const auto& item : array)
    out.insert(item.get<std::string>());
  return out;
}

TEST(InspectTest, EveryApkFixtureAgreesWithApksignerAndAapt) {
  const std::vector<fixtures::ApkFixture>& all = fixtures::Fixtures();
  ASSERT_GE(all.size(), 20u) << "the fixture generator made too few packages";
  int accepted_count = 0;
  for (const fixtures::ApkFixture& fixture : all) {
    SCOPED_TRACE(fixture.file);
    int exit_code = -1;
    nlohmann::json facts = InspectJson(fixture.path, &exit_code);
    ASSERT_TRUE(facts.is_object()) << "not one JSON object";
    bool accepted = facts.value("accepted", false);
    EXPECT_EQ(exit_code, accepted ? 0 : 1);
    EXPECT_EQ(accepted, fixture.verdict == "ok");
    if (!accepted) {
      EXPECT_EQ(facts.value("code", ""), fixture.verdict) << facts.dump();
    }
    fixtures::ApksignerVerdict apksigner = fixtures::Apksigner(fixture);
    if (fixture.apksigner_agrees) {
      EXPECT_EQ(accepted, apksigner.verifies) << apksigner.output;
    }
    if (!accepted) continue;
    ++accepted_count;
    EXPECT_EQ(facts["signer_sha256"], apksigner.signer_sha256);
    EXPECT_EQ(Strings(facts["schemes"]), apksigner.schemes) << apksigner.output;
    Badging badging = AaptBadging(fixture.path);
    EXPECT_EQ(facts["platform"], "android");
    EXPECT_EQ(facts["app"], badging.package);
    EXPECT_EQ(facts["version_code"], badging.version_code);
    EXPECT_EQ(facts["version_name"], badging.version_name);
    EXPECT_EQ(facts["min_os"], badging.min_sdk.empty() ? "1" : badging.min_sdk);
    if (badging.max_sdk.empty()) {
      EXPECT_TRUE(facts["max_os"].is_null());
    } else {
      EXPECT_EQ(facts["max_os"], badging.max_sdk);
    }
    EXPECT_EQ(Strings(facts["abis"]), badging.native_code);
    EXPECT_EQ(facts["size"], std::filesystem::file_size(fixture.path));
    EXPECT_EQ(facts["sha256"].get<std::string>().size(), 64u);
  }
  EXPECT_GE(accepted_count, 8);
}

// A v1-only package signed with SHA-256 (as for API 18+) whose manifest says minSdk 14:
// Android 4.0-4.2 cannot verify it. apksigner refuses it naming those API levels; so do we.
// Likewise v2 alone with minSdk 21: Android 5.x and 6.0 read only the JAR signature.
TEST(InspectTest, RefusalNamesTheApiLevelsThatCannotVerifyThePackage) {
  const std::pair<const char*, const char*> cases[] = {
      {"v1_sha256_min14.apk", "API Level(s) 14-17 for which this APK is being verified"},
      {"v2_only_min21.apk", "API Level(s) 21-23, for which this APK is being verified"},
  };
  for (const auto& [file, reason] : cases) {
    SCOPED_TRACE(file);
    const fixtures::ApkFixture& fixture = fixtures::Fixture(file);
    fixtures::ApksignerVerdict apksigner = fixtures::Apksigner(fixture);
    EXPECT_FALSE(apksigner.verifies) << apksigner.output;
    int exit_code = -1;
    nlohmann::json facts = InspectJson(fixture.path, &exit_code);
    EXPECT_EQ(exit_code, 1);
    EXPECT_EQ(facts.value("accepted", true), false);
    EXPECT_EQ(facts.value("code", ""), "bad_signature");
    EXPECT_NE(facts.value("reason", "").find(reason), std::string::npos) << facts.dump();
  }
  // apksigner's own words for the first: the same API levels.
  fixtures::ApksignerVerdict sha256 = fixtures::Apksigner(fixtures::Fixture("v1_sha256_min14.apk"));
  EXPECT_NE(sha256.output.find("not supported on API Level(s) 14-17"), std::string::npos)
      << sha256.output;
}

TEST(InspectTest, TextOutputAndExitStatus) {
  std::optional<CommandResult> ok =
      RunAppvaultd({"inspect", fixtures::Fixture("v123_rsa.apk").path}, std::chrono::seconds(30));
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->status.Ok()) << ok->err;
  EXPECT_EQ(ok->out.rfind("accepted\n", 0), 0u) << ok->out;
  EXPECT_NE(ok->out.find("schemes         v1, v2, v3"), std::string::npos) << ok->out;
  std::optional<CommandResult> bad = RunAppvaultd(
      {"inspect", fixtures::Fixture("bad_entry_v2.apk").path}, std::chrono::seconds(30));
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status.code, 1);
  EXPECT_EQ(bad->out.rfind("refused bad_signature: ", 0), 0u) << bad->out;
}

TEST(InspectTest, MissingFileIsRefusedClearly) {
  int exit_code = -1;
  nlohmann::json facts = InspectJson("/nonexistent/app.apk", &exit_code);
  EXPECT_EQ(exit_code, 1);
  EXPECT_EQ(facts.value("accepted", true), false);
  EXPECT_EQ(facts.value("code", ""), "not_found");
}

// An IPA built here with zip and plistutil (binary Info.plist).
TEST(InspectTest, IpaFactsFromInfoPlist) {
  TempDir dir;
  std::filesystem::path app = dir.path() / "Payload" / "Notes.app";
  std::filesystem::create_directories(app);
  std::ofstream(dir.path() / "Info.xml") << R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleIdentifier</key><string>org.appvault.notes</string>
<key>CFBundleVersion</key><string>2.10.1</string>
<key>CFBundleShortVersionString</key><string>2.10</string>
<key>MinimumOSVersion</key><string>15.0</string>
<key>CFBundleDisplayName</key><string>Notes</string>
</dict></plist>)";
  std::ofstream(app / "Notes") << "binary";
  ASSERT_TRUE(RunCommand({"plistutil", "-i", (dir.path() / "Info.xml").string(), "-o",
                          (app / "Info.plist").string(), "-f", "bin"})
                  ->status.Ok());
  std::string ipa = (dir.path() / "notes.ipa").string();
  ASSERT_TRUE(
      RunCommand({"sh", "-c", "cd '" + dir.path().string() + "' && zip -qr notes.ipa Payload"})
          ->status.Ok());
  int exit_code = -1;
  nlohmann::json facts = InspectJson(ipa, &exit_code);
  EXPECT_EQ(exit_code, 0) << facts.dump();
  EXPECT_EQ(facts["platform"], "ios");
  EXPECT_EQ(facts["app"], "org.appvault.notes");
  EXPECT_EQ(facts["version_code"], "2.10.1");
  EXPECT_EQ(facts["version_name"], "2.10");
  EXPECT_EQ(facts["min_os"], "15.0");
  EXPECT_EQ(facts["label"], "Notes");
  EXPECT_TRUE(facts["signer_sha256"].is_null());
  EXPECT_EQ(facts["integrity"], "sha256-only");
  EXPECT_EQ(facts["size"], std::filesystem::file_size(ipa));
}

}  // namespace
}  // namespace appvault::test
