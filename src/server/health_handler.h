// Liveness: `GET /healthz`, telling the truth about whether requests are being served.
#pragma once

#include <chrono>
#include <memory>

#include "server/router.h"
#include "server/server_load.h"

namespace appvault::server {

// The default of HealthOptions::max_queue_wait (`--healthz-max-queue-wait-ms`).
inline constexpr std::chrono::milliseconds kDefaultHealthMaxQueueWait{2000};

// 200 `{"status":"ok", …}` while the server answers requests in time; 503
// `{"status":"overloaded", …}` once a request has waited longer than `max_queue_wait` for a
// worker. Both carry the numbers: {"workers","busy","queued","oldest_wait_ms",
// "uploads_receiving"}. Without a load (null), always 200 `{"status":"ok"}`. Thread-safe.
Response HandleHealthz(const ServerLoad* load,
                       std::chrono::milliseconds max_queue_wait = kDefaultHealthMaxQueueWait);

// Adds `GET /healthz` to `router`, run on the io thread (it must answer while every worker
// is busy), reporting `load` (may be null).
void AddHealthRoutes(Router& router, std::shared_ptr<const ServerLoad> load = nullptr,
                     std::chrono::milliseconds max_queue_wait = kDefaultHealthMaxQueueWait);

}  // namespace appvault::server
