#include "server/health_handler.h"

#include <nlohmann/json.hpp>

namespace appvault::server {

namespace http = boost::beast::http;

Response HandleHealthz(const Request& /*request*/) {
  return JsonResponse(http::status::ok, {{"status", "ok"}});
}

void AddHealthRoutes(Router& router) {
  router.Add(http::verb::get, "/healthz", HandleHealthz);
}

}  // namespace appvault::server
