#include "server/response.h"

#include <nlohmann/json.hpp>

#include "server/http_status.h"

namespace appvault::server {

namespace http = boost::beast::http;

namespace {

Response WithJsonBody(http::status status, std::string body) {
  Response response(status, 11);
  response.set(http::field::content_type, "application/json");
  response.body() = std::move(body);
  return response;
}

}  // namespace

Response JsonResponse(http::status status, const nlohmann::json& body) {
  return WithJsonBody(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response ErrorResponse(const Status& status) {
  return WithJsonBody(HttpStatusFor(status.code()), ErrorBody(status));
}

}  // namespace appvault::server
