#include "pkg/ipa.h"

#include <gtest/gtest.h>

#include <map>

#include "support/files.h"
#include "support/temp_dir.h"

namespace appvault::pkg {
namespace {

using test::ReadFile;
using test::RunShell;
using test::ShellQuote;
using test::TempDir;
using test::WriteFile;

#define EXPECT_CONTAINS(text, part)                          \
  EXPECT_NE(std::string(text).find(part), std::string::npos) \
      << "\"" << (text) << "\" does not contain \"" << (part) << "\""

// An XML property list with these string keys (values written as <string>).
std::string XmlPlist(const std::map<std::string, std::string>& keys, const std::string& raw = "") {
  std::string body;
  for (const auto& [key, value] : keys) {
    body += "  <key>" + key + "</key>\n  <string>" + value + "</string>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
         "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
         "<plist version=\"1.0\">\n<dict>\n" +
         body + raw + "</dict>\n</plist>\n";
}

const std::map<std::string, std::string> kFullKeys = {
    {"CFBundleIdentifier", "com.example.Notes"},
    {"CFBundleShortVersionString", "2.4"},
    {"CFBundleVersion", "2.4.118"},
    {"MinimumOSVersion", "15.0"},
    {"CFBundleDisplayName", "Notes &amp; Co"},
    {"CFBundleName", "NotesApp"},
    {"CFBundleExecutable", "Notes"},
};

// Builds IPAs with `zip` (and binary plists with `plistutil`) in a temporary folder.
class IpaTest : public ::testing::Test {
 protected:
  // Files (path in the IPA -> content) zipped into a new IPA; returns its path.
  std::string BuildIpa(const std::map<std::string, std::string>& files) {
    const std::string root = dir_.Join("ipa" + std::to_string(++builds_));
    for (const auto& [path, content] : files)
      WriteFile(root + "/" + path, content);
    std::string out;
    EXPECT_EQ(RunShell("cd " + ShellQuote(root) + " && zip -q -r -X ../ipa" +
                           std::to_string(builds_) + ".ipa .",
                       &out),
              0)
        << out;
    return root + ".ipa";
  }

  std::string ToBinaryPlist(const std::string& xml) {
    WriteFile(dir_.Join("in.plist"), xml);
    std::string out;
    EXPECT_EQ(RunShell("plistutil -f bin -i " + ShellQuote(dir_.Join("in.plist")) + " -o " +
                           ShellQuote(dir_.Join("out.plist")),
                       &out),
              0)
        << out;
    const std::string binary = ReadFile(dir_.Join("out.plist"));
    EXPECT_EQ(binary.substr(0, 8), "bplist00");
    return binary;
  }

  Result<IpaInfo> Read(const std::string& ipa) {
    Result<std::unique_ptr<RandomAccessFile>> file = OpenFile(ipa);
    if (!file.ok()) return file.status();
    Result<ZipArchive> zip = ZipArchive::Open(**file);
    if (!zip.ok()) return zip.status();
    return ReadIpa(*zip);
  }

  std::string ErrorOf(const std::map<std::string, std::string>& files) {
    Result<IpaInfo> info = Read(BuildIpa(files));
    EXPECT_FALSE(info.ok());
    EXPECT_EQ(info.status().code(), StatusCode::kInvalidPackage);
    return info.status().message();
  }

  TempDir dir_;
  int builds_ = 0;
};

void ExpectFull(const Result<IpaInfo>& info) {
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->app_folder, "Payload/Notes.app/");
  EXPECT_EQ(info->bundle_id, "com.example.Notes");
  EXPECT_EQ(info->bundle_version, "2.4.118");
  EXPECT_EQ(info->short_version, "2.4");
  EXPECT_EQ(info->minimum_os, "15.0");
  EXPECT_EQ(info->display_name, "Notes & Co");
}

TEST_F(IpaTest, ReadsAnXmlInfoPlist) {
  ExpectFull(Read(BuildIpa({{"Payload/Notes.app/Info.plist", XmlPlist(kFullKeys)},
                            {"Payload/Notes.app/Notes", "\xCF\xFA\xED\xFE binary"},
                            {"Payload/Notes.app/appvault/config/settings.json", "{}"},
                            {"iTunesMetadata.plist", XmlPlist({})}})));
}

TEST_F(IpaTest, ReadsABinaryInfoPlist) {
  ExpectFull(
      Read(BuildIpa({{"Payload/Notes.app/Info.plist", ToBinaryPlist(XmlPlist(kFullKeys))}})));
}

TEST_F(IpaTest, DisplayNameFallsBackToBundleNameAndOptionalKeysMayBeAbsent) {
  Result<IpaInfo> info = Read(BuildIpa(
      {{"Payload/My App.app/Info.plist", XmlPlist({{"CFBundleIdentifier", "org.example.app"},
                                                   {"CFBundleVersion", "7"},
                                                   {"CFBundleName", "Caf\xC3\xA9"}})}}));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->app_folder, "Payload/My App.app/");
  EXPECT_EQ(info->display_name, "Caf\xC3\xA9");
  EXPECT_EQ(info->short_version, "");
  EXPECT_EQ(info->minimum_os, "");
}

TEST_F(IpaTest, NestedBundlesDoNotCountAsASecondApp) {
  Result<IpaInfo> info = Read(BuildIpa(
      {{"Payload/Main.app/Info.plist",
        XmlPlist({{"CFBundleIdentifier", "com.example.main"}, {"CFBundleVersion", "1.0"}})},
       {"Payload/Main.app/Watch/Face.app/Info.plist",
        XmlPlist({{"CFBundleIdentifier", "com.example.main.watch"}, {"CFBundleVersion", "1.0"}})},
       {"Payload/Main.app/PlugIns/Share.appex/Info.plist", XmlPlist({})}}));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->bundle_id, "com.example.main");
}

TEST_F(IpaTest, RefusesMissingOrSeveralApps) {
  EXPECT_CONTAINS(ErrorOf({{"Info.plist", XmlPlist(kFullKeys)}}), "no Payload/<Name>.app");
  EXPECT_CONTAINS(ErrorOf({{"Payload/readme.txt", "x"}}), "no Payload/<Name>.app");
  EXPECT_CONTAINS(ErrorOf({{"Payload/A.app/Info.plist", XmlPlist(kFullKeys)},
                           {"Payload/B.app/Info.plist", XmlPlist(kFullKeys)}}),
                  "several .app folders in Payload/: A.app, B.app");
  EXPECT_CONTAINS(ErrorOf({{"Payload/A.app/Other.plist", XmlPlist(kFullKeys)}}),
                  "no Payload/A.app/Info.plist");
}

TEST_F(IpaTest, RefusesMissingOrInvalidKeys) {
  auto error = [&](std::map<std::string, std::string> keys, const std::string& raw = "") {
    return ErrorOf({{"Payload/A.app/Info.plist", XmlPlist(keys, raw)}});
  };
  std::map<std::string, std::string> keys = kFullKeys;
  keys.erase("CFBundleIdentifier");
  EXPECT_CONTAINS(error(keys), "no CFBundleIdentifier");
  keys = kFullKeys;
  keys.erase("CFBundleVersion");
  EXPECT_CONTAINS(error(keys), "no CFBundleVersion");
  keys = kFullKeys;
  keys["CFBundleVersion"] = "1.0b3";
  EXPECT_CONTAINS(error(keys), "CFBundleVersion");
  keys = kFullKeys;
  keys["MinimumOSVersion"] = "fifteen";
  EXPECT_CONTAINS(error(keys), "MinimumOSVersion");
  keys = kFullKeys;
  keys["CFBundleIdentifier"] = "../../etc";
  EXPECT_CONTAINS(error(keys), "bad CFBundleIdentifier");
  keys = kFullKeys;
  keys.erase("CFBundleVersion");
  EXPECT_CONTAINS(error(keys, "  <key>CFBundleVersion</key>\n  <array/>\n"),
                  "CFBundleVersion is not a string");
}

TEST_F(IpaTest, AcceptsAnIntegerBundleVersion) {
  std::map<std::string, std::string> keys = kFullKeys;
  keys.erase("CFBundleVersion");
  Result<IpaInfo> info =
      Read(BuildIpa({{"Payload/A.app/Info.plist",
                      XmlPlist(keys, "  <key>CFBundleVersion</key>\n  <integer>12</integer>\n")}}));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->bundle_version, "12");
}

TEST_F(IpaTest, RefusesWhatIsNotAPlistDictionary) {
  EXPECT_CONTAINS(ErrorOf({{"Payload/A.app/Info.plist", "this is not a plist"}}),
                  "not a property list");
  EXPECT_CONTAINS(ErrorOf({{"Payload/A.app/Info.plist", ""}}), "Info.plist is empty");
  EXPECT_CONTAINS(ErrorOf({{"Payload/A.app/Info.plist",
                            "<?xml version=\"1.0\"?><plist version=\"1.0\"><array/></plist>"}}),
                  "not a dictionary");
}

TEST_F(IpaTest, TheZipRulesApply) {
  const std::string ipa = BuildIpa({{"Payload/A.app/Info.plist", XmlPlist(kFullKeys)}});
  std::string out;
  // An entry that climbs out of the archive (zipfile stores the name as given).
  ASSERT_EQ(RunShell("python3 -c " +
                         ShellQuote("import zipfile, sys\n"
                                    "with zipfile.ZipFile(sys.argv[1], 'a') as z:\n"
                                    "  z.writestr('Payload/A.app/../../evil', b'x')\n") +
                         " " + ShellQuote(ipa),
                     &out),
            0)
      << out;
  Result<IpaInfo> info = Read(ipa);
  EXPECT_EQ(info.status().code(), StatusCode::kInvalidPackage);
  EXPECT_CONTAINS(info.status().message(), "..");
}

TEST_F(IpaTest, CorruptedPlistsNeverCrash) {
  const std::string xml = XmlPlist(kFullKeys);
  const std::string binary = ToBinaryPlist(xml);
  ASSERT_TRUE(ParseInfoPlist(xml).ok());
  ASSERT_TRUE(ParseInfoPlist(binary).ok());
  for (const std::string& plist : {xml, binary}) {
    for (std::size_t cut = 0; cut < plist.size(); cut += 3) {
      Result<IpaInfo> info = ParseInfoPlist(plist.substr(0, cut));
      if (!info.ok()) {
        EXPECT_EQ(info.status().code(), StatusCode::kInvalidPackage);
      }
    }
    for (std::size_t i = 0; i < plist.size(); ++i) {
      std::string bad = plist;
      bad[i] = static_cast<char>(bad[i] ^ 0x41);
      Result<IpaInfo> info = ParseInfoPlist(bad);
      if (!info.ok()) {
        EXPECT_EQ(info.status().code(), StatusCode::kInvalidPackage);
      }
    }
  }
}

}  // namespace
}  // namespace appvault::pkg
