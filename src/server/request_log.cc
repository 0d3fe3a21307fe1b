#include "server/request_log.h"

#include <spdlog/spdlog.h>

#include "server/router.h"

namespace appvault::server {

void RecordRequest(Metrics& metrics, const Request& request, std::string_view route,
                   const Reply& reply, const WriteOutcome& written,
                   std::chrono::steady_clock::time_point start) {
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  std::string_view method = request.message.method_string();
  unsigned status = reply.result_int();
  std::string_view user = reply.log_user.empty() ? std::string_view("-") : reply.log_user;
  spdlog::info("{} {} {} {} {:.1f}ms {} {}{}", method, route, request.path, status,
               elapsed.count() * 1000, user, written.body_bytes, written.ok ? "" : " aborted");
  metrics.ObserveRequest(route, method, status, elapsed.count());
  if (reply.file) metrics.AddBlobBytesServed(written.body_bytes);
}

void RecordRefusal(Metrics& metrics, std::string_view method, unsigned status,
                   std::string_view reason, std::chrono::steady_clock::time_point start) {
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  if (method.empty()) method = "-";
  spdlog::info("refused request: {} {} ({})", method, status, reason);
  metrics.ObserveRequest(kUnmatchedRoute, method, status, elapsed.count());
}

}  // namespace appvault::server
