// JobTransfer: one download job's HTTP exchanges — resuming from its partial file with
// `Range` and `If-Range`, checking what the server answers against what the job expects,
// appending and hashing the bytes, and the verdict when a transfer ends. The downloader
// (downloader.h) drives many of them on one libcurl multi handle.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "client/net/curl_handle.h"
#include "client/transfer/download_job.h"
#include "client/transfer/partial_file.h"

namespace appvault::client::transfer {

// Thread-safety: one thread at a time. Not copyable (libcurl holds a pointer to it).
class JobTransfer {
 public:
  // What to do next with the job.
  enum class Next {
    kTransfer,  // Start: easy() is ready to be added to the multi handle
    kRetry,     // Finish: interrupted; Start again later (the partial file is kept)
    kFollow,    // Finish: the server redirected to its blob store; Start again at once
    kDone,      // result() is final (ok or failed)
  };

  // job, options and observer (may be null) must outlive the transfer.
  JobTransfer(std::size_t index, const DownloadJob& job, const DownloadOptions& options,
              DownloadObserver* observer);
  JobTransfer(const JobTransfer&) = delete;
  JobTransfer& operator=(const JobTransfer&) = delete;

  // Begins an attempt. kDone without a request when the destination or the partial file
  // already holds the whole verified file (or on a local error); else kTransfer with easy()
  // set up: GET with the token, and `Range: bytes=N-` + `If-Range` when N bytes are on disk.
  // After a redirect (`serve --blob-redirect`): GET of the redirect's URL, without the token
  // or If-Range (the blob store's entity tags are its own; the bytes are verified anyway).
  Next Start();
  // The handle of the attempt in progress. REQUIRES: Start returned kTransfer.
  CURL* easy() const { return easy_.get(); }
  // The attempt ended with code (from CURLMSG_DONE): the verdict. kRetry only while attempts
  // remain. A 302/303/307 from the server with an http(s) Location: kFollow, once (a
  // redirect from the blob store is a failure). The blob store refusing a redirect's URL
  // (expired, say): kRetry through the server, which gives a fresh one.
  Next Finish(CURLcode code);

  std::size_t index() const { return index_; }
  int attempts() const { return attempts_; }
  // REQUIRES: Start or Finish returned kDone.
  const DownloadResult& result() const { return result_; }

 private:
  enum class Mode { kHeaders, kBody, kError };

  static std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self);
  bool HeadersDone();    // false aborts the transfer (failure_ set)
  bool CheckRange();     // a 206: the slice must continue the partial file
  bool CheckFullSize();  // a 200: the whole file, the expected size
  bool Body(const char* data, std::size_t n);
  std::uint64_t Limit() const { return job_.size.value_or(job_.max_size); }
  std::string Name() const;  // the URL's path, for messages
  Next Fail(Status status);
  // Commits the partial file. A mismatch with may_restart: kRetry, from the first byte.
  Next Verify(bool may_restart);
  // How the job's partial file is kept (verified, chunk digests).
  PartialFileOptions PartialOptions() const;
  Status Interrupted(const std::string& reason) const;
  // Finish for a redirect of the server: kFollow, or a failure.
  Next FollowRedirect();

  std::size_t index_;
  const DownloadJob& job_;
  const DownloadOptions& options_;
  DownloadObserver* observer_;
  DownloadResult result_;
  std::unique_ptr<PartialFile> partial_;
  int attempts_ = 0;

  // The attempt in progress.
  CurlEasy easy_;
  CurlHeaders headers_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  Mode mode_ = Mode::kHeaders;
  long http_status_ = 0;
  std::uint64_t requested_from_ = 0;  // the Range's first byte; 0 without a Range
  std::optional<std::string> content_range_;
  std::optional<std::uint64_t> content_length_;
  std::optional<std::string> location_;
  std::string error_body_;
  std::optional<Status> failure_;            // set by a callback that aborted the transfer
  bool restart_ = false;                     // a 416: start again from the first byte
  std::optional<std::string> redirect_url_;  // the blob store's URL the server redirected to
};

}  // namespace appvault::client::transfer
