#include "client/net/server_connection.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "base/file_util.h"
#include "client/net/api_error.h"
#include "client/net/curl_handle.h"

namespace appvault::client {
namespace {

// The largest answer a JSON call reads (a library page, a thousand backups); a larger one is
// refused rather than held in memory.
constexpr std::size_t kMaxAnswerBytes = 32u << 20;

struct Answer {
  std::string body;
  bool too_large = false;
};

std::size_t CollectBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* answer = static_cast<Answer*>(user);
  std::size_t bytes = size * count;
  if (answer->body.size() + bytes > kMaxAnswerBytes) {
    answer->too_large = true;
    return 0;  // aborts the transfer
  }
  answer->body.append(data, bytes);
  return bytes;
}

// The file an upload streams, read as libcurl asks.
struct UploadSource {
  int fd = -1;
  int read_errno = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* source = static_cast<UploadSource*>(user);
  while (true) {
    ssize_t n = ::read(source->fd, buffer, size * count);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    source->read_errno = errno;
    return CURL_READFUNC_ABORT;
  }
}

Status NoHandle() {
  return Status(StatusCode::kInternal, "libcurl: cannot create a transfer handle");
}

// Runs the prepared transfer on handle and reads its answer as JSON.
Result<nlohmann::json> PerformJson(CURL* handle, std::string_view method, std::string_view path,
                                   const std::string& base_url) {
  Answer answer;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, CollectBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  CURLcode code = curl_easy_perform(handle);
  if (answer.too_large) {
    return Status(StatusCode::kInternal, std::string(method) + " " +
                                             std::string(path.substr(0, path.find('?'))) +
                                             ": the server's answer is larger than " +
                                             std::to_string(kMaxAnswerBytes >> 20) + " MiB");
  }
  if (code != CURLE_OK) return TransferFailure(code, base_url, error);
  long http_status = 0;
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &http_status);
  return ReadAnswer(method, path, http_status, answer.body);
}

}  // namespace

ServerConnection::ServerConnection(std::string base_url, std::string token)
    : base_url_(std::move(base_url)), token_(std::move(token)) {
  while (!base_url_.empty() && base_url_.back() == '/')
    base_url_.pop_back();
}

Result<nlohmann::json> ServerConnection::Call(std::string_view method, std::string_view path,
                                              const nlohmann::json* body) const {
  CurlEasy handle = NewCurlEasy();
  CurlHeaders headers = ApiHeaders(token_);
  if (!handle || !headers) return NoHandle();
  const std::string url = base_url_ + std::string(path);
  const std::string method_text(method);
  const std::string payload = body != nullptr ? body->dump() : "";
  curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
  if (body != nullptr || method == "POST" || method == "PUT") {
    if (body != nullptr && !AppendHeader(headers, "Content-Type: application/json")) {
      return NoHandle();
    }
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(payload.size()));
  }
  curl_easy_setopt(handle.get(), CURLOPT_CUSTOMREQUEST, method_text.c_str());
  curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
  return PerformJson(handle.get(), method, path, base_url_);
}

Result<nlohmann::json> ServerConnection::UploadFile(std::string_view path,
                                                    const std::string& file_path) const {
  base::UniqueFd fd(::open(file_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid() && errno == ENOENT) {
    return Status(StatusCode::kNotFound, file_path + ": no such file");
  }
  if (!fd.valid()) return base::ErrnoStatus("open", file_path);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return base::ErrnoStatus("stat", file_path);
  if (!S_ISREG(info.st_mode)) {
    return Status(StatusCode::kInvalidArgument, file_path + ": not a regular file");
  }
  CurlEasy handle = NewCurlEasy();
  CurlHeaders headers = ApiHeaders(token_);
  if (!handle || !headers || !AppendHeader(headers, "Content-Type: application/octet-stream")) {
    return NoHandle();
  }
  UploadSource source{fd.get(), 0};
  const std::string url = base_url_ + std::string(path);
  curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(handle.get(), CURLOPT_LOW_SPEED_TIME, kUploadStallSeconds);
  curl_easy_setopt(handle.get(), CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(handle.get(), CURLOPT_READDATA, &source);
  curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDSIZE_LARGE,
                   static_cast<curl_off_t>(info.st_size));
  curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
  Result<nlohmann::json> answer = PerformJson(handle.get(), "POST", path, base_url_);
  if (source.read_errno != 0) {
    errno = source.read_errno;
    return base::ErrnoStatus("read", file_path);
  }
  return answer;
}

Result<int> ServerConnection::Head(std::string_view path) const {
  CurlEasy handle = NewCurlEasy();
  CurlHeaders headers = ApiHeaders(token_);
  if (!handle || !headers) return NoHandle();
  const std::string url = base_url_ + std::string(path);
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(handle.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle.get(), CURLOPT_NOBODY, 1L);
  curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(handle.get(), CURLOPT_ERRORBUFFER, error);
  CURLcode code = curl_easy_perform(handle.get());
  if (code != CURLE_OK) return TransferFailure(code, base_url_, error);
  long http_status = 0;
  curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &http_status);
  if (http_status == 401 || http_status >= 500) {
    Result<nlohmann::json> refused = ReadAnswer("HEAD", path, http_status, "");
    return refused.status();
  }
  return static_cast<int>(http_status);
}

}  // namespace appvault::client
