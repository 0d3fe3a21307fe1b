#include "pkg/manifest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>

#include "pkg/binary_xml.h"
#include "pkg/binary_xml_builder.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace appvault::pkg {
namespace {

using test::ReadFile;
using test::RunShell;
using test::ShellQuote;
using test::TempDir;
using test::WriteFile;
using test_util::BinaryXmlBuilder;

const std::string kNs(kAndroidNamespace);

#define EXPECT_CONTAINS(text, part)                          \
  EXPECT_NE(std::string(text).find(part), std::string::npos) \
      << "\"" << (text) << "\" does not contain \"" << (part) << "\""

// framework-res.apk of the android-framework-res package, found as the brief says: dpkg -L.
std::string FrameworkRes() {
  static const std::string path = [] {
    std::string out;
    RunShell("dpkg -L android-framework-res | grep '/framework-res.apk$' | head -1", &out);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
      out.pop_back();
    return out;
  }();
  return path;
}

// Compiles manifest_xml (plus files under res/, relative path -> content) into an APK with
// aapt and returns its path, or "" with a test failure.
class AaptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The tools are part of the project's set-up (scripts/setup.sh): missing is a failure.
    ASSERT_EQ(RunShell("command -v aapt"), 0) << "aapt is not installed";
    ASSERT_FALSE(FrameworkRes().empty()) << "android-framework-res is not installed";
  }

  std::string BuildApk(const std::string& manifest_xml,
                       const std::map<std::string, std::string>& res = {}) {
    const std::string src = dir_.Join("src" + std::to_string(++builds_));
    WriteFile(src + "/AndroidManifest.xml", manifest_xml);
    for (const auto& [path, content] : res)
      WriteFile(src + "/res/" + path, content);
    const std::string apk = src + ".apk";
    std::string out;
    const int rc = RunShell("aapt package -f -M " + ShellQuote(src + "/AndroidManifest.xml") +
                                (res.empty() ? "" : " -S " + ShellQuote(src + "/res")) + " -I " +
                                ShellQuote(FrameworkRes()) + " -F " + ShellQuote(apk),
                            &out);
    EXPECT_EQ(rc, 0) << out;
    return rc == 0 ? apk : "";
  }

  Result<AndroidManifest> Read(const std::string& apk) {
    Result<std::unique_ptr<RandomAccessFile>> file = OpenFile(apk);
    if (!file.ok()) return file.status();
    Result<ZipArchive> zip = ZipArchive::Open(**file);
    if (!zip.ok()) return zip.status();
    return ReadAndroidManifest(*zip);
  }

  // The compiled AndroidManifest.xml inside apk.
  std::string CompiledManifest(const std::string& apk) {
    std::string out;
    EXPECT_EQ(RunShell("cd " + ShellQuote(dir_.path().string()) + " && rm -rf x && unzip -q -d x " +
                           ShellQuote(apk) + " AndroidManifest.xml",
                       &out),
              0)
        << out;
    return ReadFile(dir_.Join("x/AndroidManifest.xml"));
  }

  TempDir dir_;
  int builds_ = 0;
};

std::string Manifest(const std::string& manifest_attributes, const std::string& children) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
         "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" " +
         manifest_attributes + ">\n" + children + "\n</manifest>\n";
}

// What `aapt dump badging` says, as name -> value: package, versionCode, versionName,
// sdkVersion, targetSdkVersion, maxSdkVersion (absent when aapt prints nothing).
std::map<std::string, std::string> Badging(const std::string& apk) {
  std::string out;
  EXPECT_EQ(RunShell("aapt dump badging " + ShellQuote(apk), &out), 0) << out;
  std::map<std::string, std::string> facts;
  std::smatch m;
  if (std::regex_search(out, m,
                        std::regex("package: name='([^']*)' versionCode='([^']*)' "
                                   "versionName='([^']*)'"))) {
    facts["package"] = m[1];
    facts["versionCode"] = m[2];
    facts["versionName"] = m[3];
  }
  for (const char* key : {"sdkVersion", "targetSdkVersion", "maxSdkVersion"}) {
    if (std::regex_search(out, m, std::regex(std::string("\n") + key + ":'([^']*)'"))) {
      facts[key] = m[1];
    }
  }
  return facts;
}

TEST_F(AaptTest, MatchesAaptBadging) {
  const std::vector<std::string> manifests = {
      Manifest("package=\"com.example.hello\" android:versionCode=\"42\" "
               "android:versionName=\"1.2.3\"",
               "<uses-sdk android:minSdkVersion=\"21\" android:targetSdkVersion=\"30\" "
               "android:maxSdkVersion=\"33\"/>\n<application android:label=\"Hello App\"/>"),
      Manifest("package=\"org.min\" android:versionCode=\"7\"", ""),
      Manifest("package=\"org.hex.app\" android:versionCode=\"0x10\" android:versionName=\"v\"",
               "<uses-sdk android:minSdkVersion=\"26\"/>"),
      Manifest("package=\"org.t_1.x2\" android:versionCode=\"2147483647\"",
               "<uses-sdk android:targetSdkVersion=\"34\"/>"),
  };
  for (const std::string& xml : manifests) {
    const std::string apk = BuildApk(xml);
    ASSERT_FALSE(apk.empty());
    std::map<std::string, std::string> aapt = Badging(apk);
    Result<AndroidManifest> m = Read(apk);
    ASSERT_TRUE(m.ok()) << m.status().ToString() << "\n" << xml;
    EXPECT_EQ(m->package, aapt["package"]) << xml;
    EXPECT_EQ(std::to_string(m->version_code), aapt["versionCode"]) << xml;
    EXPECT_EQ(m->version_name, aapt["versionName"]) << xml;
    EXPECT_EQ(std::to_string(m->min_sdk), aapt.count("sdkVersion") ? aapt["sdkVersion"] : "1");
    if (aapt.count("targetSdkVersion")) {
      EXPECT_EQ(std::to_string(m->target_sdk), aapt["targetSdkVersion"]) << xml;
    }
    EXPECT_EQ(m->max_sdk ? std::to_string(*m->max_sdk) : "", aapt["maxSdkVersion"]) << xml;
  }
}

TEST_F(AaptTest, ReadsLabelAndDefaults) {
  Result<AndroidManifest> full = Read(BuildApk(Manifest(
      "package=\"com.example.hello\" android:versionCode=\"42\"",
      "<uses-sdk android:minSdkVersion=\"21\"/><application android:label=\"Hello App\"/>")));
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_EQ(full->label, "Hello App");
  EXPECT_EQ(full->target_sdk, 21);  // targetSdkVersion defaults to minSdkVersion
  EXPECT_FALSE(full->max_sdk.has_value());
  Result<AndroidManifest> bare =
      Read(BuildApk(Manifest("package=\"a.b\" android:versionCode=\"0\"", "")));
  ASSERT_TRUE(bare.ok()) << bare.status().ToString();
  EXPECT_EQ(bare->version_code, 0);
  EXPECT_EQ(bare->version_name, "");
  EXPECT_EQ(bare->min_sdk, 1);
  EXPECT_EQ(bare->target_sdk, 1);
  EXPECT_EQ(bare->label, "");
}

TEST_F(AaptTest, CombinesVersionCodeMajor) {
  Result<AndroidManifest> m = Read(BuildApk(Manifest(
      "package=\"com.example.big\" android:versionCode=\"42\" android:versionCodeMajor=\"1\"",
      "")));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version_code, (1ll << 32) | 42);
  // versionCode's 32 bits are unsigned below the major, as in getLongVersionCode().
  m = Read(BuildApk(Manifest(
      "package=\"com.example.big\" android:versionCode=\"-1\" android:versionCodeMajor=\"3\"",
      "")));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version_code, (3ll << 32) | 0xFFFFFFFFll);
}

TEST_F(AaptTest, ResourceReferencesLeaveLabelAndVersionNameEmpty) {
  Result<AndroidManifest> m =
      Read(BuildApk(Manifest("package=\"com.example.res\" android:versionCode=\"5\" "
                             "android:versionName=\"@string/version\"",
                             "<application android:label=\"@string/app_name\"/>"),
                    {{"values/strings.xml",
                      "<resources><string name=\"app_name\">Res App</string>"
                      "<string name=\"version\">5.0</string></resources>"}}));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->label, "");
  EXPECT_EQ(m->version_name, "");
  EXPECT_EQ(m->version_code, 5);
}

TEST_F(AaptTest, RefusesAPreviewCodenameMinSdk) {
  Result<AndroidManifest> m =
      Read(BuildApk(Manifest("package=\"com.example.q\" android:versionCode=\"1\"",
                             "<uses-sdk android:minSdkVersion=\"Q\"/>")));
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidPackage);
  EXPECT_CONTAINS(m.status().message(), "preview codename");
}

TEST_F(AaptTest, RefusesMissingVersionCode) {
  Result<AndroidManifest> m = Read(BuildApk(Manifest("package=\"com.example.nover\"", "")));
  EXPECT_CONTAINS(m.status().message(), "no android:versionCode");
}

TEST_F(AaptTest, TruncatedAndCorruptedManifestsNeverCrash) {
  const std::string xml = CompiledManifest(BuildApk(Manifest(
      "package=\"com.example.hello\" android:versionCode=\"42\" android:versionName=\"1.2.3\"",
      "<uses-sdk android:minSdkVersion=\"21\" android:targetSdkVersion=\"30\"/>"
      "<application android:label=\"Hello App\"><activity android:name=\".Main\"/>"
      "</application>")));
  ASSERT_GT(xml.size(), 500u);
  ASSERT_TRUE(ParseAndroidManifest(xml).ok());
  for (std::size_t cut = 0; cut < xml.size(); cut += 7) {
    Result<AndroidManifest> m = ParseAndroidManifest(xml.substr(0, cut));
    EXPECT_FALSE(m.ok()) << cut;
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidPackage);
  }
  int refused = 0;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x40, 0xFF}) {
      std::string bad = xml;
      bad[i] = static_cast<char>(bad[i] ^ flip);
      Result<AndroidManifest> m = ParseAndroidManifest(bad);
      if (!m.ok()) {
        EXPECT_EQ(m.status().code(), StatusCode::kInvalidPackage);
        ++refused;
      }
    }
  }
  EXPECT_GT(refused, 0);
}

TEST_F(AaptTest, ReadsAZipalignedSignedApk) {
  // apksigner puts the APK Signing Block between the last entry and the central directory.
  const std::string apk = BuildApk(
      Manifest("package=\"com.example.signed\" android:versionCode=\"3\"",
               "<uses-sdk android:minSdkVersion=\"24\"/><application android:label=\"Signed\"/>"));
  const std::string signed_apk = dir_.Join("signed.apk");
  std::string out;
  ASSERT_EQ(RunShell("command -v keytool && command -v apksigner && command -v zipalign"), 0)
      << "keytool, apksigner or zipalign is not installed";
  ASSERT_EQ(RunShell("cd " + ShellQuote(dir_.path().string()) + " && zipalign -f -p 4 " +
                         ShellQuote(apk) +
                         " aligned.apk"
                         " && keytool -genkeypair -keystore ks.p12 -storetype PKCS12"
                         " -storepass secret1 -keypass secret1 -alias k -keyalg EC"
                         " -dname CN=Test -validity 2 >/dev/null"
                         " && apksigner sign --ks ks.p12 --ks-pass pass:secret1"
                         " --out signed.apk aligned.apk",
                     &out),
            0)
      << out;
  Result<std::unique_ptr<RandomAccessFile>> file = OpenFile(signed_apk);
  ASSERT_TRUE(file.ok());
  Result<ZipArchive> zip = ZipArchive::Open(**file);
  ASSERT_TRUE(zip.ok()) << zip.status().ToString();
  std::uint64_t entries_end = 0;
  for (const ZipEntry& entry : zip->entries()) {
    entries_end = std::max(entries_end, entry.data_offset + entry.compressed_size);
    EXPECT_TRUE(zip->ReadEntryToString(entry, 1 << 20).ok()) << entry.name;
  }
  EXPECT_NE(zip->Find("META-INF/MANIFEST.MF"), nullptr);
  EXPECT_GT(zip->central_directory_offset(), entries_end + 32);  // the signing block
  Result<AndroidManifest> m = ReadAndroidManifest(*zip);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->label, "Signed");
}

TEST(ManifestTest, RefusesAnApkWithoutManifest) {
  TempDir dir;
  WriteFile(dir.Join("in/classes.dex"), "dex\n035");
  std::string out;
  ASSERT_EQ(RunShell("cd " + ShellQuote(dir.Join("in")) + " && zip -q ../x.apk classes.dex", &out),
            0)
      << out;
  Result<std::unique_ptr<RandomAccessFile>> file = OpenFile(dir.Join("x.apk"));
  ASSERT_TRUE(file.ok());
  Result<ZipArchive> zip = ZipArchive::Open(**file);
  ASSERT_TRUE(zip.ok());
  Result<AndroidManifest> m = ReadAndroidManifest(*zip);
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidPackage);
  EXPECT_CONTAINS(m.status().message(), "missing");
}

// ---- Hand-built manifests (UTF-8 pool, shapes aapt would not write) ----

std::string BuiltManifest(std::vector<test_util::BuilderAttribute> attributes,
                          bool resource_map = true, const std::string& root = "manifest") {
  BinaryXmlBuilder b(
      true,
      resource_map
          ? std::vector<std::pair<std::string, std::uint32_t>>{{"versionCode", kAttrVersionCode},
                                                               {"versionCodeMajor",
                                                                kAttrVersionCodeMajor}}
          : std::vector<std::pair<std::string, std::uint32_t>>{});
  b.Start("", root, attributes);
  b.End("", root);
  return b.Build();
}

TEST(ManifestTest, FallsBackToAttributeNamesWithoutAResourceMap) {
  Result<AndroidManifest> m =
      ParseAndroidManifest(BuiltManifest({{"", "package", 0x03, 0, "org.example.names"},
                                          {kNs, "versionCode", 0x10, 9, ""},
                                          {kNs, "versionName", 0x03, 0, "nine"}},
                                         false));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->package, "org.example.names");
  EXPECT_EQ(m->version_code, 9);
  EXPECT_EQ(m->version_name, "nine");
}

TEST(ManifestTest, ReadsAVersionCodeWrittenAsText) {
  Result<AndroidManifest> m = ParseAndroidManifest(
      BuiltManifest({{"", "package", 0x03, 0, "org.x"}, {kNs, "versionCode", 0x03, 0, "123"}}));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->version_code, 123);
}

TEST(ManifestTest, Refusals) {
  auto error = [](std::vector<test_util::BuilderAttribute> attributes,
                  const std::string& root = "manifest") {
    Result<AndroidManifest> m = ParseAndroidManifest(BuiltManifest(attributes, true, root));
    EXPECT_FALSE(m.ok());
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidPackage);
    return m.status().message();
  };
  const test_util::BuilderAttribute code{kNs, "versionCode", 0x10, 1, ""};
  EXPECT_CONTAINS(error({code}), "no package");
  EXPECT_CONTAINS(error({{"", "package", 0x03, 0, "single"}, code}), "bad package name");
  EXPECT_CONTAINS(error({{"", "package", 0x03, 0, "com.1bad"}, code}), "bad package name");
  EXPECT_CONTAINS(error({{"", "package", 0x03, 0, "com/evil/../x"}, code}), "bad package name");
  EXPECT_CONTAINS(error({{"", "package", 0x10, 5, ""}, code}), "package is not a string");
  EXPECT_CONTAINS(error({{"", "package", 0x03, 0, "a.b"}, code}, "application"), "not <manifest>");
  EXPECT_CONTAINS(
      error({{"", "package", 0x03, 0, "a.b"}, {kNs, "versionCode", 0x01, 0x7f010000, ""}}),
      "resource reference");
  EXPECT_CONTAINS(
      error(
          {{"", "package", 0x03, 0, "a.b"}, code, {kNs, "versionCodeMajor", 0x10, 0xFFFFFFFF, ""}}),
      "versionCodeMajor is negative");
  EXPECT_CONTAINS(error({{"", "package", 0x03, 0, "a.b"}, {kNs, "versionCode", 0x04, 0, ""}}),
                  "unexpected value type");
  EXPECT_CONTAINS(
      error({{"", "package", 0x03, 0, "a.b"}, {kNs, "versionCode", 0x03, 0, "99999999999"}}),
      "not an integer");
  EXPECT_CONTAINS(ParseAndroidManifest("not xml").status().message(), "AndroidManifest.xml");
}

}  // namespace
}  // namespace appvault::pkg
