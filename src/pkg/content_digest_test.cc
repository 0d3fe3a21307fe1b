// The one-pass digests against a plain reimplementation of the v2 content digest.
#include "pkg/content_digest.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "pkg/crypto.h"

namespace appvault::pkg {
namespace {

std::string Le32(std::uint32_t v) {
  std::string out;
  for (int i = 0; i < 4; ++i) {
    out += static_cast<char>(v >> (8 * i));
  }
  return out;
}

// The content digest as the specification describes it, all in memory.
std::string Reference(DigestAlgorithm digest, const std::string& file, const ApkSections& s) {
  std::string eocd = file.substr(s.eocd_offset);
  eocd.replace(16, 4, Le32(static_cast<std::uint32_t>(s.signing_block_offset)));
  const std::string sections[] = {
      file.substr(0, s.signing_block_offset),
      file.substr(s.central_directory_offset, s.eocd_offset - s.central_directory_offset), eocd};
  std::string chunk_digests;
  std::uint32_t count = 0;
  for (const std::string& section : sections) {
    for (std::size_t at = 0; at < section.size(); at += kContentChunkSize) {
      std::string chunk = section.substr(at, kContentChunkSize);
      std::string input(1, '\xa5');
      input += Le32(static_cast<std::uint32_t>(chunk.size()));
      input += chunk;
      chunk_digests += Digest(digest, input);
      ++count;
    }
  }
  std::string top(1, '\x5a');
  top += Le32(count);
  top += chunk_digests;
  return Digest(digest, top);
}

std::string RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) {
    c = static_cast<char>(rng());
  }
  return out;
}

struct Layout {
  std::string file;
  ApkSections sections;
};

// entries | block | central directory | EOCD (22 bytes + comment)
Layout MakeLayout(std::size_t entries, std::size_t block, std::size_t cd, std::size_t comment) {
  Layout l;
  l.file = RandomBytes(entries + block + cd + 22 + comment, 7);
  l.sections.signing_block_offset = entries;
  l.sections.central_directory_offset = entries + block;
  l.sections.eocd_offset = entries + block + cd;
  return l;
}

void ExpectMatchesReference(const Layout& l, int threads) {
  auto file = MemoryFile(l.file);
  const ContentDigestAlgorithm both[] = {ContentDigestAlgorithm::kChunkedSha256,
                                         ContentDigestAlgorithm::kChunkedSha512};
  // Threads even for the small layouts, so that every case runs the hand-over too.
  Result<FileDigests> d =
      ComputeFileDigests(*file, l.sections, both, DigestOptions{threads, 0, std::nullopt, {}});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->content.at(ContentDigestAlgorithm::kChunkedSha256),
            Reference(DigestAlgorithm::kSha256, l.file, l.sections));
  EXPECT_EQ(d->content.at(ContentDigestAlgorithm::kChunkedSha512),
            Reference(DigestAlgorithm::kSha512, l.file, l.sections));
  EXPECT_EQ(d->size, l.file.size());
  std::string whole = Digest(DigestAlgorithm::kSha256, l.file);
  EXPECT_EQ(std::string(d->sha256.bytes().begin(), d->sha256.bytes().end()), whole);
}

TEST(ContentDigest, MatchesTheSpecificationAcrossChunkBoundaries) {
  Layout l = MakeLayout(3 * kContentChunkSize + 123, 4096, kContentChunkSize + 5, 17);
  for (int threads : {1, 2, 3, 4}) {
    SCOPED_TRACE(threads);
    ExpectMatchesReference(l, threads);
  }
}

TEST(ContentDigest, ExactChunkMultiplesAndTinySections) {
  ExpectMatchesReference(MakeLayout(2 * kContentChunkSize, 32, 46, 0), 2);
  ExpectMatchesReference(MakeLayout(1, 32, 1, 0), 2);
}

TEST(ContentDigest, WithoutASigningBlockOrEntries) {
  ExpectMatchesReference(MakeLayout(0, 0, 100, 0), 2);
  ExpectMatchesReference(MakeLayout(5000, 0, 100, 3), 1);
}

TEST(ContentDigest, NoAlgorithmsStillDigestsTheFile) {
  Layout l = MakeLayout(kContentChunkSize + 9, 100, 50, 0);
  auto file = MemoryFile(l.file);
  Result<FileDigests> d = ComputeFileDigests(*file, l.sections, {});
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->content.empty());
  std::string whole = Digest(DigestAlgorithm::kSha256, l.file);
  EXPECT_EQ(std::string(d->sha256.bytes().begin(), d->sha256.bytes().end()), whole);
}

// A file whose reads fail from some offset on.
class FailingFile : public RandomAccessFile {
 public:
  FailingFile(std::string bytes, std::uint64_t fail_from)
      : file_(MemoryFile(bytes)), fail_from_(fail_from) {}
  std::uint64_t size() const override { return file_->size(); }
  Status ReadAt(std::uint64_t offset, std::size_t n, std::uint8_t* out) const override {
    if (offset + n > fail_from_) return Status(StatusCode::kUnavailable, "disk on fire");
    return file_->ReadAt(offset, n, out);
  }

 private:
  std::unique_ptr<RandomAccessFile> file_;
  std::uint64_t fail_from_;
};

TEST(ContentDigest, AReadErrorStopsThePass) {
  Layout l = MakeLayout(20 * kContentChunkSize, 4096, 100, 0);
  const ContentDigestAlgorithm sha256[] = {ContentDigestAlgorithm::kChunkedSha256};
  for (std::uint64_t fail_from : {std::uint64_t{0}, 3 * kContentChunkSize, l.file.size() - 1}) {
    for (int threads : {1, 2, 4}) {
      SCOPED_TRACE(std::to_string(fail_from) + " " + std::to_string(threads));
      FailingFile file(l.file, fail_from);
      Result<FileDigests> d =
          ComputeFileDigests(file, l.sections, sha256, DigestOptions{threads, 0, std::nullopt, {}});
      ASSERT_FALSE(d.ok());
      EXPECT_EQ(d.status().code(), StatusCode::kUnavailable);
    }
  }
}

// A hash the caller already has is reported as given, the content digests are still computed
// from the file, and with no content digest asked for the file is not read at all.
TEST(ContentDigest, AKnownFileHashIsReportedAndNotComputed) {
  Layout l = MakeLayout(3 * kContentChunkSize + 7, 4096, 100, 0);
  Sha256::Bytes known_bytes{};
  known_bytes.fill(0xab);  // deliberately not the file's hash: proves it was not computed
  const Sha256 known(known_bytes);
  const ContentDigestAlgorithm sha256[] = {ContentDigestAlgorithm::kChunkedSha256};
  for (int threads : {1, 2}) {
    SCOPED_TRACE(threads);
    auto file = MemoryFile(l.file);
    DigestOptions options{threads, 0, known, {}};
    Result<FileDigests> d = ComputeFileDigests(*file, l.sections, sha256, options);
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->sha256, known);
    EXPECT_EQ(d->size, l.file.size());
    EXPECT_EQ(d->content.at(ContentDigestAlgorithm::kChunkedSha256),
              Reference(DigestAlgorithm::kSha256, l.file, l.sections));
    FailingFile failing(l.file, 2 * kContentChunkSize);
    EXPECT_EQ(ComputeFileDigests(failing, l.sections, sha256, options).status().code(),
              StatusCode::kUnavailable);
  }
  FailingFile unreadable(l.file, 0);
  Result<FileDigests> none = ComputeFileDigests(unreadable, l.sections, {}, {1, 0, known, {}});
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->sha256, known);
  EXPECT_EQ(none->size, l.file.size());
}

// Chunk digests collected as the bytes were written (in odd-sized pieces) give the same
// content digest as reading the file, and those chunks are not read again: only the rest of
// the file (the section's last partial chunk, the central directory, the EOCD) is.
TEST(ContentDigest, KnownChunkDigestsStandForTheirChunks) {
  Layout l = MakeLayout(4 * kContentChunkSize + 4321, 4096, 100, 0);
  Result<ChunkSha256Collector> collector = ChunkSha256Collector::Create();
  ASSERT_TRUE(collector.ok());
  for (std::size_t at = 0; at < l.file.size(); at += 77777) {
    collector->Update(std::string_view(l.file).substr(at, 77777));
  }
  std::vector<Sha256> chunks = collector->Take();
  ASSERT_EQ(chunks.size(), l.file.size() / kContentChunkSize);  // whole chunks only
  const Sha256 whole = ComputeFileDigests(*MemoryFile(l.file), l.sections, {})->sha256;
  const ContentDigestAlgorithm sha256[] = {ContentDigestAlgorithm::kChunkedSha256};
  const std::string expected = Reference(DigestAlgorithm::kSha256, l.file, l.sections);

  // The first four chunks unreadable: they must come from the known digests.
  class ReadsOnlyTheTail : public RandomAccessFile {
   public:
    explicit ReadsOnlyTheTail(const std::string& bytes) : file_(MemoryFile(bytes)) {}
    std::uint64_t size() const override { return file_->size(); }
    Status ReadAt(std::uint64_t offset, std::size_t n, std::uint8_t* out) const override {
      if (offset < 4 * kContentChunkSize) return Status(StatusCode::kUnavailable, "not again");
      return file_->ReadAt(offset, n, out);
    }

   private:
    std::unique_ptr<RandomAccessFile> file_;
  } tail_only(l.file);
  Result<FileDigests> d =
      ComputeFileDigests(tail_only, l.sections, sha256, DigestOptions{2, 0, whole, chunks});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->content.at(ContentDigestAlgorithm::kChunkedSha256), expected);

  // A wrong known digest gives a wrong content digest (so a signature check fails).
  std::vector<Sha256> wrong = chunks;
  Sha256::Bytes flipped = wrong[2].bytes();
  flipped[0] ^= 1;
  wrong[2] = Sha256(flipped);
  d = ComputeFileDigests(*MemoryFile(l.file), l.sections, sha256, {1, 0, whole, wrong});
  ASSERT_TRUE(d.ok());
  EXPECT_NE(d->content.at(ContentDigestAlgorithm::kChunkedSha256), expected);

  // Not used without the file's hash, nor when SHA-512 chunks are asked for too: read.
  EXPECT_EQ(ComputeFileDigests(tail_only, l.sections, sha256, {1, 0, std::nullopt, chunks})
                .status()
                .code(),
            StatusCode::kUnavailable);
  const ContentDigestAlgorithm both[] = {ContentDigestAlgorithm::kChunkedSha256,
                                         ContentDigestAlgorithm::kChunkedSha512};
  EXPECT_EQ(ComputeFileDigests(tail_only, l.sections, both, {1, 0, whole, chunks}).status().code(),
            StatusCode::kUnavailable);
  d = ComputeFileDigests(*MemoryFile(l.file), l.sections, both, {2, 0, whole, wrong});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->content.at(ContentDigestAlgorithm::kChunkedSha256), expected);
}

TEST(ContentDigest, SectionsOutOfOrderAreRefused) {
  Layout l = MakeLayout(100, 10, 10, 0);
  auto file = MemoryFile(l.file);
  ApkSections bad = l.sections;
  bad.signing_block_offset = bad.central_directory_offset + 1;
  EXPECT_EQ(ComputeFileDigests(*file, bad, {}).status().code(), StatusCode::kBadSignature);
  bad = l.sections;
  bad.eocd_offset = l.file.size() - 10;  // no room for the 22-byte record
  EXPECT_EQ(ComputeFileDigests(*file, bad, {}).status().code(), StatusCode::kBadSignature);
}

}  // namespace
}  // namespace appvault::pkg
