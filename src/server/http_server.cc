#include "server/http_server.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <exception>
#include <filesystem>
#include <utility>

#include "server/connection.h"
#include "server/listen_address.h"
#include "server/stream_connection.h"
#include "server/tls_context.h"

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
  std::string spool = options.spool_dir;
  if (spool.empty()) spool = std::filesystem::temp_directory_path().string();
  return ConnectionLimits{options.header_limit,
                          options.body_limit,
                          options.read_timeout,
                          options.idle_timeout,
                          options.min_upload_rate,
                          options.upload_rate_grace,
                          spool};
}

std::shared_ptr<Metrics> MetricsOf(const HttpServerOptions& options) {
  return options.metrics ? options.metrics : std::make_shared<Metrics>();
}

std::shared_ptr<ServerLoad> LoadOf(const HttpServerOptions& options) {
  return options.load ? options.load : std::make_shared<ServerLoad>();
}

Status CheckOptions(const HttpServerOptions& options) {
  if (options.threads < 1) {
    return Status(StatusCode::kInvalidArgument, "the number of threads must be at least 1");
  }
  if (options.worker_threads < 1) {
    return Status(StatusCode::kInvalidArgument, "the number of worker threads must be at least 1");
  }
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return Status(StatusCode::kInvalidArgument, "TLS needs both a certificate file and a key file");
  }
  return Status::Ok();
}

// Registers `connection` and runs it on `executor` (its io thread); drops it (closing its
// socket) when the server has max_connections already.
template <typename Executor, typename Stream>
void Spawn(ConnectionContext& context, const Executor& executor,
           std::shared_ptr<StreamConnection<Stream>> connection) {
  if (!context.registry.TryAdd(connection)) {
    spdlog::warn("connection closed: {} connections are open already",
                 context.registry.max_connections());
    return;
  }
  asio::co_spawn(executor, StreamConnection<Stream>::Serve(std::move(connection)),
                 [](std::exception_ptr escaped) { LogEscapedException("connection", escaped); });
}

// An io thread: sendfile(2) to a peer that has gone raises SIGPIPE in the calling thread;
// blocked here, it stays pending and harmless, and the call fails with EPIPE.
void RunIoThread(asio::io_context& io) {
  sigset_t pipe;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
  try {
    io.run();
  } catch (const std::exception& e) {
    spdlog::error("server thread ended with an exception: {}", e.what());
  }
}

// count io_contexts, each for one thread (REQUIRES: count >= 1).
std::vector<std::unique_ptr<asio::io_context>> MakeIoContexts(int count) {
  std::vector<std::unique_ptr<asio::io_context>> ios;
  for (int i = 0; i < std::max(count, 1); ++i)
    ios.push_back(std::make_unique<asio::io_context>(1));
  return ios;
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, Router router)
    : options_(std::move(options)),
      load_(LoadOf(options_)),
      workers_(options_.worker_threads, load_),
      context_(std::make_shared<ConnectionContext>(
          std::move(router), LimitsOf(options_), options_.max_connections, workers_,
          MetricsOf(options_), load_, options_.trusted_proxies)),
      ios_(MakeIoContexts(options_.threads)),
      acceptor_(*ios_.front()) {}

HttpServer::~HttpServer() {
  Stop();
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options, Router router) {
  Status valid = CheckOptions(options);
  if (!valid.ok()) return valid;
  std::unique_ptr<HttpServer> server(new HttpServer(std::move(options), std::move(router)));
  Status tls = server->LoadTls();
  if (!tls.ok()) return tls;
  Status listening = server->Listen();
  if (!listening.ok()) return listening;
  asio::co_spawn(server->acceptor_.get_executor(), server->AcceptLoop(),
                 [](std::exception_ptr escaped) { LogEscapedException("accept loop", escaped); });
  for (const std::unique_ptr<asio::io_context>& io : server->ios_) {
    server->busy_.push_back(asio::make_work_guard(*io));
    server->threads_.emplace_back([io = io.get()] { RunIoThread(*io); });
  }
  return server;
}

Status HttpServer::LoadTls() {
  if (options_.tls_cert_file.empty()) return Status::Ok();
  Result<std::unique_ptr<asio::ssl::context>> tls =
      MakeTlsContext(options_.tls_cert_file, options_.tls_key_file);
  if (!tls.ok()) return tls.status();
  tls_ = std::move(tls).value();
  return Status::Ok();
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
  return (tls_ ? "https://" : "http://") +
         FormatHostPort(endpoint_.address().to_string(), endpoint_.port());
}

Awaitable<> HttpServer::AcceptLoop() {
  while (true) {
    tcp::socket socket(*ios_[next_io_++ % ios_.size()]);
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
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);  // a file reply's last segment goes at once
  auto executor = socket.get_executor();
  if (tls_) {
    Spawn(*context_, executor,
          std::make_shared<StreamConnection<TlsStream>>(context_, std::move(socket), *tls_));
  } else {
    Spawn(*context_, executor,
          std::make_shared<StreamConnection<PlainStream>>(context_, std::move(socket)));
  }
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
  busy_.clear();
  for (const std::unique_ptr<asio::io_context>& io : ios_)
    io->stop();
  for (std::thread& thread : threads_)
    thread.join();
  workers_.Join();
}

}  // namespace appvault::server
