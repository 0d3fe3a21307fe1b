#include "cli/serve_command.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include "cli/exit_codes.h"
#include "server/health_handler.h"
#include "server/http_server.h"
#include "server/listen_address.h"

namespace appvault::cli {

namespace {

void PrintError(const std::string& message) {
  std::fprintf(stderr, "appvaultd: %s\n", message.c_str());
}

// SIGTERM and SIGINT, blocked in the calling thread and every thread it starts later, so
// that WaitForStopSignal receives them.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

int WaitForStopSignal(const sigset_t& signals) {
  int signal_number = 0;
  while (sigwait(&signals, &signal_number) != 0) {
  }
  return signal_number;
}

bool CreateDataDir(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    PrintError("cannot create the data folder " + path + ": " + error.message());
    return false;
  }
  return true;
}

server::Router BuildRouter() {
  server::Router router;
  server::AddHealthRoutes(router);
  return router;
}

}  // namespace

int RunServe(const ServeOptions& options) {
  Result<server::ListenAddress> address = server::ParseListenAddress(options.listen);
  if (!address.ok()) {
    PrintError("--listen: " + address.status().message());
    return kExitUsage;
  }
  if (!CreateDataDir(options.data_dir)) return kExitFailure;

  sigset_t stop_signals = BlockStopSignals();
  server::HttpServerOptions server_options;
  server_options.host = address->host;
  server_options.port = address->port;
  server_options.threads = options.threads;
  Result<std::unique_ptr<server::HttpServer>> server =
      server::HttpServer::Start(server_options, BuildRouter());
  if (!server.ok()) {
    PrintError(server.status().message());
    return kExitFailure;
  }
  std::printf("listening on %s\n", (*server)->Url().c_str());
  std::fflush(stdout);
  spdlog::info("serving {} from {} with {} threads", (*server)->Url(), options.data_dir,
               options.threads);

  int signal_number = WaitForStopSignal(stop_signals);
  spdlog::info("{}: stopping", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  (*server)->Stop();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace appvault::cli
