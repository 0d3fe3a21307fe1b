#include "server/http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <exception>
#include <utility>

#include "server/connection.h"
#include "server/listen_address.h"

namespace appvault::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// After the drain timeout, how long closed connections get to unwind.
constexpr std::chrono::seconds kCloseGrace{1};
// After a failed accept (out of file descriptors, say), a pause so the loop does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

// Completion of a spawned coroutine: an escaped exception is logged, never rethrown.
void LogEscapedException(std::string_view what, const std::exception_ptr& escaped) {
  if (!escaped) return;
  try {
    std::rethrow_exception(escaped);
  } catch (const std::exception& e) {
    spdlog::error("{} ended with an exception: {}", what, e.what());
  } catch (...) {
    spdlog::error("{} ended with an exception", what);
  }
}

ConnectionLimits LimitsOf(const HttpServerOptions& options) {
  return ConnectionLimits{options.header_limit, options.body_limit, options.read_timeout,
                          options.idle_timeout};
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, Router router)
    : options_(std::move(options)),
      context_(std::make_shared<ConnectionContext>(std::move(router), LimitsOf(options_),
                                                   options_.max_connections)),
      io_(options_.threads),
      acceptor_(asio::make_strand(io_)) {}

HttpServer::~HttpServer() {
  Stop();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options, Router router) {
  if (options.threads < 1) {
    return Status(StatusCode::kInvalidArgument, "the number of threads must be at least 1");
  }
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(options), std::move(router)));
  Status listening = server->Listen();
  if (!listening.ok()) return listening;
  asio::co_spawn(server->acceptor_.get_executor(), server->AcceptLoop(),
                 [](std::exception_ptr escaped) { LogEscapedException("accept loop", escaped); });
  for (int i = 0; i < server->options_.threads; ++i) {
    server->threads_.emplace_back([io = &server->io_] {
      try {
        io->run();
      } catch (const std::exception& e) {
        spdlog::error("server thread ended with an exception: {}", e.what());
      }
    });
  }
  return server;
}

Status HttpServer::Listen() {
  boost::system::error_code error;
  asio::ip::address address = asio::ip::make_address(options_.host, error);
  if (error) {
    return Status(StatusCode::kInvalidArgument, "not an IP address: \"" + options_.host + "\"");
  }
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (!error) endpoint_ = acceptor_.local_endpoint(error);
  if (error) {
    return Status(StatusCode::kUnavailable, "cannot listen on " +
                                                FormatHostPort(options_.host, options_.port) +
                                                ": " + error.message());
  }
  return Status::Ok();
}

std::string HttpServer::Url() const {
  return "http://" + FormatHostPort(endpoint_.address().to_string(), endpoint_.port());
}

Awaitable<> HttpServer::AcceptLoop() {
  while (true) {
    tcp::socket socket(asio::make_strand(io_));
    boost::system::error_code error;
    co_await acceptor_.async_accept(socket, Capture(error));
    if (!acceptor_.is_open()) co_return;
    if (!error) {
      Admit(std::move(socket));
      continue;
    }
    spdlog::warn("accept failed: {}", error.message());
    asio::steady_timer pause(acceptor_.get_executor(), kAcceptRetryDelay);
    co_await pause.async_wait(Capture(error));
  }
}

void HttpServer::Admit(tcp::socket socket) {
  if (context_->stopping) return;  // destroying the socket closes it
  auto executor = socket.get_executor();
  auto connection = std::make_shared<Connection>(std::move(socket), context_);
  if (!context_->registry.TryAdd(connection)) {
    spdlog::warn("connection closed: {} connections are open already", options_.max_connections);
    return;
  }
  asio::co_spawn(executor, Connection::Serve(std::move(connection)),
                 [](std::exception_ptr escaped) { LogEscapedException("connection", escaped); });
}

void HttpServer::CloseAcceptor() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void HttpServer::Stop() {
  std::lock_guard lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  context_->stopping = true;
  asio::post(acceptor_.get_executor(), [this] { CloseAcceptor(); });
  for (const auto& connection : context_->registry.Snapshot())
    connection->CloseIfIdle();
  if (!context_->registry.WaitUntilEmpty(options_.drain_timeout)) {
    spdlog::warn("requests still running after {} ms: closing their connections",
                 options_.drain_timeout.count());
    for (const auto& connection : context_->registry.Snapshot())
      connection->Close();
    if (!context_->registry.WaitUntilEmpty(kCloseGrace)) spdlog::warn("connections still open");
  }
  io_.stop();
  for (std::thread& thread : threads_)
    thread.join();
}

}  // namespace appvault::server
