// ServerConnection: the client's HTTP calls to appvaultd (docs/api.md) through libcurl —
// JSON requests, streamed uploads, HEAD probes — with every failure turned into a Status a
// user can act on. Timeouts: connect 10 s; a transfer slower than 1 byte/s for 30 s aborts
// (uploads: 300 s, the server inspects the whole file before it answers); curl_handle.h.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::client {

// Thread-safety: a value type; const methods may run from many threads at once (every call
// uses its own libcurl handle). Copyable and movable.
class ServerConnection {
 public:
  // base_url: "http://HOST:PORT" or "https://…" (a trailing '/' is dropped); token: the
  // session token sent as `Authorization: Bearer TOKEN`, "" for none.
  ServerConnection(std::string base_url, std::string token);

  // One JSON request: method ("GET", "POST", "PUT", "DELETE") on path ("/v1/…", with its
  // query already URL-escaped), body dumped as the request body when given. Returns the
  // answer's JSON document (2xx). Errors:
  // - the server's error document {"error":{"code","message"}} → that code (kNotFound,
  //   kUnauthenticated, kForbidden, kConflict, kInvalidPackage, …) and the server's message;
  // - no connection, DNS failure, timeout, reset → kUnavailable "cannot reach the server at
  //   URL: <reason>";
  // - an answer that is not JSON, or an error status without an error document →
  //   kInternal naming the route ("POST /v1/backups: …"); a 5xx without one → kUnavailable.
  Result<nlohmann::json> Call(std::string_view method, std::string_view path,
                              const nlohmann::json* body = nullptr) const;

  // POST path with the content of file_path as the body, streamed from the file (never
  // held in memory whole), and returns the JSON answer. Errors: as Call, and kNotFound /
  // kUnavailable when the file cannot be opened or read (the message names the file).
  Result<nlohmann::json> UploadFile(std::string_view path, const std::string& file_path) const;

  // HEAD path: the HTTP status of the answer (200, 404, …) — e.g. HEAD /v1/blobs/{sha256} is
  // 200 for its owner and 404 otherwise. Errors: kUnavailable when the server cannot be
  // reached (as Call); a 401 → kUnauthenticated.
  Result<int> Head(std::string_view path) const;

  // The base URL, without a trailing '/'.
  const std::string& BaseUrl() const { return base_url_; }
  // The session token; "" when none is sent.
  const std::string& Token() const { return token_; }

 private:
  std::string base_url_;
  std::string token_;
};

}  // namespace appvault::client
