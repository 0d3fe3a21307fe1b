#include "server/connection.h"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <exception>
#include <string>

#include "server/http_status.h"

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

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

bool IsParseError(const beast::error_code& error) {
  return error.category() == http::make_error_code(http::error::bad_target).category() &&
         error != http::error::end_of_stream && error != http::error::partial_message;
}

bool WantsContinue(const HttpRequest& request) {
  return request.version() >= 11 && beast::iequals(request[http::field::expect], "100-continue");
}

// The refusal for a request that could not be read, or nullopt when the connection just
// ends (peer gone, timeout, closed by us).
std::optional<Response> RefusalFor(const beast::error_code& error, const ConnectionLimits& limits) {
  if (error == http::error::header_limit) {
    // 431 Request Header Fields Too Large: the precise status; the code is the API's.
    Response response = ErrorResponse(
        Status(StatusCode::kPayloadTooLarge,
               "request headers exceed " + std::to_string(limits.header_limit) + " bytes"));
    response.result(http::status::request_header_fields_too_large);
    return response;
  }
  if (error == http::error::body_limit) {
    return ErrorResponse(
        Status(StatusCode::kPayloadTooLarge,
               "request body exceeds " + std::to_string(limits.body_limit) + " bytes"));
  }
  if (IsParseError(error)) {
    return ErrorResponse(
        Status(StatusCode::kInvalidArgument, "malformed HTTP request: " + error.message()));
  }
  return std::nullopt;
}

}  // namespace

Connection::Connection(tcp::socket socket, std::shared_ptr<ConnectionContext> context)
    : stream_(std::move(socket)), context_(std::move(context)) {}

Connection::~Connection() {
  context_->registry.Remove(this);
}

Awaitable<> Connection::Serve(std::shared_ptr<Connection> self) {
  while (true) {
    bool started = co_await self->AwaitRequestStart();
    if (!started) break;
    bool keep_alive = co_await self->ServeOneRequest();
    if (!keep_alive) break;
  }
  self->CloseSocket();
}

void Connection::CloseIfIdle() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->idle_) self->CloseSocket();
  });
}

void Connection::Close() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->CloseSocket(); });
}

// True once bytes of a request are buffered; false when the connection should end.
Awaitable<bool> Connection::AwaitRequestStart() {
  if (buffer_.size() > 0) co_return true;
  if (context_->stopping) co_return false;
  idle_ = true;
  stream_.expires_after(context_->limits.idle_timeout);
  beast::error_code error;
  std::size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Capture(error));
  idle_ = false;
  if (error) co_return false;
  buffer_.commit(n);
  co_return true;
}

// Reads, dispatches and answers one request; true when the connection stays open.
Awaitable<bool> Connection::ServeOneRequest() {
  RequestParser parser;
  beast::error_code error = co_await ReadRequest(parser);
  if (error) {
    co_await Reject(error);
    co_return false;
  }
  auto start = std::chrono::steady_clock::now();
  Request request(parser.release());
  Response response = Dispatch(request);
  bool keep_alive = request.message.keep_alive() && !context_->stopping;
  response.version(request.message.version());
  response.keep_alive(keep_alive);
  response.prepare_payload();
  bool written = co_await Write(response);
  spdlog::info("{} {} {} {:.1f}ms", request.message.method_string(), request.path,
               response.result_int(), MillisecondsSince(start));
  bool keep_going = written && keep_alive;
  co_return keep_going;
}

// The whole request, within the read timeout. A client that sent `Expect: 100-continue`
// gets `100 Continue` once the headers are read and within limits.
Awaitable<beast::error_code> Connection::ReadRequest(RequestParser& parser) {
  parser.header_limit(static_cast<std::uint32_t>(context_->limits.header_limit));
  parser.body_limit(context_->limits.body_limit);
  stream_.expires_after(context_->limits.read_timeout);
  beast::error_code error;
  co_await http::async_read_header(stream_, buffer_, parser, Capture(error));
  if (!error && WantsContinue(parser.get())) {
    http::response<http::empty_body> go_on(http::status::continue_, 11);
    co_await http::async_write(stream_, go_on, Capture(error));
  }
  if (!error && !parser.is_done()) {
    co_await http::async_read(stream_, buffer_, parser, Capture(error));
  }
  co_return error;
}

Awaitable<bool> Connection::Write(Response& response) {
  stream_.expires_after(context_->limits.read_timeout);
  beast::error_code error;
  co_await http::async_write(stream_, response, Capture(error));
  co_return !error;
}

Awaitable<> Connection::Reject(const beast::error_code& error) {
  std::optional<Response> refusal = RefusalFor(error, context_->limits);
  if (!refusal) co_return;
  refusal->keep_alive(false);
  refusal->prepare_payload();
  spdlog::info("refused request: {} ({})", refusal->result_int(), error.message());
  bool written = co_await Write(*refusal);
  if (written) co_await LingeringClose();
}

Awaitable<> Connection::LingeringClose() {
  beast::error_code error;
  stream_.socket().shutdown(tcp::socket::shutdown_send, error);
  stream_.expires_after(kLingerTimeout);
  std::array<char, kReadChunk> scratch;
  std::size_t total = 0;
  while (!error && total < kLingerLimit) {
    total += co_await stream_.async_read_some(asio::buffer(scratch), Capture(error));
  }
}

Response Connection::Dispatch(Request& request) const {
  try {
    return context_->router.Dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} failed: {}", request.message.method_string(), request.path,
                  e.what());
  } catch (...) {
    spdlog::error("handler for {} {} failed", request.message.method_string(), request.path);
  }
  return ErrorResponse(Status(StatusCode::kInternal, "internal error"));
}

void Connection::CloseSocket() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();  // also cancels the pending operation and its timer
}

}  // namespace appvault::server
