#include "phone/phone_fs.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_dir.h"

namespace appvault::phone {
namespace {

class PhoneFsTest : public ::testing::Test {
 protected:
  appvault::test::TempDir tmp_{"phone_fs_test"};
  const std::filesystem::path dir_ = tmp_.path();
};

TEST_F(PhoneFsTest, NormalizesAliasesAndRefusesClimbingAboveRoot) {
  PhoneFs fs(dir_.string());
  EXPECT_EQ(*fs.Normalize("/data/data/org.ex/./files//a"), "/data/user/0/org.ex/files/a");
  EXPECT_EQ(*fs.Normalize("/storage/emulated/0/Download"), "/sdcard/Download");
  EXPECT_EQ(*fs.Normalize("x/../y", "/data/local/tmp"), "/data/local/tmp/y");
  EXPECT_EQ(*fs.Normalize("/data/local/tmp/../../app"), "/data/app");
  EXPECT_FALSE(fs.Normalize("/data/../../etc/passwd").ok());
  EXPECT_FALSE(fs.Normalize("../../../..", "/data/local/tmp").ok());
  EXPECT_FALSE(fs.Normalize(std::string("/sdcard/a\0b", 11)).ok());
  EXPECT_EQ(fs.HostPath("/data/app"), (dir_ / "fs/data/app").string());
}

TEST_F(PhoneFsTest, WhoMayReadAndWriteWhere) {
  PhoneFs fs(dir_.string());
  fs.SetAppUid("org.ex", 10105);
  Who shell{kShellUid, ""}, root{kRootUid, ""}, app{10105, "org.ex"}, other{10106, "org.other"};
  EXPECT_EQ(fs.CheckRead(shell, "/data/user/0/org.ex/files/a"), EACCES);
  EXPECT_EQ(fs.CheckRead(shell, "/data/user_de/0/org.ex"), EACCES);
  EXPECT_EQ(fs.CheckRead(shell, "/data/app/~~x==/org.ex-y==/base.apk"), 0);
  EXPECT_EQ(fs.CheckRead(shell, "/data/local/tmp/x"), 0);
  EXPECT_EQ(fs.CheckWrite(shell, "/data/local/tmp/x"), 0);
  EXPECT_EQ(fs.CheckWrite(shell, "/data/app/x"), EACCES);
  EXPECT_EQ(fs.CheckRead(root, "/data/user/0/org.ex/files/a"), 0);
  EXPECT_EQ(fs.CheckWrite(root, "/data/user/0/org.ex/files/a"), 0);
  EXPECT_EQ(fs.CheckWrite(app, "/data/user/0/org.ex/files/a"), 0);
  EXPECT_EQ(fs.CheckWrite(app, "/data/user/0/org.ex"), EACCES);  // the folder itself stays
  EXPECT_EQ(fs.CheckRead(other, "/data/user/0/org.ex/files/a"), EACCES);
}

TEST_F(PhoneFsTest, OwnersAndContextsAsAndroidGivesThemAndAsRecorded) {
  {
    PhoneFs fs(dir_.string());
    fs.SetAppUid("org.ex", 10105);  // appid 105: categories c105,c256
    FileMeta m = fs.Meta("/data/user/0/org.ex/files/a");
    EXPECT_EQ(m.uid, 10105);
    EXPECT_EQ(m.context, "u:object_r:app_data_file:s0:c105,c256,c512,c768");
    EXPECT_EQ(fs.Meta("/data/local/tmp/x").uid, kShellUid);
    EXPECT_EQ(fs.Meta("/data/app/x/base.apk").uid, kSystemUid);
    fs.SetMeta("/data/user/0/org.ex/files/a", FileMeta{0, 0, "u:object_r:app_data_file:s0"});
    ASSERT_TRUE(fs.Save().ok());
  }
  PhoneFs again(dir_.string());  // a restarted emulator reads what was recorded
  FileMeta m = again.Meta("/data/user/0/org.ex/files/a");
  EXPECT_EQ(m.uid, 0);
  EXPECT_EQ(m.context, "u:object_r:app_data_file:s0");
  EXPECT_EQ(again.DefaultContext("/data/user/0/org.ex/files/a"),
            "u:object_r:app_data_file:s0:c105,c256,c512,c768");
  again.ForgetTree("/data/user/0/org.ex");
  EXPECT_EQ(again.Meta("/data/user/0/org.ex/files/a").uid, 10105);
}

}  // namespace
}  // namespace appvault::phone
