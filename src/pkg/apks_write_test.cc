// WriteApks: the .apks `appvault publish BASE SPLIT…` sends is a zip our own reader (and
// Debian's unzip, in the end-to-end test) reads back entry for entry, byte for byte.
#include "pkg/apks_write.h"

#include <gtest/gtest.h>

#include <fstream>

#include "pkg/zip.h"
#include "support/temp_dir.h"

namespace appvault::pkg {
namespace {

std::string WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(WriteApks, EveryFileIsAStoredEntryInOrder) {
  test::TempDir dir;
  const std::string big(200000, 'x');
  std::vector<ApksEntry> entries = {
      {"base.apk", WriteFile((dir.path() / "a").string(), "base bytes")},
      {"split_config.fr.apk", WriteFile((dir.path() / "b").string(), big)},
      {"empty.apk", WriteFile((dir.path() / "c").string(), "")}};
  const std::string out = (dir.path() / "set.apks").string();
  ASSERT_TRUE(WriteApks(out, entries).ok());
  auto file = OpenFile(out);
  ASSERT_TRUE(file.ok());
  Result<ZipArchive> zip = ZipArchive::Open(**file);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  ASSERT_EQ(zip->entries().size(), 3u);
  EXPECT_EQ(zip->entries()[0].name, "base.apk");
  EXPECT_EQ(*zip->ReadEntryToString(zip->entries()[0], 1 << 20), "base bytes");
  EXPECT_EQ(*zip->ReadEntryToString(*zip->Find("split_config.fr.apk"), 1 << 20), big);
  EXPECT_EQ(*zip->ReadEntryToString(*zip->Find("empty.apk"), 1 << 20), "");
}

TEST(WriteApks, RefusesBadNamesAndMissingFiles) {
  test::TempDir dir;
  const std::string a = WriteFile((dir.path() / "a").string(), "a");
  const std::string out = (dir.path() / "set.apks").string();
  EXPECT_EQ(WriteApks(out, {}).code(), StatusCode::kInvalidArgument);
  for (const char* bad : {"", "x/base.apk", "../base.apk"}) {
    EXPECT_EQ(WriteApks(out, {{bad, a}}).code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(WriteApks(out, {{"a.apk", a}, {"a.apk", a}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteApks(out, {{"a.apk", (dir.path() / "missing").string()}}).code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace appvault::pkg
