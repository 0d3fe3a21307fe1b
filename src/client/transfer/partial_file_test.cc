#include "client/transfer/partial_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "base/sha256_hasher.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace appvault::client::transfer {
namespace {

namespace fs = std::filesystem;
using appvault::test::ReadFile;
using appvault::test::WriteFile;

class PartialFileTest : public ::testing::Test {
 protected:
  appvault::test::TempDir tmp_{"partial"};
  const std::string root_ = tmp_.path().string();
  const std::string dir_ = root_ + "/partial";
  const std::string content_ = "the whole file, in two parts";
  const Sha256 sha_ = base::HashBytes(content_);
};

TEST_F(PartialFileTest, AppendsAcrossRunsAndCommitsTheVerifiedFile) {
  {
    Result<std::unique_ptr<PartialFile>> first = PartialFile::Open(dir_, sha_, content_.size());
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    EXPECT_EQ((*first)->size(), 0u);
    ASSERT_TRUE((*first)->Append(content_.substr(0, 10)).ok());
    EXPECT_EQ((*first)->path(), PartialPath(dir_, sha_));
  }  // the run ends; the part stays
  struct stat info {};
  ASSERT_EQ(::stat(PartialPath(dir_, sha_).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  Result<std::unique_ptr<PartialFile>> second = PartialFile::Open(dir_, sha_, content_.size());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->size(), 10u);
  ASSERT_TRUE((*second)->Append(content_.substr(10)).ok());
  ASSERT_TRUE((*second)->Commit(root_ + "/done").ok());
  EXPECT_EQ(ReadFile(root_ + "/done"), content_);
  EXPECT_FALSE(fs::exists(PartialPath(dir_, sha_)));
}

// libcurl's 16 KiB pieces across several write buffers: the file and the digest get every
// byte in order, an interruption mid-buffer keeps what was appended, and a resumed run
// continues from there.
TEST_F(PartialFileTest, ManySmallPiecesAcrossWriteBuffersAndAnInterruption) {
  std::string big;
  for (std::size_t i = 0; big.size() < 3 * PartialFile::kWriteBuffer + 12345; ++i)
    big += "piece " + std::to_string(i) + ";";
  const Sha256 sha = base::HashBytes(big);
  constexpr std::size_t kPiece = 16 * 1024;
  const std::size_t cut = PartialFile::kWriteBuffer + 5 * kPiece + 7;  // mid-buffer
  {
    Result<std::unique_ptr<PartialFile>> first = PartialFile::Open(dir_, sha, big.size());
    ASSERT_TRUE(first.ok());
    for (std::size_t at = 0; at < cut; at += kPiece)
      ASSERT_TRUE(
          (*first)->Append(std::string_view(big).substr(at, std::min(kPiece, cut - at))).ok());
    EXPECT_EQ((*first)->size(), cut);
  }  // interrupted: the gathered bytes are written as the run ends
  EXPECT_EQ(ReadFile(PartialPath(dir_, sha)), big.substr(0, cut));
  Result<std::unique_ptr<PartialFile>> second = PartialFile::Open(dir_, sha, big.size());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)->size(), cut);
  ASSERT_TRUE((*second)->Append(std::string_view(big).substr(cut, 100)).ok());
  ASSERT_TRUE((*second)->Append(std::string_view(big).substr(cut + 100)).ok());  // one big piece
  EXPECT_EQ((*second)->size(), big.size());
  ASSERT_TRUE((*second)->Commit(root_ + "/done").ok());
  EXPECT_EQ(ReadFile(root_ + "/done"), big);
}

// The chunk digests of a download interrupted mid-chunk and resumed (the bytes from before
// read back from the file), and of one restarted: those of the file's whole 1 MiB chunks.
TEST_F(PartialFileTest, ChunkDigestsCoverTheWholeChunksAcrossAResumeAndARestart) {
  std::string big;
  for (std::size_t i = 0; big.size() < 3 * pkg::kContentChunkSize + 4321; ++i)
    big += std::to_string(i * 2654435761u) + ",";
  const Sha256 sha = base::HashBytes(big);
  Result<pkg::ChunkSha256Collector> reference = pkg::ChunkSha256Collector::Create();
  ASSERT_TRUE(reference.ok());
  reference->Update(big);  // the whole file at once (pkg's tests hold it to the v2 scheme)
  const std::vector<Sha256> expected = reference->Take();
  ASSERT_EQ(expected.size(), 3u);
  const PartialFileOptions options{.chunk_digests = true};
  const std::size_t cut = pkg::kContentChunkSize + 777;
  {
    Result<std::unique_ptr<PartialFile>> first = PartialFile::Open(dir_, sha, big.size(), options);
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE((*first)->Append(std::string_view(big).substr(0, cut)).ok());
  }
  Result<std::unique_ptr<PartialFile>> second = PartialFile::Open(dir_, sha, big.size(), options);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ((*second)->size(), cut);
  for (std::size_t at = cut; at < big.size(); at += 16384)
    ASSERT_TRUE((*second)->Append(std::string_view(big).substr(at, 16384)).ok());
  ASSERT_TRUE((*second)->Commit(root_ + "/done").ok());
  EXPECT_EQ((*second)->ChunkDigests(), expected);
  EXPECT_EQ(ReadFile(root_ + "/done"), big);

  Result<std::unique_ptr<PartialFile>> third = PartialFile::Open(dir_, sha, big.size(), options);
  ASSERT_TRUE(third.ok());
  ASSERT_TRUE((*third)->Append("stray bytes from another answer").ok());
  ASSERT_TRUE((*third)->Restart().ok());
  ASSERT_TRUE((*third)->Append(big).ok());
  ASSERT_TRUE((*third)->Commit(root_ + "/again").ok());
  EXPECT_EQ((*third)->ChunkDigests(), expected);

  Result<std::unique_ptr<PartialFile>> plain = PartialFile::Open(dir_, sha, big.size());
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE((*plain)->Append(big).ok());
  ASSERT_TRUE((*plain)->Commit(root_ + "/plain").ok());
  EXPECT_TRUE((*plain)->ChunkDigests().empty());  // not asked for
}

TEST_F(PartialFileTest, AMismatchDeletesThePartialFile) {
  Result<std::unique_ptr<PartialFile>> file = PartialFile::Open(dir_, sha_, content_.size());
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("not the file at all").ok());
  Status committed = (*file)->Commit(root_ + "/done");
  EXPECT_EQ(committed.code(), StatusCode::kDataLoss);
  EXPECT_NE(committed.message().find("SHA-256"), std::string::npos) << committed.message();
  EXPECT_FALSE(fs::exists(root_ + "/done"));
  EXPECT_FALSE(fs::exists(PartialPath(dir_, sha_)));
}

TEST_F(PartialFileTest, RestartAndOverlongPartsStartFromZero) {
  fs::create_directories(dir_);
  WriteFile(PartialPath(dir_, sha_), std::string(content_.size() + 1, 'x'));  // cannot be a prefix
  Result<std::unique_ptr<PartialFile>> file = PartialFile::Open(dir_, sha_, content_.size());
  ASSERT_TRUE(file.ok());
  EXPECT_EQ((*file)->size(), 0u);
  EXPECT_EQ(fs::file_size(PartialPath(dir_, sha_)), 0u);
  ASSERT_TRUE((*file)->Append("garbage").ok());
  ASSERT_TRUE((*file)->Restart().ok());
  ASSERT_TRUE((*file)->Append(content_).ok());
  ASSERT_TRUE((*file)->Commit(root_ + "/done").ok());
  EXPECT_EQ(ReadFile(root_ + "/done"), content_);
}

}  // namespace
}  // namespace appvault::client::transfer
