// What every accepted connection shares, and the interface the server stops them through.
// Internal to the server library.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "server/connection_registry.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/server_load.h"
#include "server/trusted_proxies.h"
#include "server/worker_pool.h"

namespace appvault::server {

// The per-connection limits of HttpServerOptions. A value type.
struct ConnectionLimits {
  std::size_t header_limit = 0;            // bytes of request line and headers
  std::size_t body_limit = 0;              // bytes of body, on buffered routes
  std::chrono::milliseconds read_timeout;  // see HttpServerOptions::read_timeout
  std::chrono::milliseconds idle_timeout;  // to see the first byte of the next request
  std::uint64_t min_upload_rate = 0;       // see HttpServerOptions::min_upload_rate
  std::chrono::milliseconds upload_rate_grace{0};
  std::string spool_dir;  // where streamed bodies are staged
};

// What the connections of one server share. Outlives every connection (each holds a
// shared_ptr); `workers` outlives every use (the server joins it after its io threads).
// Thread-safety: the router and limits are immutable, `stopping` is atomic, the metrics and
// registry are thread-safe.
struct ConnectionContext {
  ConnectionContext(Router router_in, ConnectionLimits limits_in, std::size_t max_connections,
                    WorkerPool& workers_in, std::shared_ptr<Metrics> metrics_in,
                    std::shared_ptr<ServerLoad> load_in, TrustedProxies proxies_in)
      : router(std::move(router_in)),
        limits(std::move(limits_in)),
        workers(workers_in),
        metrics(std::move(metrics_in)),
        load(std::move(load_in)),
        proxies(std::move(proxies_in)),
        registry(max_connections) {}

  const Router router;
  const ConnectionLimits limits;
  WorkerPool& workers;  // where handlers run
  const std::shared_ptr<Metrics> metrics;
  const std::shared_ptr<ServerLoad> load;  // never null
  const TrustedProxies proxies;            // whose X-Forwarded-For is believed
  std::atomic<bool> stopping{false};  // set once: answer with `Connection: close`, accept no more
  ConnectionRegistry registry;
};

// One accepted connection (plain or TLS: StreamConnection). A connection is idle while it
// waits for the first byte of a request (or for a TLS handshake); from then until its
// response is written it is busy. A stopping server closes idle connections at once and lets
// busy ones finish their request.
// Thread-safety: CloseIfIdle and Close may be called from any thread.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(std::shared_ptr<ConnectionContext> context) : context_(std::move(context)) {}
  virtual ~Connection() { context_->registry.Remove(this); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Closes the connection if it is idle now.
  virtual void CloseIfIdle() = 0;
  // Closes the connection whatever it is doing; a handler running for it still finishes.
  virtual void Close() = 0;

 protected:
  const std::shared_ptr<ConnectionContext> context_;
};

}  // namespace appvault::server
