// GET /healthz.
#include "server/api/handlers.h"
#include "server/health_handler.h"

namespace appvault::server::api {

Result<server::Reply> GetHealth(const Call& call) {
  return server::Reply(server::HandleHealthz(call.request));
}

}  // namespace appvault::server::api
