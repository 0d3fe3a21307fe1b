// The response a route handler returns, and helpers to build the API's JSON responses.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include "core/status.h"

namespace appvault::server {

// Handlers fill status, headers and body; the server sets the HTTP version, keep-alive
// and Content-Length before writing it.
using Response = boost::beast::http::response<boost::beast::http::string_body>;

// A response with `Content-Type: application/json` and the compact dump of `body`
// (invalid UTF-8 in strings is replaced, never thrown on). Pure; thread-safe.
Response JsonResponse(boost::beast::http::status status, const nlohmann::json& body);

// The API error for a failed status: HttpStatusFor(code) and ErrorBody(status).
// REQUIRES: !status.ok(). Pure; thread-safe.
Response ErrorResponse(const Status& status);

}  // namespace appvault::server
