#include "server/http_status.h"

#include <nlohmann/json.hpp>

namespace appvault::server {

namespace http = boost::beast::http;

http::status HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return http::status::ok;
    case StatusCode::kInvalidArgument:
      return http::status::bad_request;
    case StatusCode::kUnauthenticated:
      return http::status::unauthorized;
    case StatusCode::kForbidden:
    case StatusCode::kQuotaExceeded:
      return http::status::forbidden;
    case StatusCode::kNotFound:
      return http::status::not_found;
    case StatusCode::kConflict:
      return http::status::conflict;
    case StatusCode::kPayloadTooLarge:
      return http::status::payload_too_large;
    case StatusCode::kInvalidPackage:
    case StatusCode::kBadSignature:
    case StatusCode::kUnsigned:
    case StatusCode::kMalwareDetected:
    case StatusCode::kSignerMismatch:
    case StatusCode::kVersionExists:
      return http::status::unprocessable_entity;
    case StatusCode::kRateLimited:
      return http::status::too_many_requests;
    case StatusCode::kUnavailable:
      return http::status::service_unavailable;
    case StatusCode::kDataLoss:
    case StatusCode::kInternal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

std::string ErrorBody(const Status& status) {
  nlohmann::json body = {
      {"error", {{"code", std::string(CodeName(status.code()))}, {"message", status.message()}}}};
  // Messages may quote bytes from the request; invalid UTF-8 is replaced, never thrown on.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace appvault::server
