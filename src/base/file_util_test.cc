#include "base/file_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "base/sha256_hasher.h"

namespace appvault::base {
namespace {

// base must not depend on the test-support library: a minimal folder of its own.
class FileUtilTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "appvault-base-XXXXXX");
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << pattern;
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(FileUtilTest, MakeDirectoriesCreatesEveryLevelAndAcceptsExisting) {
  const std::string deep = dir_ + "/a/b/c";
  ASSERT_TRUE(MakeDirectories(deep).ok());
  EXPECT_TRUE(std::filesystem::is_directory(deep));
  EXPECT_TRUE(MakeDirectories(deep).ok());
  EXPECT_TRUE(SyncDirectory(deep).ok());
}

TEST_F(FileUtilTest, WrittenBytesHashAsTheirContent) {
  const std::string path = dir_ + "/file";
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  ASSERT_TRUE(fd.valid());
  const std::string bytes(3 << 20, 'z');  // more than one 1 MiB piece
  ASSERT_TRUE(WriteAll(fd.get(), bytes, path).ok());
  Result<Sha256> digest = HashFile(fd.get(), path);
  ASSERT_TRUE(digest.ok());
  EXPECT_EQ(*digest, HashBytes(bytes));
}

TEST_F(FileUtilTest, ErrorsNameTheOperationAndPath) {
  EXPECT_FALSE(SyncDirectory(dir_ + "/missing").ok());
  errno = ENOENT;
  Status status = ErrnoStatus("open", "/x/y");
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("open: /x/y: "), std::string::npos);
}

}  // namespace
}  // namespace appvault::base
