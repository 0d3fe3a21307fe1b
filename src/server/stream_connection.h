// One accepted HTTP/1.1 connection over plain TCP or TLS: reads requests, routes them, runs
// their handlers on the worker pool, writes the replies; keep-alive, limits and timeouts.
// Internal to the server library.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "server/connection.h"
#include "server/transport.h"

namespace appvault::server {

// Thread-safety: the coroutine runs on the socket's executor — an io_context run by one io
// thread, so an implicit strand; CloseIfIdle and Close may be called from any thread (they
// post to it). Instantiated for PlainStream and
// TlsStream.
template <typename Stream>
class StreamConnection final : public Connection {
 public:
  // `stream_args` construct the Stream: (socket) or (socket, ssl_context).
  // REQUIRES: the socket is connected and its executor is a strand; an ssl context
  // outlives the connection.
  template <typename... StreamArgs>
  explicit StreamConnection(std::shared_ptr<ConnectionContext> context, StreamArgs&&... stream_args)
      : Connection(std::move(context)),
        stream_(std::forward<StreamArgs>(stream_args)...),
        peer_address_(PeerAddress(TcpLayer(stream_).socket())) {}

  // Serves requests until the peer closes, a timeout, an unreadable request, a response
  // without keep-alive, or Close. Spawn it on the socket's executor.
  static Awaitable<> Serve(std::shared_ptr<StreamConnection> self);

  void CloseIfIdle() override;
  void Close() override;

 private:
  using HeaderParser = boost::beast::http::request_parser<boost::beast::http::empty_body>;
  // A reply, and whether the request's body was read whole (else the connection closes).
  struct Exchange {
    Reply reply;
    bool body_read = true;
  };

  std::shared_ptr<StreamConnection> Self();
  Awaitable<bool> Handshake();
  Awaitable<bool> AwaitRequestStart();
  Awaitable<bool> ServeOneRequest();
  Awaitable<boost::beast::error_code> ReadHeader(HeaderParser& parser);
  Awaitable<std::optional<Exchange>> Answer(HeaderParser& parser, Request& request,
                                            const Router::Match& match);
  Awaitable<std::optional<Exchange>> ServeBuffered(HeaderParser& parser, Request& request,
                                                   const Router::Route& route);
  Awaitable<std::optional<Exchange>> ServeStreaming(HeaderParser& parser, const Request& request,
                                                    const Router::Route& route);
  Awaitable<> Delay(std::chrono::milliseconds delay);
  Awaitable<bool> WriteContinue();
  // Answers a request that could not be read (malformed, headers too large) and counts it;
  // `method` as far as it was read.
  Awaitable<> Reject(const boost::beast::error_code& error, std::string_view method,
                     std::chrono::steady_clock::time_point start);
  Awaitable<> LingeringClose();
  void CloseSocket();

  Stream stream_;
  const std::string peer_address_;  // the client's IP address, for Request::remote_address
  boost::beast::flat_buffer buffer_;
  bool idle_ = false;  // only touched on the strand
};

extern template class StreamConnection<PlainStream>;
extern template class StreamConnection<TlsStream>;

}  // namespace appvault::server
