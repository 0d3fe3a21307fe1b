#include "server/health_handler.h"

#include <nlohmann/json.hpp>

namespace appvault::server {

namespace http = boost::beast::http;

Response HandleHealthz(const ServerLoad* load, std::chrono::milliseconds max_queue_wait) {
  if (load == nullptr) return JsonResponse(http::status::ok, {{"status", "ok"}});
  ServerLoad::Numbers numbers = load->Read();
  const bool overloaded = numbers.oldest_wait > max_queue_wait;
  return JsonResponse(overloaded ? http::status::service_unavailable : http::status::ok,
                      {{"status", overloaded ? "overloaded" : "ok"},
                       {"workers", numbers.workers},
                       {"busy", numbers.busy},
                       {"queued", numbers.queued},
                       {"oldest_wait_ms", numbers.oldest_wait.count()},
                       {"max_queue_wait_ms", max_queue_wait.count()},
                       {"uploads_receiving", numbers.uploads}});
}

void AddHealthRoutes(Router& router, std::shared_ptr<const ServerLoad> load,
                     std::chrono::milliseconds max_queue_wait) {
  router.AddInline(http::verb::get, "/healthz", [load, max_queue_wait](const Request&) {
    return Reply(HandleHealthz(load.get(), max_queue_wait));
  });
}

}  // namespace appvault::server
