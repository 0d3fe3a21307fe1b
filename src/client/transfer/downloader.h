// DownloadAll: many files from appvaultd at once (libcurl multi), each resumable and verified.
//
// - At most options.max_parallel transfers run at once; the others wait their turn, in order.
// - Each job's bytes go to PARTIAL_DIR/<sha256>.part. A partial file left by an earlier run
//   is hashed and continued with `Range: bytes=N-` and `If-Range: "<sha256>"` (the blob's
//   ETag); an answer of 200 instead of 206 starts the file again from its first byte.
// - A 206 must continue exactly where the partial file ends and describe a file of the
//   job's size; a 200 must have the job's size (or at most max_size). More bytes than that
//   fail the job at once (kDataLoss) and delete its partial file.
// - When the last byte is in, the whole file's SHA-256 must equal the job's; only then is
//   it renamed to the job's destination. A mismatch deletes the partial file and fails the
//   job (kDataLoss) — except after a resumed transfer, which is tried once more from byte 0.
// - An interrupted transfer (connection refused or reset, stall, 503) is resumed up to
//   options.max_attempts times in all, after 0.25 s, 0.5 s, …; then the job fails with
//   kUnavailable and its partial file is kept for the next run.
// - One job's failure never stops the others.
#pragma once

#include <vector>

#include "client/transfer/download_job.h"

namespace appvault::client::transfer {

// Runs every job to its end and returns one result per job, in the order of jobs.
// observer (may be null) hears of progress and of each job's end as they happen.
// REQUIRES: no two jobs share a sha256; 1 <= options.max_parallel <= kMaxParallel (a value
// outside is clamped); options.partial_dir on the same file system as the destinations.
// Thread-safety: blocks the calling thread; independent calls may run on several threads.
std::vector<DownloadResult> DownloadAll(const std::vector<DownloadJob>& jobs,
                                        const DownloadOptions& options, DownloadObserver* observer);

}  // namespace appvault::client::transfer
