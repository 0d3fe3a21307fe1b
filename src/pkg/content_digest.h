// The v2/v3 content digests and the whole file's SHA-256, computed in one read pass.
//
// A content digest covers three sections of the file — the zip entries (up to the APK
// Signing Block), the central directory, and the end-of-central-directory record with its
// central-directory offset replaced by the signing block's offset — split into 1 MiB
// chunks. Each chunk is digested as H(0xa5 || uint32 length || bytes); the result is
// H(0x5a || uint32 chunk count || the chunk digests). The file is read once, in chunks:
// the threads read and digest chunks (they are independent), and the calling thread also
// feeds them, in order, to the whole-file SHA-256. Memory stays bounded by
// kChunksInFlight chunks, whatever the file size.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"
#include "pkg/crypto.h"
#include "pkg/zip.h"

namespace appvault::pkg {

inline constexpr std::uint64_t kContentChunkSize = 1u << 20;
// Chunks read but not yet taken by the whole-file digest (bounds memory).
inline constexpr std::size_t kChunksInFlight = 8;
// More chunks than this (4 TiB of content) is refused.
inline constexpr std::uint64_t kMaxContentChunks = 1u << 22;
// Files smaller than this are digested on the calling thread alone: for them, starting a
// thread and handing chunks over costs about what a second core saves.
inline constexpr std::uint64_t kMinSizeForDigestThreads = 1u << 20;

// The content digest algorithms of the signature algorithms this verifier supports.
enum class ContentDigestAlgorithm { kChunkedSha256, kChunkedSha512 };

// Where the digested sections are. REQUIRES: signing_block_offset <= central_directory_offset
// <= eocd_offset <= file size, and the EOCD record (22 bytes) inside the file.
struct ApkSections {
  std::uint64_t signing_block_offset = 0;  // == central_directory_offset when there is none
  std::uint64_t central_directory_offset = 0;
  std::uint64_t eocd_offset = 0;
};

struct DigestOptions {
  // Threads that read and digest chunks, the calling thread included (it also feeds the
  // whole-file SHA-256, in order). 1: everything on the calling thread.
  int threads = 2;
  // Below this file size, threads is taken as 1.
  std::uint64_t min_size_for_threads = kMinSizeForDigestThreads;
  // The whole file's SHA-256 when the caller already has it (it hashed these very bytes as
  // it wrote them, e.g. while receiving an upload): it is reported as is, not computed — one
  // pass over the file fewer. Nothing checks it: pass only a hash of this file.
  std::optional<Sha256> known_sha256;
  // The CHUNKED_SHA256 digests of the file's whole 1 MiB chunks, taken by the caller as it
  // wrote these very bytes (ChunkSha256Collector; the same trust as known_sha256): entry i
  // is the digest of the chunk at offset i * kContentChunkSize. A content chunk at such an
  // offset, whole and not the EOCD's, is then not read. Used only with known_sha256 and when
  // kChunkedSha256 is the only content digest asked for.
  std::vector<Sha256> known_chunk_sha256;
};

// Takes the digests of DigestOptions::known_chunk_sha256 from a file's bytes as they are
// written, in order from offset 0, in pieces of any size; a last chunk shorter than
// kContentChunkSize gets none. Thread-safety: one thread at a time.
class ChunkSha256Collector {
 public:
  // Errors: kInternal when OpenSSL cannot set up a digest.
  static Result<ChunkSha256Collector> Create();

  void Update(std::string_view bytes);
  // The whole chunks' digests so far, in file order.
  const std::vector<Sha256>& digests() const { return digests_; }
  // Hands the digests over; the collector is spent.
  std::vector<Sha256> Take() { return std::move(digests_); }

 private:
  explicit ChunkSha256Collector(Digester digester) : digester_(std::move(digester)) {}
  void StartChunk();

  Digester digester_;
  std::uint64_t in_chunk_ = 0;  // bytes of the current chunk given so far
  std::vector<Sha256> digests_;
};

struct FileDigests {
  std::map<ContentDigestAlgorithm, std::string> content;  // one per algorithm asked for
  Sha256 sha256;                                          // of the whole file
  std::uint64_t size = 0;
};

// Reads the file once and returns the content digests asked for (none is fine) and the
// whole file's SHA-256 (options.known_sha256 when given) and size. Errors: kBadSignature when the
// sections are inconsistent or too many chunks; kInvalidPackage or kUnavailable from reading the
// file.
Result<FileDigests> ComputeFileDigests(const RandomAccessFile& file, const ApkSections& sections,
                                       std::span<const ContentDigestAlgorithm> algorithms,
                                       const DigestOptions& options = {});

}  // namespace appvault::pkg
