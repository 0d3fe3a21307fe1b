// The record of one answered request: a log line and the HTTP metrics. Internal to the
// server library.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "server/metrics.h"
#include "server/reply.h"
#include "server/request.h"

namespace appvault::server {

// How writing a reply went.
struct WriteOutcome {
  bool ok = false;               // the whole reply was handed to the kernel
  std::uint64_t body_bytes = 0;  // body bytes written (of a file reply: sent from the file)
};

// Logs `METHOD ROUTE PATH STATUS 12.3ms USER BYTES` (spdlog info; "-" for an anonymous
// user; "aborted" appended when the reply could not be written whole) and counts the request
// in `metrics` (route pattern, method, status, duration; file bytes served). Thread-safe.
void RecordRequest(Metrics& metrics, const Request& request, std::string_view route,
                   const Reply& reply, const WriteOutcome& written,
                   std::chrono::steady_clock::time_point start);

// A request refused before it could be routed (malformed HTTP, headers over the limit):
// logs `refused request: METHOD STATUS (reason)` and counts it in `metrics` under the route
// kUnmatchedRoute, with `method` as far as it was read (logged as "-" when not even that;
// counted under MethodLabel: "other" unless a known method). Thread-safe.
void RecordRefusal(Metrics& metrics, std::string_view method, unsigned status,
                   std::string_view reason, std::chrono::steady_clock::time_point start);

}  // namespace appvault::server
