#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "support/build_once.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;

TEST(TempDirTest, IsFreshAndRemovedWithItsContent) {
  fs::path kept;
  {
    TempDir dir;
    kept = dir.path();
    EXPECT_TRUE(fs::is_directory(kept));
    EXPECT_TRUE(fs::is_empty(kept));
    WriteFile(dir.Join("a/b/file"), "x");
    EXPECT_EQ(ReadFile(dir.Join("a/b/file")), "x");
  }
  EXPECT_FALSE(fs::exists(kept));
}

TEST(TempDirTest, ThrowsWithTheReasonWhenItCannotBeCreated) {
  const char* saved = std::getenv("TMPDIR");
  const std::string old = saved != nullptr ? saved : "";
  ::setenv("TMPDIR", "/proc", 1);  // no folder can be made there, not even by root
  try {
    TempDir dir;
    ADD_FAILURE() << "made " << dir.path();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("mkdtemp /proc/"), std::string::npos) << e.what();
  }
  saved != nullptr ? ::setenv("TMPDIR", old.c_str(), 1) : ::unsetenv("TMPDIR");
}

TEST(FilesTest, WriteFileFailsLoudly) {
  EXPECT_THROW(WriteFile("/proc/no/such/file", "x"), std::exception);
  EXPECT_EQ(ReadFile("/no/such/file"), "");
}

TEST(FilesTest, RunShellReturnsStatusAndOutput) {
  std::string output;
  EXPECT_EQ(RunShell("echo " + ShellQuote("it's") + "; exit 3", &output), 3);
  EXPECT_EQ(output, "it's\n");
}

// A build that counts its runs in a file beside the cache.
BuildFolder CountingBuild(const std::string& counter) {
  return [counter](const std::string& tmp, std::string*) {
    WriteFile(counter, ReadFile(counter) + "+");
    WriteFile(tmp + "/made", "yes");
    return true;
  };
}

TEST(BuildOnceTest, BuildsOnceAndSharesTheResult) {
  TempDir dir;
  const std::string counter = dir.Join("runs");
  const std::string folder = dir.Join("cache/packages");
  EXPECT_EQ(BuildOnce(folder, "stamp 1", CountingBuild(counter)), folder);
  EXPECT_EQ(ReadFile(folder + "/made"), "yes");
  EXPECT_EQ(BuildOnce(folder, "stamp 1", CountingBuild(counter)), folder);
  // Another process with the same stamp finds the folder built.
  pid_t child = ::fork();
  if (child == 0) {
    std::string built = BuildOnce(folder + "/../packages", "stamp 1", CountingBuild(counter));
    ::_exit(built.empty() ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(ReadFile(counter), "+");
}

TEST(BuildOnceTest, ANewStampBuildsAgain) {
  TempDir dir;
  const std::string counter = dir.Join("runs");
  EXPECT_FALSE(BuildOnce(dir.Join("first"), "old", CountingBuild(counter)).empty());
  fs::rename(dir.Join("first"), dir.Join("second"));
  EXPECT_FALSE(BuildOnce(dir.Join("second"), "new", CountingBuild(counter)).empty());
  EXPECT_EQ(ReadFile(counter), "++");
}

TEST(BuildOnceTest, AFailedBuildSaysWhyAndLeavesNothing) {
  TempDir dir;
  std::string error;
  auto failing = [](const std::string&, std::string* why) {
    *why = "aapt is missing";
    return false;
  };
  EXPECT_EQ(BuildOnce(dir.Join("broken"), "s", failing, &error), "");
  EXPECT_EQ(error, "aapt is missing");
  EXPECT_FALSE(fs::exists(dir.Join("broken")));
  EXPECT_EQ(BuildOnce(dir.Join("broken"), "s", failing, &error), "");  // the first answer
}

TEST(BuildOnceTest, StampFollowsTheFiles) {
  TempDir dir;
  WriteFile(dir.Join("script"), "one");
  const std::string first = StampOf({dir.Join("script"), dir.Join("missing")});
  EXPECT_EQ(StampOf({dir.Join("script"), dir.Join("missing")}), first);
  WriteFile(dir.Join("script"), "two");
  EXPECT_NE(StampOf({dir.Join("script"), dir.Join("missing")}), first);
  EXPECT_EQ(CacheFolder("x").substr(CacheFolder("x").size() - 13), "/test_cache/x");
}

TEST(BuildWithScriptTest, RunsTheScriptIntoTheCacheFolderWithItsArguments) {
  TempDir dir;
  WriteFile(dir.Join("make.sh"), "printf '%s' \"$2\" >\"$1/made\"\n");
  std::string error;
  const std::string folder =
      BuildWithScript("test_support_script", {dir.Join("make.sh"), {"it's"}}, &error);
  ASSERT_EQ(folder, CacheFolder("test_support_script")) << error;
  EXPECT_EQ(ReadFile(folder + "/made"), "it's");
  EXPECT_TRUE(fs::exists(SourcePath("tests/support/apk_lib.sh")));
}

TEST(BuildWithScriptTest, AFailingScriptSaysWhy) {
  TempDir dir;
  WriteFile(dir.Join("fail.sh"), "echo no aapt >&2; exit 3\n");
  std::string error;
  EXPECT_EQ(BuildWithScript("test_support_failing", {dir.Join("fail.sh")}, &error), "");
  EXPECT_NE(error.find("fail.sh failed (3): no aapt"), std::string::npos) << error;
}

}  // namespace
}  // namespace appvault::test
