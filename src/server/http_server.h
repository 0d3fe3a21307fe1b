// An HTTP/1.1 server on Beast coroutines: io threads for the sockets, a worker pool for the
// handlers, keep-alive, limits, timeouts, optional TLS, metrics, a request log and a
// graceful stop. What it serves is the Router's business.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "server/asio_coro.h"
#include "server/metrics.h"
#include "server/router.h"
#include "server/server_load.h"
#include "server/trusted_proxies.h"
#include "server/worker_pool.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace appvault::server {

struct ConnectionContext;

// How an HttpServer listens, and its limits. The defaults are those of `appvaultd serve`.
struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IP literal
  std::uint16_t port = 8080;       // 0: the system picks a free port
  int threads = 2;                 // io threads (sockets, TLS); REQUIRES: >= 1
  // Threads the handlers run on: at most this many handlers run at once, the others wait
  // in FIFO order. REQUIRES: >= 1.
  int worker_threads = 4;
  // A request whose request line and headers exceed this gets 431 `payload_too_large`.
  std::size_t header_limit = 16 * 1024;
  // A request whose body exceeds this gets 413 `payload_too_large` (buffered routes;
  // a streaming route has its own limit, Router::AddStreaming).
  std::size_t body_limit = 1024 * 1024;
  // To receive a request's header (and a buffered body) once its first byte arrived; to
  // send a response from memory; the longest a streamed body or a file download may stall
  // (no byte received, or none accepted by the peer) before the connection is closed.
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  // A keep-alive connection waiting this long for its next request is closed.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  // Connections beyond this many are closed as soon as they are accepted.
  std::size_t max_connections = 1024;
  // How long Stop() lets requests in flight finish before closing their connections.
  std::chrono::milliseconds drain_timeout = std::chrono::seconds(10);
  // PEM certificate chain and private key: when both are set the server speaks HTTPS only
  // (TLS 1.2 or 1.3). Both or neither.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Where requests are counted (AddMetricsRoutes serves it); null: a registry of its own.
  std::shared_ptr<Metrics> metrics;
  // Where the server says how busy it is (the health route reads it); null: its own.
  std::shared_ptr<ServerLoad> load;
  // The slowest a streamed body may arrive, in bytes per second averaged since its header,
  // once `upload_rate_grace` has passed; a slower one is answered 408 and its connection
  // closed. 0: no minimum (the read timeout alone applies).
  std::uint64_t min_upload_rate = 1024;
  std::chrono::milliseconds upload_rate_grace = std::chrono::seconds(10);
  // The folder streamed bodies are staged in while they arrive (anonymous files: nothing is
  // left there); "": the system's temporary folder.
  std::string spool_dir;
  // Reverse proxies (CIDR blocks) whose X-Forwarded-For names the client
  // (TrustedProxies::ClientAddress); from any other peer the header is ignored.
  TrustedProxies trusted_proxies;
};

// Serves `router` on `options.host:options.port`: sockets on `options.threads` io threads,
// handlers on `options.worker_threads` workers. One log line per request (request_log.h).
// Thread-safety: endpoint() and Url() from any thread; Stop() from any thread that is not
// one of the server's own (never from a handler).
class HttpServer {
 public:
  // Binds, listens and starts the threads; on success requests are served when it returns.
  // Errors: kInvalidArgument (host is not an IP literal, threads or worker_threads < 1, only
  // one of the TLS files given, a TLS file unreadable or invalid: the message names it),
  // kUnavailable (the address cannot be bound: in use, not local, no permission).
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options, Router router);

  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound address, with the real port when options.port was 0.
  boost::asio::ip::tcp::endpoint endpoint() const { return endpoint_; }
  // "http://127.0.0.1:PORT" ("http://[::1]:PORT" for IPv6) for endpoint(); "https://…"
  // with TLS.
  std::string Url() const;

  // Graceful stop: stops accepting (the port refuses connections from then on), closes idle
  // connections, lets requests in flight (partly received, or their handler running) finish
  // and answers them with `Connection: close`; after options.drain_timeout closes whatever is
  // left. Returns when every io thread has ended and every handler has returned (a handler
  // still running after the drain timeout is waited for: it may use what its owner is about
  // to destroy). Idempotent.
  void Stop();

 private:
  HttpServer(HttpServerOptions options, Router router);

  Status LoadTls();
  Status Listen();
  Awaitable<> AcceptLoop();
  void Admit(boost::asio::ip::tcp::socket socket);
  void CloseAcceptor();

  const HttpServerOptions options_;
  const std::shared_ptr<ServerLoad> load_;
  WorkerPool workers_;                              // outlives the io threads and connections
  std::unique_ptr<boost::asio::ssl::context> tls_;  // null without TLS; outlives connections
  std::shared_ptr<ConnectionContext> context_;      // shared with every connection
  // One io_context per io thread, each run by its thread alone: a connection lives on one of
  // them (round robin), so its steps never hop between threads (no strand, no cross-thread
  // wake-ups between them).
  std::vector<std::unique_ptr<boost::asio::io_context>> ios_;
  // Keep each io_context's run() going while it has nothing to do; reset by Stop.
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> busy_;
  std::size_t next_io_ = 0;                  // the io_context of the next connection
  boost::asio::ip::tcp::acceptor acceptor_;  // runs on ios_[0]
  boost::asio::ip::tcp::endpoint endpoint_;
  std::vector<std::thread> threads_;
  std::mutex stop_mu_;
  bool stopped_ = false;  // guarded by stop_mu_
};

}  // namespace appvault::server
