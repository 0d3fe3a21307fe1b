// The adb transport against the project's phone emulator through Debian's real adb: a
// private adb server port, the emulator on port 0, a temp state folder; all stopped at the
// end of each test.
#include "client/adb/adb_phone.h"

#include <gtest/gtest.h>

#include <chrono>

#include "client/adb/adb_test_phone.h"
#include "pkg/apk_fixtures.h"

namespace appvault::client::adb {
namespace {

using std::chrono::milliseconds;

class AdbPhoneTest : public AdbPhoneTestBase {};

TEST_F(AdbPhoneTest, ReadsTheProfile) {
  AdbPhone phone(Connect({"--sdk", "33", "--abis", "x86_64,x86", "--density", "560", "--locales",
                          "de-DE,en-US", "--model", "Model With Spaces"}));
  auto profile = phone.ReadProfile();
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  EXPECT_EQ(profile->sdk, 33);
  EXPECT_EQ(profile->abis, (std::vector<std::string>{"x86_64", "x86"}));
  EXPECT_EQ(profile->density, 560);
  EXPECT_EQ(profile->locales, (std::vector<std::string>{"de-DE"}));
  EXPECT_EQ(profile->model, "Model With Spaces");
}

TEST_F(AdbPhoneTest, ListsUserAppsWithVersionsUidsAndPaths) {
  AdbRunner runner = Connect({});
  const auto& apk = pkg::test_fixtures::Fixture("v2_rsa.apk");
  auto installed = runner.Run({"install", apk.path});
  ASSERT_TRUE(installed.ok());
  ASSERT_EQ(installed->exit_status, 0) << installed->err;
  AdbPhone phone(runner);
  auto apps = phone.UserPackages();
  ASSERT_TRUE(apps.ok()) << apps.status().ToString();
  ASSERT_EQ(apps->size(), 1u);
  EXPECT_EQ((*apps)[0].package, "org.appvault.v2rsa");
  EXPECT_EQ((*apps)[0].version_code, 3);
  EXPECT_GE(*(*apps)[0].uid, 10000);
  auto paths = phone.PackagePaths("org.appvault.v2rsa");
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  ASSERT_EQ(paths->size(), 1u);
  EXPECT_EQ((*paths)[0], *(*apps)[0].base_apk);
}

TEST_F(AdbPhoneTest, AnAppIdWithQuotesSpacesOrSemicolonsStaysOneWord) {
  AdbPhone phone(Connect({}));
  for (std::string id : {"a'b", "a b", "x;echo INJECTED", "\"q\"", "$(id)", "a\\b"}) {
    auto paths = phone.PackagePaths(id);
    ASSERT_FALSE(paths.ok()) << id;
    EXPECT_EQ(paths.status().code(), StatusCode::kNotFound)
        << id << ": " << paths.status().ToString();
  }
}

TEST_F(AdbPhoneTest, ShellCarriesThePhonesExitStatus) {
  AdbRunner runner = Connect({});
  auto run = runner.Shell({"ls", "/data/data"});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->exit_status, 1);  // shell v2 carries the phone's exit status
  EXPECT_NE(run->err.find("Permission denied"), std::string::npos);
}

TEST_F(AdbPhoneTest, EveryCallHasATimeout) {
  AdbOptions options = options_;
  options.serial = "127.0.0.1:1";  // no such device: wait-for-device would wait forever
  auto start = std::chrono::steady_clock::now();
  auto run = AdbRunner(options).Run({"wait-for-device"}, {}, milliseconds(500));
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(
      run.status().message().find("adb -s 127.0.0.1:1 wait-for-device: timed out after 500 ms"),
      std::string::npos)
      << run.status().message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));
}

TEST_F(AdbPhoneTest, AnAdbThatCannotStartIsAClearError) {
  AdbOptions options = options_;
  options.adb_path = (dir_ / "no-such-adb").string();
  auto run = AdbRunner(options).Run({"devices"});
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("cannot start adb"), std::string::npos)
      << run.status().message();
}

}  // namespace
}  // namespace appvault::client::adb
