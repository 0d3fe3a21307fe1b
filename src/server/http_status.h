// The one mapping from appvault::StatusCode to an HTTP status, and the JSON error body of
// the HTTP API (CONTRACT §5).
#pragma once

#include <boost/beast/http/status.hpp>
#include <string>

#include "core/status.h"

namespace appvault::server {

// The HTTP status for a failure code: 400 invalid_argument, 401 unauthenticated,
// 403 forbidden and quota_exceeded, 404 not_found, 409 conflict, 413 payload_too_large, 422 for the
// package refusals (invalid_package .. version_exists), 429 rate_limited, 503 unavailable, 500
// data_loss / internal. kOk maps to 200. Pure; thread-safe.
boost::beast::http::status HttpStatusFor(StatusCode code);

// `{"error":{"code":"<CodeName>","message":"<message>"}}` for a failed status.
// REQUIRES: !status.ok(). Pure; thread-safe.
std::string ErrorBody(const Status& status);

}  // namespace appvault::server
