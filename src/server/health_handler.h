// Liveness: `GET /healthz`.
#pragma once

#include "server/router.h"

namespace appvault::server {

// 200 `{"status":"ok"}` whenever the server answers requests. Thread-safe.
Response HandleHealthz(const Request& request);

// Adds `GET /healthz` to `router`.
void AddHealthRoutes(Router& router);

}  // namespace appvault::server
