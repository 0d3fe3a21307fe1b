#include "server/metrics_handler.h"

#include <utility>

namespace appvault::server {

namespace http = boost::beast::http;

void AddMetricsRoutes(Router& router, std::shared_ptr<const Metrics> metrics) {
  router.Add(http::verb::get, "/metrics", [metrics = std::move(metrics)](const Request&) {
    Response response(http::status::ok, 11);
    response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = metrics->Render();
    return response;
  });
}

}  // namespace appvault::server
