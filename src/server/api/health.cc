// GET /healthz.
#include "server/api/handlers.h"
#include "server/health_handler.h"

namespace appvault::server::api {

Result<server::Reply> GetHealth(const Call& call) {
  const Services& services = call.services;
  return server::Reply(server::HandleHealthz(
      services.load.get(), std::chrono::milliseconds(services.options.healthz_max_queue_wait_ms)));
}

}  // namespace appvault::server::api
