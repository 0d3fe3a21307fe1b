// `GET /metrics`: the server's metrics for Prometheus.
#pragma once

#include <memory>

#include "server/metrics.h"
#include "server/router.h"

namespace appvault::server {

// Adds `GET /metrics` to `router`: 200 with metrics->Render() as
// `text/plain; version=0.0.4; charset=utf-8`. Unauthenticated: expose the port only to
// trusted networks (docs/operations.md). Shares ownership of `metrics`.
void AddMetricsRoutes(Router& router, std::shared_ptr<const Metrics> metrics);

}  // namespace appvault::server
