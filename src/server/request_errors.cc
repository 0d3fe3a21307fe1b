#include "server/request_errors.h"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <string>

namespace appvault::server {

namespace beast = boost::beast;
namespace http = beast::http;

bool IsParseError(const beast::error_code& error) {
  return error.category() == http::make_error_code(http::error::bad_target).category() &&
         error != http::error::end_of_stream && error != http::error::partial_message &&
         error != http::error::need_buffer && error != http::error::body_limit &&
         error != http::error::header_limit;
}

Status BodyTooLargeStatus(std::uint64_t limit) {
  return Status(StatusCode::kPayloadTooLarge,
                "request body exceeds " + std::to_string(limit) + " bytes");
}

Response BodyTooLarge(std::uint64_t limit) {
  return ErrorResponse(BodyTooLargeStatus(limit));
}

std::optional<Response> RefusalFor(const beast::error_code& error, std::uint64_t header_limit,
                                   std::uint64_t body_limit) {
  if (error == http::error::header_limit) {
    // 431 Request Header Fields Too Large: the precise status; the code is the API's.
    Response response =
        ErrorResponse(Status(StatusCode::kPayloadTooLarge,
                             "request headers exceed " + std::to_string(header_limit) + " bytes"));
    response.result(http::status::request_header_fields_too_large);
    return response;
  }
  if (error == http::error::body_limit) return BodyTooLarge(body_limit);
  if (IsParseError(error)) {
    return ErrorResponse(
        Status(StatusCode::kInvalidArgument, "malformed HTTP request: " + error.message()));
  }
  return std::nullopt;
}

Status BodyReadStatus(const beast::error_code& error) {
  if (IsParseError(error)) {
    return Status(StatusCode::kInvalidArgument, "malformed request body: " + error.message());
  }
  if (error == beast::error::timeout) {
    return Status(StatusCode::kUnavailable, "timed out waiting for the request body");
  }
  return Status(StatusCode::kUnavailable,
                "the connection ended before the request body was complete: " + error.message());
}

}  // namespace appvault::server
