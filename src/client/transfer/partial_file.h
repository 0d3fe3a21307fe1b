// PartialFile: the bytes of one download so far, on disk (PARTIAL_DIR/<sha256>.part) so that
// an interrupted download continues where it stopped, with a running SHA-256 of exactly the
// bytes in the file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/file_util.h"
#include "base/sha256_hasher.h"
#include "client/transfer/write_behind.h"
#include "core/sha256.h"
#include "core/status.h"
#include "pkg/content_digest.h"

namespace appvault::client::transfer {

// How a partial file is kept.
struct PartialFileOptions {
  // Also take the CHUNKED_SHA256 digests of the file's whole 1 MiB chunks
  // (pkg::ChunkSha256Collector): ChunkDigests() after Commit.
  bool chunk_digests = false;
};

// Appended bytes are gathered in memory and written kWriteBuffer at a time (libcurl hands
// them over 16 KiB at a time; one write system call each made a restore's writes cost more
// than curl's own). A full buffer is written, then hashed, on two threads of the file's own
// (write_behind.h) while the next one fills; the last, partial one by Commit, or when the
// PartialFile is destroyed (best effort, so that an interrupted download keeps its bytes).
// Full buffers go to disk with O_DIRECT where the file system allows it: a download's bytes
// are not copied into the page cache, which the restore would only have to write back (and
// fsync) before installing — only the tail goes through it.
// Thread-safety: one thread at a time. Not copyable.
class PartialFile {
 public:
  // Opens (creating it, mode 0600) PARTIAL_DIR/<sha256 hex>.part and hashes the bytes already
  // in it, so that appending continues the digests. A file longer than `limit` bytes cannot
  // be a prefix of the expected file and is emptied. Errors: kUnavailable (I/O).
  static Result<std::unique_ptr<PartialFile>> Open(const std::string& partial_dir,
                                                   const Sha256& sha256, std::uint64_t limit,
                                                   PartialFileOptions options = {});

  static constexpr std::size_t kWriteBuffer = std::size_t{1} << 20;  // 1 MiB
  // Full buffers being written or hashed at most (then Append waits).
  static constexpr int kBuffersInFlight = 4;

  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;
  ~PartialFile();

  // Bytes appended so far (in the file, or gathered to be written).
  std::uint64_t size() const { return submitted_ + filled_; }
  const std::string& path() const { return path_; }

  // Appends bytes to the file and the digests. Errors: kUnavailable (I/O, from this append
  // or an earlier buffer's write); the bytes not yet written are dropped, size() is what the
  // file holds, and the file is cut back to it by the next Append or Restart.
  Status Append(std::string_view bytes);
  // Empties the file and starts the digests again (the server sent the whole file).
  Status Restart();

  // The digest of the bytes in the file equals sha256: the file (not fsynced; its
  // writeback is under way) is renamed to destination. Otherwise the file is deleted and
  // kDataLoss "… does not match the expected SHA-256 (expected X, got Y)" is returned.
  // Either way the PartialFile is spent. Errors: also kUnavailable (I/O).
  Status Commit(const std::string& destination);
  // After a successful Commit with PartialFileOptions::chunk_digests: the file's chunk digests.
  const std::vector<Sha256>& ChunkDigests() const { return chunk_digests_; }

  // Deletes the file (a download that can never complete). Best effort.
  void Discard();

 private:
  PartialFile(std::string path, base::UniqueFd fd, Sha256 expected, PartialFileOptions options);
  Status HashExisting(std::uint64_t limit);
  // The two stages of a buffer, on the writer threads for full buffers (the hashing of one
  // buffer goes on while the next is written), on the owner's (after a Drain) for the rest:
  // Write puts bytes at written_ (errors: as for Append); Hash adds written bytes to the
  // digests (never fails).
  Status Write(std::string_view bytes);
  Status Hash(std::string_view bytes);
  Status Pwrite(std::string_view bytes, std::uint64_t offset);
  // Waits for the writer thread; after an error, forgets what was not written.
  Status Drain();
  // Writes the partial buffer (after the queued full ones).
  Status Flush();
  // Turns O_DIRECT on or off for the file; on only if the file system takes it.
  void SetDirect(bool on);
  void ResetDigests();

  std::string path_;
  base::UniqueFd fd_;
  Sha256 expected_;
  PartialFileOptions options_;
  bool direct_ = false;  // the file is open with O_DIRECT
  std::unique_ptr<base::Sha256Hasher> hasher_;
  std::optional<pkg::ChunkSha256Collector> chunks_;
  std::vector<Sha256> chunk_digests_;
  // The writer threads' (between Drain calls): bytes written to the file (the digests have
  // or will have had exactly these), and whether a failed write may have left more than
  // that in the file.
  std::uint64_t written_ = 0;
  bool dirty_ = false;
  std::uint64_t submitted_ = 0;  // bytes handed to the writer thread (written or queued)
  std::size_t filled_ = 0;       // bytes gathered in writer_.buffer()
  // Last: destroyed (its thread joined) before what the thread uses.
  WriteBehind writer_;
};

// The partial file's path for a digest: PARTIAL_DIR/<sha256 hex>.part.
std::string PartialPath(const std::string& partial_dir, const Sha256& sha256);

}  // namespace appvault::client::transfer
