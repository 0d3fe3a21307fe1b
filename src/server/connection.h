// One accepted HTTP/1.1 connection: reads requests, dispatches them to the router, writes
// the responses, keep-alive, limits and timeouts. Internal to the server library.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include "server/asio_coro.h"
#include "server/connection_registry.h"
#include "server/router.h"

namespace appvault::server {

// The per-connection limits of HttpServerOptions. A value type.
struct ConnectionLimits {
  std::size_t header_limit = 0;            // bytes of request line and headers
  std::size_t body_limit = 0;              // bytes of body
  std::chrono::milliseconds read_timeout;  // to receive a whole request, and to send a response
  std::chrono::milliseconds idle_timeout;  // to see the first byte of the next request
};

// What the connections of one server share. Outlives every connection (each holds a
// shared_ptr). Thread-safe: the router and limits are immutable, `stopping` is atomic.
struct ConnectionContext {
  ConnectionContext(Router router_in, ConnectionLimits limits_in, std::size_t max_connections)
      : router(std::move(router_in)), limits(limits_in), registry(max_connections) {}

  const Router router;
  const ConnectionLimits limits;
  std::atomic<bool> stopping{false};  // set once: answer with `Connection: close`, accept no more
  ConnectionRegistry registry;
};

// A connection is idle while it waits for the first byte of a request; from then until its
// response is written it is busy. A stopping server closes idle connections at once and
// lets busy ones finish their request.
// Thread-safety: the coroutine runs on the socket's strand; CloseIfIdle and Close may be
// called from any thread (they post to that strand).
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // REQUIRES: `socket` is connected and its executor is a strand.
  Connection(boost::asio::ip::tcp::socket socket, std::shared_ptr<ConnectionContext> context);
  ~Connection();  // unregisters from context->registry
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Serves requests until the peer closes, a timeout, an unreadable request, a response
  // without keep-alive, or Close. Spawn it on the socket's executor.
  static Awaitable<> Serve(std::shared_ptr<Connection> self);

  void CloseIfIdle();
  void Close();

 private:
  Awaitable<bool> AwaitRequestStart();
  using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

  Awaitable<bool> ServeOneRequest();
  Awaitable<boost::beast::error_code> ReadRequest(RequestParser& parser);
  Awaitable<bool> Write(Response& response);
  Awaitable<> Reject(const boost::beast::error_code& error);
  Awaitable<> LingeringClose();
  Response Dispatch(Request& request) const;
  void CloseSocket();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ConnectionContext> context_;
  bool idle_ = false;  // only touched on the strand
};

}  // namespace appvault::server
