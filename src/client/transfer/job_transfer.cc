#include "client/transfer/job_transfer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/file_util.h"
#include "client/net/api_error.h"
#include "client/transfer/content_range.h"

namespace appvault::client::transfer {
namespace {

constexpr std::size_t kMaxErrorBody = 64 * 1024;
constexpr long kBufferSize = 256 * 1024;

// The header's name in lower case and its value, for "Name: value\r\n".
std::pair<std::string, std::string_view> SplitHeader(std::string_view line) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return {};
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  return {name, value};
}

std::optional<std::uint64_t> ParseLength(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// The whole file is already at path and hashes to sha256 (a run that ended between the
// download and its use). A file that does not is removed.
bool AlreadyVerified(const std::string& path, const Sha256& sha256) {
  base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) return false;
  Result<Sha256> digest = base::HashFile(fd.get(), path);
  if (digest.ok() && *digest == sha256) return true;
  ::unlink(path.c_str());
  return false;
}

// Answers worth asking again: the server's temporary trouble.
bool Transient(const Status& status) {
  return status.code() == StatusCode::kUnavailable;
}

}  // namespace

JobTransfer::JobTransfer(std::size_t index, const DownloadJob& job, const DownloadOptions& options,
                         DownloadObserver* observer)
    : index_(index), job_(job), options_(options), observer_(observer) {}

std::string JobTransfer::Name() const {
  std::size_t scheme = job_.url.find("://");
  std::size_t path = job_.url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? job_.url : job_.url.substr(path);
}

JobTransfer::Next JobTransfer::Fail(Status status) {
  result_.status = std::move(status);
  easy_.reset();
  headers_.reset();
  if (partial_ != nullptr && partial_->size() == 0) partial_->Discard();  // nothing to keep
  partial_.reset();
  return Next::kDone;
}

PartialFileOptions JobTransfer::PartialOptions() const {
  PartialFileOptions options;
  options.chunk_digests = job_.chunk_digests;
  return options;
}

JobTransfer::Next JobTransfer::Start() {
  ++attempts_;
  if (attempts_ == 1 && AlreadyVerified(job_.destination, job_.sha256)) {
    result_.status = Status::Ok();
    return Next::kDone;
  }
  if (partial_ == nullptr) {
    Result<std::unique_ptr<PartialFile>> opened =
        PartialFile::Open(options_.partial_dir, job_.sha256, Limit(), PartialOptions());
    if (!opened.ok()) return Fail(opened.status());
    partial_ = std::move(opened).value();
    if (attempts_ == 1) result_.resumed_from = partial_->size();
  }
  if (restart_) {
    restart_ = false;
    if (Status restarted = partial_->Restart(); !restarted.ok()) return Fail(restarted);
  }
  if (job_.size && partial_->size() == *job_.size) {  // all there already
    if (Next next = Verify(/*may_restart=*/true); next != Next::kRetry) return next;
    Result<std::unique_ptr<PartialFile>> fresh =
        PartialFile::Open(options_.partial_dir, job_.sha256, Limit(), PartialOptions());
    if (!fresh.ok()) return Fail(fresh.status());
    partial_ = std::move(fresh).value();
  }

  easy_ = NewCurlEasy();
  headers_ = ApiHeaders(redirect_url_ ? std::string() : options_.token);
  requested_from_ = partial_->size();
  if (requested_from_ > 0 && !redirect_url_) {
    AppendHeader(headers_, "If-Range: \"" + job_.sha256.Hex() + "\"");
  }
  if (!easy_ || !headers_) {
    return Fail(Status(StatusCode::kUnavailable, "libcurl cannot allocate a transfer"));
  }
  mode_ = Mode::kHeaders;
  http_status_ = 0;
  content_range_.reset();
  content_length_.reset();
  location_.reset();
  error_body_.clear();
  failure_.reset();
  error_buffer_[0] = '\0';
  CURL* h = easy_.get();
  curl_easy_setopt(h, CURLOPT_URL, redirect_url_.value_or(job_.url).c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_.get());
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &JobTransfer::OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &JobTransfer::OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(h, CURLOPT_BUFFERSIZE, kBufferSize);
  curl_easy_setopt(h, CURLOPT_PRIVATE, this);
  if (requested_from_ > 0) {
    std::string range = std::to_string(requested_from_) + "-";
    curl_easy_setopt(h, CURLOPT_RANGE, range.c_str());  // copied by libcurl
  }
  if (options_.max_bytes_per_second > 0) {
    curl_easy_setopt(h, CURLOPT_MAX_RECV_SPEED_LARGE,
                     static_cast<curl_off_t>(options_.max_bytes_per_second));
  }
  return Next::kTransfer;
}

std::size_t JobTransfer::OnHeader(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<JobTransfer*>(self);
  std::string_view line(data, size * count);
  if (line.substr(0, 5) == "HTTP/") {  // a new answer (after a 1xx, the real one)
    transfer->mode_ = Mode::kHeaders;
    transfer->content_range_.reset();
    transfer->content_length_.reset();
    transfer->location_.reset();
    std::size_t space = line.find(' ');
    std::string_view code = space == std::string_view::npos ? "" : line.substr(space + 1, 3);
    transfer->http_status_ = static_cast<long>(ParseLength(code).value_or(0));
    return line.size();
  }
  if (line == "\r\n" || line == "\n") {
    if (transfer->http_status_ >= 200 && !transfer->HeadersDone()) return 0;
    return line.size();
  }
  auto [name, value] = SplitHeader(line);
  if (name == "content-range") transfer->content_range_ = std::string(value);
  if (name == "content-length") transfer->content_length_ = ParseLength(value);
  if (name == "location") transfer->location_ = std::string(value);
  return line.size();
}

bool JobTransfer::HeadersDone() {
  if (http_status_ == 206) return CheckRange();
  if (http_status_ == 200) return CheckFullSize();
  mode_ = Mode::kError;
  return true;
}

bool JobTransfer::CheckRange() {
  const ContentRange range =
      ParseContentRange(content_range_.value_or("")).value_or(ContentRange{1, 0, 0});
  const std::string got = content_range_.value_or("none");
  if (requested_from_ == 0 || range.first != requested_from_ || range.last + 1 != range.complete) {
    failure_ = Status(StatusCode::kDataLoss,
                      Name() + ": the server sent the wrong part of the file (Content-Range " +
                          got + ", asked for bytes " + std::to_string(requested_from_) + "-)");
    partial_->Discard();
    return false;
  }
  if (range.complete != Limit() && (job_.size || range.complete > job_.max_size)) {
    failure_ = Status(StatusCode::kDataLoss, Name() + ": the server's file is " +
                                                 std::to_string(range.complete) +
                                                 " bytes; expected " + std::to_string(Limit()));
    partial_->Discard();
    return false;
  }
  mode_ = Mode::kBody;
  return true;
}

bool JobTransfer::CheckFullSize() {
  if (partial_->size() > 0) {  // the server sent the whole file: start again
    if (Status restarted = partial_->Restart(); !restarted.ok()) {
      failure_ = restarted;
      return false;
    }
  }
  if (content_length_ &&
      (job_.size ? *content_length_ != *job_.size : *content_length_ > job_.max_size)) {
    failure_ =
        Status(StatusCode::kDataLoss, Name() + ": the server's file is " +
                                          std::to_string(*content_length_) + " bytes; expected " +
                                          (job_.size ? "" : "at most ") + std::to_string(Limit()));
    partial_->Discard();
    return false;
  }
  mode_ = Mode::kBody;
  return true;
}

std::size_t JobTransfer::OnBody(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<JobTransfer*>(self);
  std::size_t n = size * count;
  return transfer->Body(data, n) ? n : 0;
}

bool JobTransfer::Body(const char* data, std::size_t n) {
  if (mode_ == Mode::kError) {
    std::size_t room = kMaxErrorBody - std::min(kMaxErrorBody, error_body_.size());
    error_body_.append(data, std::min(n, room));
    return true;
  }
  if (mode_ != Mode::kBody) return false;
  if (partial_->size() + n > Limit()) {
    failure_ = Status(StatusCode::kDataLoss, Name() + ": the server sent more than the expected " +
                                                 std::to_string(Limit()) + " bytes");
    partial_->Discard();
    return false;
  }
  if (Status appended = partial_->Append(std::string_view(data, n)); !appended.ok()) {
    failure_ = appended;
    return false;
  }
  result_.bytes_received += n;
  if (observer_ != nullptr) observer_->OnProgress(index_, partial_->size(), result_.bytes_received);
  return true;
}

Status JobTransfer::Interrupted(const std::string& reason) const {
  std::string kept = partial_ == nullptr ? "0" : std::to_string(partial_->size());
  return Status(StatusCode::kUnavailable,
                Name() + ": download interrupted after " + std::to_string(attempts_) +
                    (attempts_ == 1 ? " attempt" : " attempts") + " (" + reason + "); " + kept +
                    " bytes are kept and the next run continues from there");
}

JobTransfer::Next JobTransfer::Finish(CURLcode code) {
  easy_.reset();
  headers_.reset();
  if (failure_) return Fail(*failure_);
  const bool more = attempts_ < options_.max_attempts;
  if (code != CURLE_OK) {
    std::string reason = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
    if (more) return Next::kRetry;
    return Fail(Interrupted(reason));
  }
  if (mode_ == Mode::kError) {
    if (http_status_ == 302 || http_status_ == 303 || http_status_ == 307) return FollowRedirect();
    if (redirect_url_) {  // the blob store refused its URL (expired?): ask the server again
      redirect_url_.reset();
      if (more) return Next::kRetry;
    }
    if (http_status_ == 416) {  // the partial file is not a prefix of the file any more
      restart_ = true;
      return more ? Next::kRetry
                  : Fail(Status(StatusCode::kDataLoss, Name() + ": the server refused the range"));
    }
    Result<nlohmann::json> answer = ReadAnswer("GET", Name(), http_status_, error_body_);
    Status status = answer.ok() ? Status(StatusCode::kInternal, Name() + ": unexpected HTTP " +
                                                                    std::to_string(http_status_))
                                : answer.status();
    if (Transient(status) && more) return Next::kRetry;
    return Fail(status);
  }
  if (job_.size && partial_->size() != *job_.size) {  // the answer ended early
    if (more) return Next::kRetry;
    return Fail(Interrupted("the answer ended early"));
  }
  // A resumed file that does not verify may have had a bad first part: once more from 0.
  return Verify(/*may_restart=*/requested_from_ > 0 && more);
}

JobTransfer::Next JobTransfer::FollowRedirect() {
  if (redirect_url_) {
    return Fail(
        Status(StatusCode::kUnavailable,
               Name() + ": the blob store redirected the download again (followed once only)"));
  }
  if (!location_ || !(location_->starts_with("http://") || location_->starts_with("https://"))) {
    return Fail(Status(StatusCode::kUnavailable,
                       Name() + ": the server redirected the download to no http(s) URL"));
  }
  redirect_url_ = *location_;
  --attempts_;  // not a failed attempt
  return Next::kFollow;
}

JobTransfer::Next JobTransfer::Verify(bool may_restart) {
  Status committed = partial_->Commit(job_.destination);
  if (committed.ok()) result_.chunk_sha256 = partial_->ChunkDigests();
  partial_.reset();  // the partial file is renamed or deleted
  if (!committed.ok() && committed.code() == StatusCode::kDataLoss) {
    if (may_restart) return Next::kRetry;
    committed = Status(committed.code(), Name() + ": " + committed.message());
  }
  result_.status = committed;
  return Next::kDone;
}

}  // namespace appvault::client::transfer
