// `appvaultd inspect` on real split APK sets made by tests/fixtures/make_splits.sh (aapt
// --split for language and density splits, ABI and feature splits by manifest), with
// Android's tools as the oracle: every split verifies as `apksigner verify` says, its
// package, versionCode and split name are those of `aapt dump badging`, and the base's label
// given as @string/app_name is aapt's application-label. Then the sets: as files and as an
// .apks zip whose member names mislead, and each defect of a set refused naming it.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "e2e/server_process.h"
#include "support/build_once.h"
#include "support/temp_dir.h"

namespace appvault::test {
namespace {

std::string Capture(const std::string& text, const std::string& pattern) {
  std::smatch match;
  return std::regex_search(text, match, std::regex(pattern)) ? match[1].str() : "";
}

class SplitFixtures : public ::testing::Test {
 protected:
  // The sets of make_splits.sh, built once per build tree (test_cache/split_fixtures).
  static void SetUpTestSuite() {
    std::string error;
    dir_ = BuildWithScript("split_fixtures", {SourcePath("tests/fixtures/make_splits.sh")}, &error);
    ok_ = !dir_.empty();
    if (!ok_) std::fprintf(stderr, "%s\n", error.c_str());
  }

  static std::string Path(const std::string& file) { return dir_ + "/" + file; }

  static nlohmann::json Inspect(const std::vector<std::string>& files, int* exit_code,
                                const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"inspect"};
    for (const std::string& f : files) {
      args.push_back(Path(f));
    }
    args.push_back("--json");
    args.insert(args.end(), extra.begin(), extra.end());
    std::optional<CommandResult> run = RunAppvaultd(args, std::chrono::seconds(60));
    EXPECT_TRUE(run.has_value());
    if (!run) return {};
    *exit_code = run->status.code;
    return nlohmann::json::parse(run->out, nullptr, false);
  }

  static std::string dir_;
  static bool ok_;
};
std::string SplitFixtures::dir_;
bool SplitFixtures::ok_ = false;

struct Expected {
  const char* file;
  const char* split;  // "" for the base
  nlohmann::json serves;
};

TEST_F(SplitFixtures, EverySplitAgreesWithApksignerAndAapt) {
  ASSERT_TRUE(ok_);
  const Expected all[] = {
      {"base.apk", "", nullptr},
      {"base_fr.apk", "config.fr", {{"locale", "fr"}}},
      {"base_de.apk", "config.de", {{"locale", "de"}}},
      {"base_hdpi.apk", "config.hdpi_v4", {{"density", 240}, {"density_name", "hdpi"}}},
      {"base_xxhdpi.apk", "config.xxhdpi_v4", {{"density", 480}, {"density_name", "xxhdpi"}}},
      {"abi_arm64.apk", "config.arm64_v8a", {{"abi", "arm64-v8a"}}},
      {"abi_x86_64.apk", "config.x86_64", {{"abi", "x86_64"}}},
      {"feature.apk", "feature_camera", nullptr},
      {"feature_abi.apk", "feature_camera.config.arm64_v8a", {{"abi", "arm64-v8a"}}},
  };
  for (const Expected& e : all) {
    SCOPED_TRACE(e.file);
    std::optional<CommandResult> apksigner =
        RunCommand({"apksigner", "verify", Path(e.file)}, std::chrono::seconds(60));
    ASSERT_TRUE(apksigner);
    EXPECT_TRUE(apksigner->status.Ok()) << apksigner->out << apksigner->err;
    std::optional<CommandResult> aapt =
        RunCommand({"aapt", "dump", "badging", Path(e.file)}, std::chrono::seconds(30));
    ASSERT_TRUE(aapt && aapt->status.Ok());
    int exit_code = -1;
    nlohmann::json facts = Inspect({e.file}, &exit_code);
    ASSERT_EQ(exit_code, 0) << facts.dump();
    EXPECT_EQ(facts["app"], Capture(aapt->out, "package: name='([^']*)'"));
    EXPECT_EQ(facts["version_code"], Capture(aapt->out, "versionCode='([^']*)'"));
    const std::string split = Capture(aapt->out, "split='([^']*)'");
    EXPECT_EQ(split, e.split);
    EXPECT_EQ(facts["split"], split.empty() ? nlohmann::json(nullptr) : nlohmann::json(split));
    EXPECT_EQ(facts["serves"], e.serves) << facts.dump();
    EXPECT_EQ(facts["is_feature_split"], std::string(e.file) == "feature.apk");
  }
  int exit_code = -1;
  nlohmann::json config = Inspect({"feature_abi.apk"}, &exit_code);
  EXPECT_EQ(config["config_for"], "feature_camera");
}

// aapt dump badging prints application-label:'Split Demo' for android:label="@string/app_name".
TEST_F(SplitFixtures, LabelGivenAsAResourceIsResolvedAsAaptDoes) {
  ASSERT_TRUE(ok_);
  std::optional<CommandResult> aapt =
      RunCommand({"aapt", "dump", "badging", Path("base.apk")}, std::chrono::seconds(30));
  ASSERT_TRUE(aapt && aapt->status.Ok());
  const std::string label = Capture(aapt->out, "application-label:'([^']*)'");
  ASSERT_EQ(label, "Split Demo");
  int exit_code = -1;
  nlohmann::json facts = Inspect({"base.apk"}, &exit_code);
  EXPECT_EQ(facts["label"], label) << facts.dump();
  // The language splits hold the translations: the set resolves the base's label in them.
  nlohmann::json set = Inspect({"base.apk", "base_fr.apk", "base_de.apk"}, &exit_code);
  ASSERT_EQ(exit_code, 0) << set.dump();
  EXPECT_EQ(set["labels"]["fr"], "Démo fractionnée") << set.dump();
  EXPECT_EQ(set["labels"]["de"], "Geteilte Demo");
  // The table of the base answers for its own locales (none here) with the default.
  nlohmann::json fr = Inspect({"base.apk"}, &exit_code, {"--locale", "fr-FR"});
  EXPECT_EQ(fr["label"], "Split Demo");
}

// One APK with its translations: every application-label-<locale> line of aapt.
TEST_F(SplitFixtures, LabelsPerLocaleAreAaptsApplicationLabels) {
  ASSERT_TRUE(ok_);
  std::optional<CommandResult> aapt =
      RunCommand({"aapt", "dump", "badging", Path("single.apk")}, std::chrono::seconds(30));
  ASSERT_TRUE(aapt && aapt->status.Ok());
  std::map<std::string, std::string> expected;
  std::regex line("application-label-([^:]+):'([^']*)'");
  for (auto it = std::sregex_iterator(aapt->out.begin(), aapt->out.end(), line);
       it != std::sregex_iterator(); ++it) {
    expected[(*it)[1].str()] = (*it)[2].str();
  }
  ASSERT_EQ(expected.size(), 2u) << aapt->out;
  int exit_code = -1;
  nlohmann::json facts = Inspect({"single.apk"}, &exit_code);
  ASSERT_EQ(exit_code, 0) << facts.dump();
  EXPECT_EQ(facts["label"], Capture(aapt->out, "application-label:'([^']*)'"));
  using Labels = std::map<std::string, std::string>;
  EXPECT_EQ(facts["labels"].get<Labels>(), expected);
  nlohmann::json fr = Inspect({"single.apk"}, &exit_code, {"--locale", "fr-FR"});
  EXPECT_EQ(fr["label"], expected["fr"]);
}

TEST_F(SplitFixtures, ASetAsFilesAndAsApksIsInspectedWhole) {
  ASSERT_TRUE(ok_);
  int exit_code = -1;
  nlohmann::json files = Inspect({"abi_arm64.apk", "base_fr.apk", "base.apk", "feature.apk",
                                  "feature_abi.apk", "base_hdpi.apk"},
                                 &exit_code);
  ASSERT_EQ(exit_code, 0) << files.dump();
  EXPECT_EQ(files["set"], true);
  EXPECT_TRUE(files["base"]["split"].is_null());
  ASSERT_EQ(files["splits"].size(), 5u);
  EXPECT_EQ(files["splits"][0]["split"], "config.arm64_v8a");
  // The .apks names its base "zz-first.apk" and a language split "base-master.apk".
  nlohmann::json apks = Inspect({"set.apks"}, &exit_code);
  ASSERT_EQ(exit_code, 0) << apks.dump();
  EXPECT_EQ(apks["base"]["file"], "splits/zz-first.apk");
  EXPECT_TRUE(apks["base"]["split"].is_null());
  EXPECT_EQ(apks["splits"].size(), 8u);
  EXPECT_EQ(apks["labels"]["fr"], "Démo fractionnée");
}

TEST_F(SplitFixtures, EveryDefectOfASetRefusesItNamingTheDefect) {
  ASSERT_TRUE(ok_);
  struct Bad {
    std::vector<std::string> files;
    const char* code;
    const char* reason;
  };
  const Bad cases[] = {
      {{"base.apk", "bad_other_signer.apk"},
       "signer_mismatch",
       "is signed by another certificate than the base"},
      {{"base.apk", "bad_other_version.apk"}, "invalid_package", "has versionCode 4, the base 3"},
      {{"base.apk", "bad_other_package.apk"},
       "invalid_package",
       "is of package org.appvault.elsewhere"},
      {{"base.apk", "orphan_config.apk"},
       "invalid_package",
       "configures feature split feature_missing, which the set lacks"},
      {{"base.apk", "abi_arm64.apk", "abi_arm64.apk"},
       "invalid_package",
       "split config.arm64_v8a twice"},
      {{"base_fr.apk", "abi_arm64.apk"}, "invalid_package", "app set: no base APK"},
      {{"base.apk", "base.apk"}, "invalid_package", "app set: two base APKs"},
  };
  for (const Bad& c : cases) {
    SCOPED_TRACE(c.reason);
    int exit_code = -1;
    nlohmann::json refusal = Inspect(c.files, &exit_code);
    EXPECT_EQ(exit_code, 1);
    EXPECT_EQ(refusal.value("accepted", true), false);
    EXPECT_EQ(refusal.value("code", ""), c.code);
    EXPECT_NE(refusal.value("reason", "").find(c.reason), std::string::npos) << refusal.dump();
  }
}

// An .apks entry named *.apk that is no APK refuses the set; a zip without APKs is no set.
TEST_F(SplitFixtures, AnApksWithABrokenMemberOrNoneIsRefused) {
  ASSERT_TRUE(ok_);
  TempDir work;
  const std::string dir = work.path().string();
  ASSERT_TRUE(RunCommand({"sh", "-c",
                          "cd '" + dir + "' && echo junk > broken.apk && cp '" + Path("base.apk") +
                              "' base.apk && zip -q bad.apks base.apk broken.apk && "
                              "echo text > notes.txt && zip -q empty.apks notes.txt"})
                  ->status.Ok());
  const std::pair<const char*, const char*> cases[] = {
      {"bad.apks", "broken.apk: not an APK"},
      {"empty.apks", "app set: no APK in"},
  };
  for (const auto& [file, reason] : cases) {
    SCOPED_TRACE(file);
    std::optional<CommandResult> run = RunAppvaultd(
        {"inspect", (work.path() / file).string(), "--json"}, std::chrono::seconds(60));
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status.code, 1);
    nlohmann::json refusal = nlohmann::json::parse(run->out, nullptr, false);
    EXPECT_EQ(refusal.value("code", ""), "invalid_package");
    EXPECT_NE(refusal.value("reason", "").find(reason), std::string::npos) << run->out;
  }
}

}  // namespace
}  // namespace appvault::test
