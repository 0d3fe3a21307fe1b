#include "server/stream_connection.h"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include "server/body_stager.h"
#include "server/handler_call.h"
#include "server/reply_writer.h"
#include "server/request_errors.h"
#include "server/request_log.h"

namespace appvault::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kReadChunk = 4096;
// After refusing a request whose bytes are still arriving, keep reading (and dropping) them
// for a while so that closing does not reset the connection before the peer reads the refusal.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerLimit = 1024 * 1024;

template <typename Fields>
bool WantsContinue(const http::request_header<Fields>& header) {
  return header.version() >= 11 && beast::iequals(header[http::field::expect], "100-continue");
}

// The values of every X-Forwarded-For header of the request, in order.
std::vector<std::string_view> ForwardedFor(const Request& request) {
  std::vector<std::string_view> values;
  auto [begin, end] = request.message.equal_range("X-Forwarded-For");
  for (auto it = begin; it != end; ++it)
    values.push_back(it->value());
  return values;
}

}  // namespace

template <typename Stream>
std::shared_ptr<StreamConnection<Stream>> StreamConnection<Stream>::Self() {
  return std::static_pointer_cast<StreamConnection>(shared_from_this());
}

template <typename Stream>
Awaitable<> StreamConnection<Stream>::Serve(std::shared_ptr<StreamConnection> self) {
  if (co_await self->Handshake()) {
    while (true) {
      bool started = co_await self->AwaitRequestStart();
      if (!started) break;
      bool keep_alive = co_await self->ServeOneRequest();
      if (!keep_alive) break;
    }
  }
  self->CloseSocket();
}

template <typename Stream>
void StreamConnection<Stream>::CloseIfIdle() {
  asio::post(TcpLayer(stream_).get_executor(), [self = Self()] {
    if (self->idle_) self->CloseSocket();
  });
}

template <typename Stream>
void StreamConnection<Stream>::Close() {
  asio::post(TcpLayer(stream_).get_executor(), [self = Self()] { self->CloseSocket(); });
}

// The TLS handshake (nothing for plain TCP), within the read timeout. The connection is idle
// meanwhile: a stopping server closes it.
template <typename Stream>
Awaitable<bool> StreamConnection<Stream>::Handshake() {
  if constexpr (!kIsTls<Stream>) {
    co_return true;
  } else {
    if (context_->stopping) co_return false;
    idle_ = true;
    TcpLayer(stream_).expires_after(context_->limits.read_timeout);
    beast::error_code error;
    co_await stream_.async_handshake(asio::ssl::stream_base::server, Capture(error));
    idle_ = false;
    if (error) spdlog::debug("TLS handshake failed: {}", error.message());
    co_return !error;
  }
}

// True once bytes of a request are buffered; false when the connection should end.
template <typename Stream>
Awaitable<bool> StreamConnection<Stream>::AwaitRequestStart() {
  if (buffer_.size() > 0) co_return true;
  if (context_->stopping) co_return false;
  idle_ = true;
  TcpLayer(stream_).expires_after(context_->limits.idle_timeout);
  beast::error_code error;
  std::size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Capture(error));
  idle_ = false;
  if (error) co_return false;
  buffer_.commit(n);
  co_return true;
}

// Reads, routes and answers one request; true when the connection stays open.
template <typename Stream>
Awaitable<bool> StreamConnection<Stream>::ServeOneRequest() {
  HeaderParser parser;
  auto start = std::chrono::steady_clock::now();
  beast::error_code error = co_await ReadHeader(parser);
  if (error) {
    co_await Reject(error, parser.get().method_string(), start);
    co_return false;
  }
  Request request(HttpRequest(parser.get().base()));
  request.peer_address = peer_address_;
  request.remote_address = context_->proxies.ClientAddress(peer_address_, ForwardedFor(request));
  Router::Match match = context_->router.Resolve(request);
  std::optional<Exchange> exchange = co_await Answer(parser, request, match);
  if (!exchange) co_return false;  // the peer is gone
  bool keep_alive = request.message.keep_alive() && exchange->body_read && !context_->stopping;
  Reply& reply = exchange->reply;
  reply.version(request.message.version());
  reply.keep_alive(keep_alive);
  if (!reply.file) reply.prepare_payload();
  const bool send_body = request.message.method() != http::verb::head;
  WriteOutcome written =
      co_await WriteReply(stream_, reply, context_->limits.read_timeout, send_body);
  RecordRequest(*context_->metrics, request, match.pattern(), reply, written, start);
  if (written.ok && !exchange->body_read) co_await LingeringClose();
  co_return written.ok&& keep_alive;
}

// The request line and headers, within the read timeout (which also covers a buffered body).
template <typename Stream>
Awaitable<beast::error_code> StreamConnection<Stream>::ReadHeader(HeaderParser& parser) {
  parser.header_limit(static_cast<std::uint32_t>(context_->limits.header_limit));
  // Limits are the route's business; Beast 1.74 mishandles an unset limit, so: the maximum.
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  TcpLayer(stream_).expires_after(context_->limits.read_timeout);
  beast::error_code error;
  co_await http::async_read_header(stream_, buffer_, parser, Capture(error));
  co_return error;
}

template <typename Stream>
Awaitable<std::optional<typename StreamConnection<Stream>::Exchange>>
StreamConnection<Stream>::Answer(HeaderParser& parser, Request& request,
                                 const Router::Match& match) {
  if (match.refusal) {
    // A declared body over the limit is refused as such, whatever the route: 413 before
    // 404/405. Either way the body is not read and the connection closes after the refusal.
    auto declared = parser.content_length();  // boost::optional
    const std::size_t limit = context_->limits.body_limit;
    if (declared && *declared > limit) co_return Exchange{BodyTooLarge(limit), false};
    co_return Exchange{*match.refusal, parser.is_done()};
  }
  if (match.route->streaming()) {
    co_return co_await ServeStreaming(parser, request, *match.route);
  }
  co_return co_await ServeBuffered(parser, request, *match.route);
}

// Reads the body into request.message.body() (up to limits.body_limit; `100 Continue`
// first when asked for), then runs the handler on a worker. nullopt when the peer is gone.
template <typename Stream>
Awaitable<std::optional<typename StreamConnection<Stream>::Exchange>>
StreamConnection<Stream>::ServeBuffered(HeaderParser& parser, Request& request,
                                        const Router::Route& route) {
  const ConnectionLimits& limits = context_->limits;
  auto declared = parser.content_length();  // boost::optional
  if (declared && *declared > limits.body_limit) {
    co_return Exchange{BodyTooLarge(limits.body_limit), false};
  }
  if (!parser.is_done() && WantsContinue(parser.get()) && !co_await WriteContinue()) {
    co_return std::nullopt;
  }
  http::request_parser<http::string_body> body_parser(std::move(parser));
  body_parser.body_limit(limits.body_limit);
  if (!body_parser.is_done()) {
    beast::error_code error;
    co_await http::async_read(stream_, buffer_, body_parser, Capture(error));
    if (error) {
      std::optional<Response> refusal = RefusalFor(error, limits.header_limit, limits.body_limit);
      if (!refusal) co_return std::nullopt;
      co_return Exchange{std::move(*refusal), false};
    }
  }
  request.message.body() = std::move(body_parser.get().body());
  if (route.run_inline) co_return Exchange{CallHandler(route.handler, request), true};
  if (route.fast_path) {
    FastAnswer fast = CallFastPath(route.fast_path, request);
    if (fast.reply) co_return Exchange{std::move(*fast.reply), true};
    co_await Delay(fast.delay);
  }
  Reply reply = co_await RunOnWorker<Reply>(
      context_->workers, [&route, &request] { return CallHandler(route.handler, request); });
  co_return Exchange{std::move(reply), true};
}

// The gate on a worker; then the body, received on the io side into a spool (no worker held
// while it arrives); then the handler on a worker. nullopt when the peer is gone.
template <typename Stream>
Awaitable<std::optional<typename StreamConnection<Stream>::Exchange>>
StreamConnection<Stream>::ServeStreaming(HeaderParser& parser, const Request& request,
                                         const Router::Route& route) {
  UploadAdmission admission;
  if (route.upload_gate) {
    admission = co_await RunOnWorker<UploadAdmission>(context_->workers, [&route, &request] {
      return CallUploadGate(route.upload_gate, request);
    });
    if (admission.refusal) co_return Exchange{std::move(*admission.refusal), parser.is_done()};
  }
  auto declared = parser.content_length();  // boost::optional
  if (declared && *declared > route.body_limit) {
    co_return Exchange{BodyTooLarge(route.body_limit), false};
  }
  if (!parser.is_done() && WantsContinue(parser.get()) && !co_await WriteContinue()) {
    co_return std::nullopt;
  }
  const ConnectionLimits& limits = context_->limits;
  BodyParser body_parser(std::move(parser));
  UploadPace pace{limits.read_timeout, limits.min_upload_rate, limits.upload_rate_grace};
  std::optional<StagedBody> staged;
  {
    ServerLoad::Upload counted(*context_->load);
    staged =
        co_await StageBody(stream_, buffer_, body_parser, route.body_limit, pace, limits.spool_dir);
  }
  if (staged->refusal) co_return Exchange{std::move(*staged->refusal), false};
  if (!staged->body) co_return std::nullopt;
  BodySpool& body = *staged->body;
  Reply reply = co_await RunOnWorker<Reply>(context_->workers, [&route, &request, &body] {
    return CallStreamHandler(route.stream_handler, request, body);
  });
  co_return Exchange{std::move(reply), true};
}

// Waits `delay` on the io side (nothing for 0).
template <typename Stream>
Awaitable<> StreamConnection<Stream>::Delay(std::chrono::milliseconds delay) {
  if (delay.count() <= 0) co_return;
  asio::steady_timer timer(TcpLayer(stream_).get_executor(), delay);
  beast::error_code ignored;
  co_await timer.async_wait(Capture(ignored));
}

// `100 Continue`, within the read timeout that runs since the header.
template <typename Stream>
Awaitable<bool> StreamConnection<Stream>::WriteContinue() {
  http::response<http::empty_body> go_on(http::status::continue_, 11);
  beast::error_code error;
  co_await http::async_write(stream_, go_on, Capture(error));
  co_return !error;
}

template <typename Stream>
Awaitable<> StreamConnection<Stream>::Reject(const beast::error_code& error,
                                             std::string_view method,
                                             std::chrono::steady_clock::time_point start) {
  const ConnectionLimits& limits = context_->limits;
  std::optional<Response> refusal = RefusalFor(error, limits.header_limit, limits.body_limit);
  if (!refusal) co_return;
  Reply reply(std::move(*refusal));
  reply.keep_alive(false);
  reply.prepare_payload();
  const std::string method_read(method);  // the parser's storage does not outlive the write
  WriteOutcome written = co_await WriteReply(stream_, reply, limits.read_timeout);
  RecordRefusal(*context_->metrics, method_read, reply.result_int(), error.message(), start);
  if (written.ok) co_await LingeringClose();
}

// Stops sending, then reads and drops what the peer still sends (bounded in time and size)
// so that the close does not turn into a reset that destroys the reply in flight.
template <typename Stream>
Awaitable<> StreamConnection<Stream>::LingeringClose() {
  PlainStream& tcp = TcpLayer(stream_);
  beast::error_code error;
  tcp.socket().shutdown(tcp::socket::shutdown_send, error);
  tcp.expires_after(kLingerTimeout);
  std::array<char, kReadChunk> scratch;
  std::size_t total = 0;
  while (!error && total < kLingerLimit) {
    total += co_await tcp.async_read_some(asio::buffer(scratch), Capture(error));
  }
}

template <typename Stream>
void StreamConnection<Stream>::CloseSocket() {
  PlainStream& tcp = TcpLayer(stream_);
  beast::error_code ignored;
  tcp.socket().shutdown(tcp::socket::shutdown_both, ignored);
  tcp.close();  // also cancels the pending operation and its timer
}

template class StreamConnection<PlainStream>;
template class StreamConnection<TlsStream>;

}  // namespace appvault::server
