// What a failure to read a request means: the refusal to answer it with, or the status a
// streaming handler sees. Internal to the server library.
#pragma once

#include <boost/beast/core/error.hpp>
#include <cstdint>
#include <optional>

#include "core/status.h"
#include "server/response.h"

namespace appvault::server {

// Whether `error` says the bytes received are not valid HTTP (not a timeout, not the peer
// going away).
bool IsParseError(const boost::beast::error_code& error);

// kPayloadTooLarge "request body exceeds LIMIT bytes".
Status BodyTooLargeStatus(std::uint64_t limit);
// 413 `payload_too_large` with BodyTooLargeStatus(limit).
Response BodyTooLarge(std::uint64_t limit);

// The refusal for a request that could not be read — 431 for headers over `header_limit`,
// 413 for a body over `body_limit`, 400 for malformed HTTP — or nullopt when the connection
// just ends (peer gone, timeout, closed by us).
std::optional<Response> RefusalFor(const boost::beast::error_code& error,
                                   std::uint64_t header_limit, std::uint64_t body_limit);

// What a streaming handler's BodyReader reports for a failed body read: kInvalidArgument
// for malformed chunked encoding, else kUnavailable (timeout, peer gone).
Status BodyReadStatus(const boost::beast::error_code& error);

}  // namespace appvault::server
