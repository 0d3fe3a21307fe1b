#include "s3/s3_client.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <map>

#include "s3/s3_xml.h"

namespace appvault::s3 {
namespace {

// An error reply is kept up to this size; bytes beyond are dropped.
constexpr std::size_t kMaxReplyBody = 1 << 20;
// ListObjectsV2 and ListMultipartUploads pages.
constexpr int kMaxKeysPerPage = 1000;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::int64_t Now() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

struct Client::Request {
  Request(std::string method_in, std::string key_in)
      : method(std::move(method_in)), key(std::move(key_in)) {}
  std::string method;
  std::string key;  // "" for the bucket itself
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // extra signed headers, lower-case names
  const Payload* payload = nullptr;
  // 2xx bodies go here when set (else into Response::body).
  const std::function<Status(std::string_view)>* sink = nullptr;
  Status sink_status;
};

struct Client::Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

Client::Client(Location location, Credentials credentials)
    : location_(std::move(location)), credentials_(std::move(credentials)) {
  GlobalInit();
}

Client::~Client() {
  for (void* handle : idle_)
    curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* Client::TakeHandle() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      void* handle = idle_.back();
      idle_.pop_back();
      curl_easy_reset(static_cast<CURL*>(handle));
      return handle;
    }
  }
  return curl_easy_init();
}

void Client::ReturnHandle(void* handle) {
  std::lock_guard lock(mutex_);
  idle_.push_back(handle);
}

namespace {

struct Transfer {
  CURL* curl = nullptr;
  const Payload* payload = nullptr;
  std::uint64_t sent = 0;
  const std::function<Status(std::string_view)>* sink = nullptr;
  Status* sink_status = nullptr;
  std::string* body = nullptr;
  std::map<std::string, std::string>* headers = nullptr;
};

std::size_t ReadBody(char* out, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const Payload& payload = *transfer->payload;
  const std::uint64_t total = payload.fd >= 0 ? payload.length : payload.bytes.size();
  const std::size_t want =
      static_cast<std::size_t>(std::min<std::uint64_t>(size * count, total - transfer->sent));
  if (want == 0) return 0;
  if (payload.fd < 0) {
    std::memcpy(out, payload.bytes.data() + transfer->sent, want);
    transfer->sent += want;
    return want;
  }
  const ssize_t n =
      ::pread(payload.fd, out, want, static_cast<off_t>(payload.offset + transfer->sent));
  if (n <= 0) return CURL_READFUNC_ABORT;
  transfer->sent += static_cast<std::uint64_t>(n);
  return static_cast<std::size_t>(n);
}

std::size_t WriteBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(transfer->curl, CURLINFO_RESPONSE_CODE, &status);
  if (transfer->sink != nullptr && status >= 200 && status < 300) {
    *transfer->sink_status = (*transfer->sink)(std::string_view(data, n));
    return transfer->sink_status->ok() ? n : 0;
  }
  if (transfer->body->size() < kMaxReplyBody) {
    transfer->body->append(data, std::min(n, kMaxReplyBody - transfer->body->size()));
  }
  return n;
}

std::size_t WriteHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) transfer->headers->clear();  // a new reply (after a 100)
  const std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    (*transfer->headers)[Lower(Trim(line.substr(0, colon)))] =
        std::string(Trim(line.substr(colon + 1)));
  }
  return size * count;
}

}  // namespace

Result<Client::Response> Client::Send(Request& request) {
  std::string path = "/" + location_.bucket;
  if (!request.key.empty()) path += '/' + UriEncode(request.key, true);
  CanonicalInput input{request.method, path, request.query, request.headers};
  input.headers["host"] = location_.host();
  const std::string payload_sha =
      request.payload != nullptr ? request.payload->sha256_hex : std::string(kEmptyPayloadSha256);
  const std::string authorization = Sign(input, payload_sha, Now(), location_.region, credentials_);
  const std::string query = CanonicalQuery(request.query);
  const std::string url = location_.endpoint + path + (query.empty() ? "" : "?" + query);
  const std::string what = "S3 " + request.method + " s3://" + location_.bucket + "/" + request.key;

  CURL* curl = static_cast<CURL*>(TakeHandle());
  if (curl == nullptr)
    return Status(StatusCode::kUnavailable, what + ": libcurl cannot allocate a handle");
  curl_slist* headers = nullptr;
  for (const auto& [name, value] : input.headers) {
    if (name == "host") continue;  // libcurl writes it from the URL, as signed
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  headers = curl_slist_append(headers, ("Authorization: " + authorization).c_str());
  headers = curl_slist_append(headers, "Expect:");
  headers = curl_slist_append(headers, "Content-Type:");

  Response response;
  Transfer transfer{curl,           request.payload,  0, request.sink, &request.sink_status,
                    &response.body, &response.headers};
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.payload != nullptr) {
    const std::uint64_t length =
        request.payload->fd >= 0 ? request.payload->length : request.payload->bytes.size();
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(length));
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    if (request.method != "PUT")
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_slist_free_all(headers);
  ReturnHandle(curl);

  if (!request.sink_status.ok()) return request.sink_status;
  if (code != CURLE_OK) {
    return Status(
        StatusCode::kUnavailable,
        what + ": cannot reach the object store at " + location_.endpoint + ": " +
            (error[0] != '\0' ? std::string(error) : std::string(curl_easy_strerror(code))));
  }
  if (response.status == 404 && request.method != "DELETE") {
    return Status(StatusCode::kNotFound, what + ": no such object");
  }
  if (response.status < 200 || response.status >= 300) {
    std::string detail = std::to_string(response.status);
    if (auto s3_code = XmlText(response.body, "Code")) detail += " " + *s3_code;
    if (auto message = XmlText(response.body, "Message")) detail += ": " + *message;
    return Status(StatusCode::kUnavailable, what + ": the object store answered " + detail);
  }
  return response;
}

Result<std::optional<ObjectInfo>> Client::Head(const std::string& key) {
  Request request{"HEAD", key};
  Result<Response> response = Send(request);
  if (response.status().code() == StatusCode::kNotFound) return std::optional<ObjectInfo>();
  if (!response.ok()) return response.status();
  ObjectInfo info{key};
  const std::string& length = response->headers["content-length"];
  const auto [end, error] =
      std::from_chars(length.data(), length.data() + length.size(), info.size);
  if (length.empty() || error != std::errc() || end != length.data() + length.size()) {
    return Status(StatusCode::kUnavailable, "S3 HEAD s3://" + location_.bucket + "/" + key +
                                                ": the reply has no valid Content-Length");
  }
  std::tm tm{};
  const std::string& modified = response->headers["last-modified"];
  if (strptime(modified.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) != nullptr)
    info.last_modified = timegm(&tm);
  return std::optional<ObjectInfo>(info);
}

Status Client::Put(const std::string& key, const Payload& payload) {
  Request request{"PUT", key};
  request.payload = &payload;
  return Send(request).status();
}

Status Client::Get(const std::string& key, std::uint64_t first,
                   const std::function<Status(std::string_view)>& sink) {
  Request request{"GET", key};
  if (first > 0) request.headers["range"] = "bytes=" + std::to_string(first) + "-";
  request.sink = &sink;
  Result<Response> response = Send(request);
  if (!response.ok()) return response.status();
  if (first > 0 && response->status != 206) {
    return Status(StatusCode::kUnavailable, "S3 GET s3://" + location_.bucket + "/" + key +
                                                ": the object store ignored the range request");
  }
  return Status::Ok();
}

Status Client::Delete(const std::string& key) {
  Request request{"DELETE", key};
  return Send(request).status();
}

Status Client::List(const std::string& prefix,
                    const std::function<Status(const ObjectInfo&)>& visit) {
  std::string token;
  for (;;) {
    Request request{"GET", ""};
    request.query = {
        {"list-type", "2"}, {"prefix", prefix}, {"max-keys", std::to_string(kMaxKeysPerPage)}};
    if (!token.empty()) request.query["continuation-token"] = token;
    Result<Response> response = Send(request);
    if (!response.ok()) return response.status();
    for (const std::string_view block : XmlBlocks(response->body, "Contents")) {
      std::optional<std::string> key = XmlText(block, "Key");
      std::optional<std::string> size = XmlText(block, "Size");
      std::optional<std::string> modified = XmlText(block, "LastModified");
      ObjectInfo info;
      std::optional<std::int64_t> time = modified ? ParseIsoTime(*modified) : std::nullopt;
      const bool size_ok =
          size &&
          std::from_chars(size->data(), size->data() + size->size(), info.size).ec == std::errc();
      if (!key || !size_ok || !time) {
        return Status(StatusCode::kUnavailable,
                      "S3 list of s3://" + location_.bucket + "/" + prefix +
                          ": an entry lacks a valid Key, Size or LastModified");
      }
      info.key = *key;
      info.last_modified = *time;
      if (Status visited = visit(info); !visited.ok()) return visited;
    }
    if (XmlText(response->body, "IsTruncated").value_or("false") != "true") return Status::Ok();
    std::optional<std::string> next = XmlText(response->body, "NextContinuationToken");
    if (!next || next->empty()) {
      return Status(StatusCode::kUnavailable, "S3 list of s3://" + location_.bucket + "/" + prefix +
                                                  ": a truncated page has no continuation token");
    }
    token = *next;
  }
}

Result<std::string> Client::BeginMultipart(const std::string& key) {
  Request request{"POST", key};
  request.query = {{"uploads", ""}};
  Result<Response> response = Send(request);
  if (!response.ok()) return response.status();
  std::optional<std::string> id = XmlText(response->body, "UploadId");
  if (!id || id->empty()) {
    return Status(StatusCode::kUnavailable, "S3 POST s3://" + location_.bucket + "/" + key +
                                                "?uploads: the reply names no UploadId");
  }
  return *id;
}

Result<std::string> Client::PutPart(const std::string& key, const std::string& upload_id,
                                    int part_number, const Payload& payload) {
  Request request{"PUT", key};
  request.query = {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id}};
  request.payload = &payload;
  Result<Response> response = Send(request);
  if (!response.ok()) return response.status();
  const std::string etag = response->headers["etag"];
  if (etag.empty()) {
    return Status(StatusCode::kUnavailable, "S3 PUT s3://" + location_.bucket + "/" + key +
                                                " part " + std::to_string(part_number) +
                                                ": the reply has no ETag");
  }
  return etag;
}

Status Client::CompleteMultipart(const std::string& key, const std::string& upload_id,
                                 const std::vector<std::string>& etags) {
  std::string xml = "<CompleteMultipartUpload>";
  for (std::size_t i = 0; i < etags.size(); ++i) {
    std::string etag;
    for (const char c : etags[i])
      etag += c == '"' ? std::string("&quot;") : std::string(1, c);
    xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + etag +
           "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  Payload payload;
  payload.bytes = xml;
  payload.sha256_hex = std::string(kUnsignedPayload);
  Request request{"POST", key};
  request.query = {{"uploadId", upload_id}};
  request.payload = &payload;
  Result<Response> response = Send(request);
  if (!response.ok()) return response.status();
  // S3 may answer 200 with an error document when the completion fails late.
  if (XmlText(response->body, "Code")) {
    return Status(StatusCode::kUnavailable,
                  "S3 POST s3://" + location_.bucket + "/" + key +
                      "?uploadId: " + XmlText(response->body, "Code").value_or("") + " " +
                      XmlText(response->body, "Message").value_or(""));
  }
  return Status::Ok();
}

Status Client::AbortMultipart(const std::string& key, const std::string& upload_id) {
  Request request{"DELETE", key};
  request.query = {{"uploadId", upload_id}};
  return Send(request).status();
}

Status Client::ListMultipart(const std::string& prefix,
                             const std::function<Status(const MultipartUpload&)>& visit) {
  std::string key_marker, id_marker;
  for (;;) {
    Request request{"GET", ""};
    request.query = {
        {"uploads", ""}, {"prefix", prefix}, {"max-uploads", std::to_string(kMaxKeysPerPage)}};
    if (!key_marker.empty()) request.query["key-marker"] = key_marker;
    if (!id_marker.empty()) request.query["upload-id-marker"] = id_marker;
    Result<Response> response = Send(request);
    if (!response.ok()) return response.status();
    for (const std::string_view block : XmlBlocks(response->body, "Upload")) {
      std::optional<std::string> key = XmlText(block, "Key");
      std::optional<std::string> id = XmlText(block, "UploadId");
      std::optional<std::string> initiated = XmlText(block, "Initiated");
      std::optional<std::int64_t> time = initiated ? ParseIsoTime(*initiated) : std::nullopt;
      if (!key || !id || !time) {
        return Status(StatusCode::kUnavailable,
                      "S3 list of uploads in s3://" + location_.bucket + "/" + prefix +
                          ": an entry lacks a valid Key, UploadId or Initiated");
      }
      if (Status visited = visit({*key, *id, *time}); !visited.ok()) return visited;
    }
    if (XmlText(response->body, "IsTruncated").value_or("false") != "true") return Status::Ok();
    key_marker = XmlText(response->body, "NextKeyMarker").value_or("");
    id_marker = XmlText(response->body, "NextUploadIdMarker").value_or("");
    if (key_marker.empty()) {
      return Status(StatusCode::kUnavailable, "S3 list of uploads in s3://" + location_.bucket +
                                                  "/" + prefix +
                                                  ": a truncated page has no next marker");
    }
  }
}

std::string Client::PresignGet(const std::string& key, int expires_seconds,
                               std::int64_t unix_seconds) const {
  const std::string path = "/" + location_.bucket + "/" + UriEncode(key, true);
  CanonicalInput input{"GET", path, {}, {{"host", location_.host()}}};
  return location_.endpoint + path + "?" +
         Presign(input, unix_seconds, expires_seconds, location_.region, credentials_);
}

}  // namespace appvault::s3
