// The vocabulary of the downloader (downloader.h): what to fetch, how, and what came of it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"

namespace appvault::client::transfer {

// The most downloads at once, and the default (`appvault restore --parallel N`).
inline constexpr int kMaxParallel = 16;
inline constexpr int kDefaultParallel = 4;

// One file to fetch. The bytes are only handed over (renamed to `destination`) once the
// whole file hashes to `sha256`: every download is verified.
struct DownloadJob {
  std::string url;  // absolute: "http://HOST:PORT/v1/blobs/SHA256"
  Sha256 sha256;    // of the whole file; names its partial file, so unique within one run
  // The exact size when known (a package of the plan); nullopt when not (a configuration
  // bundle), in which case max_size bounds it.
  std::optional<std::uint64_t> size;
  std::uint64_t max_size = 0;  // used when size is nullopt; more bytes fail the job
  std::string destination;     // where the verified file goes (renamed; same file system)
  // Also take the CHUNKED_SHA256 digests of the file's whole 1 MiB chunks as it
  // is written (DownloadResult::chunk_sha256), so that an APK's signature check need not
  // read those chunks back (pkg::InspectOptions::known_chunk_sha256).
  bool chunk_digests = false;
};

// How to download.
struct DownloadOptions {
  std::string token;        // sent as `Authorization: Bearer TOKEN` ("" for none)
  std::string partial_dir;  // partial files: PARTIAL_DIR/<sha256>.part (created if missing)
  int max_parallel = kDefaultParallel;     // 1..kMaxParallel transfers at once
  int max_attempts = 3;                    // per job, for interruptions (resumed each time)
  std::uint64_t max_bytes_per_second = 0;  // per transfer; 0 = no limit
};

// What came of one job.
struct DownloadResult {
  // Ok: the verified file is at the job's destination. Errors (the message names the file
  // and says what happened): kDataLoss (the bytes do not hash to the job's SHA-256, or more
  // bytes than its size: the partial file is deleted), kUnavailable (the transfer was
  // interrupted or the server failed: the partial file is kept for the next run; or local
  // I/O), the server's own code for a refusal (kNotFound, kUnauthenticated, …).
  Status status;
  std::uint64_t bytes_received = 0;  // body bytes received over the network in this run
  std::uint64_t resumed_from = 0;    // bytes already on disk when the first request went out
  // Ok with DownloadJob::chunk_digests: the file's chunk digests, when they were taken (not
  // for a file found already verified at the destination).
  std::vector<Sha256> chunk_sha256;
};

// Told about downloads as they go; called on the thread that runs DownloadAll, between
// transfers, so a slow observer slows the downloads (keep it quick).
class DownloadObserver {
 public:
  virtual ~DownloadObserver() = default;
  // Job `index` has `have` bytes on disk, `received` of them over the network in this run.
  virtual void OnProgress(std::size_t index, std::uint64_t have, std::uint64_t received) = 0;
  // Job `index` is over; `result` says how it went.
  virtual void OnFinished(std::size_t index, const DownloadResult& result) = 0;
};

}  // namespace appvault::client::transfer
