#include "cli/serve_command.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "base/duration.h"
#include "base/file_util.h"
#include "cli/exit_codes.h"
#include "gc/periodic_collector.h"
#include "scan/clamav_scanner.h"
#include "server/api/routes.h"
#include "server/api/services.h"
#include "server/http_server.h"
#include "server/listen_address.h"
#include "server/metrics_handler.h"
#include "server/trusted_proxies.h"

namespace appvault::cli {

namespace {

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

// The malware scanner of --malware-db, or NoScanner() (said in the log) without it.
// Errors: ClamavScanner::Load's (a database that does not load stops the server).
Result<std::unique_ptr<scan::Scanner>> LoadScanner(const std::string& database) {
  if (database.empty()) {
    spdlog::warn(
        "malware scanning is off: packages are published without a scan "
        "(give --malware-db PATH to turn it on)");
    return scan::NoScanner();
  }
  Result<std::unique_ptr<scan::ClamavScanner>> scanner = scan::ClamavScanner::Load(database);
  if (!scanner.ok()) return scanner.status();
  spdlog::info("malware scanning: {}", (*scanner)->Describe());
  return std::unique_ptr<scan::Scanner>(std::move(scanner).value());
}

// The API's services over the data folder. Errors are printed; *exit_code says how to end.
std::unique_ptr<server::api::Services> OpenServices(const ServeOptions& options, int* exit_code) {
  *exit_code = kExitFailure;
  Result<std::unique_ptr<store::MetadataStore>> store = OpenMetadataStore(options.data);
  if (!store.ok()) {
    *exit_code = ReportFailure(store.status());
    return nullptr;
  }
  Result<std::unique_ptr<blob::BlobStore>> blobs = OpenBlobStore(options.data);
  if (!blobs.ok()) {
    PrintError(blobs.status().message());
    return nullptr;
  }
  if (options.blob_redirect && !(*blobs)->DownloadUrl(Sha256{}, options.blob_redirect_ttl)) {
    *exit_code = ReportFailure(Status(StatusCode::kInvalidArgument,
                                      "--blob-redirect needs a blob store that gives download URLs "
                                      "(--blobs s3://…); the data folder's does not"));
    return nullptr;
  }
  Result<std::unique_ptr<scan::Scanner>> scanner = LoadScanner(options.malware_db);
  if (!scanner.ok()) {
    PrintError("--malware-db: " + scanner.status().message());
    return nullptr;
  }
  server::api::ApiOptions api;
  api.registration_enabled = !options.no_registration;
  api.session_ttl_seconds = options.session_ttl_seconds;
  api.max_package_bytes = options.max_package_bytes;
  api.max_private_blob_bytes = options.max_blob_bytes;
  api.user_quota_bytes = options.user_quota_bytes;
  api.max_devices_per_user = options.max_devices_per_user;
  api.max_backups_per_user = options.max_backups_per_user;
  api.max_snapshots_per_device = options.max_snapshots_per_device;
  api.max_snapshots_per_user = options.max_snapshots_per_user;
  api.reply_cache_bytes = options.reply_cache_mb << 20;
  if (options.blob_redirect) api.blob_redirect_ttl = options.blob_redirect_ttl;
  api.max_uploads_per_user = options.max_uploads_per_user;
  api.healthz_max_queue_wait_ms = options.healthz_max_queue_wait_ms;
  api.registrations_per_address = options.max_registrations_per_address;
  api.registrations_per_hour = options.max_registrations;
  api.max_password_hashes = options.max_password_hashes;
  api.login_per_account_address.max_failures = options.max_login_failures;
  api.login_per_address.max_failures = options.max_login_failures_per_address;
  api.login_slowdown_after = options.login_slowdown_after;
  api.login_max_delay_ms = options.login_max_delay_ms;
  return std::make_unique<server::api::Services>(std::move(store).value(), std::move(blobs).value(),
                                                 std::move(scanner).value(),
                                                 server::api::SystemClock, api);
}

server::Router BuildRouter(server::api::Services& services,
                           const std::shared_ptr<server::Metrics>& metrics) {
  server::Router router;
  server::api::AddApiRoutes(router, services);
  server::AddMetricsRoutes(router, metrics);
  return router;
}

// serve's background collection, or nullptr when --gc-interval is 0.
std::unique_ptr<gc::PeriodicCollector> StartCollector(const ServeOptions& options,
                                                      server::api::Services& services) {
  if (options.gc_interval.count() == 0) {
    spdlog::warn("background garbage collection is off (--gc-interval 0): run `appvaultd gc`");
    return nullptr;
  }
  spdlog::info("garbage collection every {}, of blobs unreferenced for over {}",
               base::FormatDuration(options.gc_interval), base::FormatDuration(options.gc_grace));
  return std::make_unique<gc::PeriodicCollector>(
      *services.store, *services.blobs, services.clock, options.gc_interval,
      gc::CollectOptions{.grace = options.gc_grace, .dry_run = false, .fault = nullptr},
      [](const Result<gc::CollectReport>& report) {
        if (!report.ok()) {
          spdlog::error("garbage collection stopped: {}", report.status().message());
          return;
        }
        spdlog::info("garbage collection: {} blobs deleted, {} bytes freed; {} abandoned uploads",
                     report->deleted.size(), report->bytes_freed, report->abandoned_uploads);
      });
}

}  // namespace

// DATA/spool, where uploads are staged while they arrive (created when missing).
Result<std::string> SpoolFolder(const ServeOptions& options) {
  std::string spool = options.data.data_dir + "/spool";
  Status made = base::MakeDirectories(spool);
  if (!made.ok()) return made;
  return spool;
}

int RunServe(const ServeOptions& options) {
  Result<server::ListenAddress> address = server::ParseListenAddress(options.listen);
  if (!address.ok()) {
    PrintError("--listen: " + address.status().message());
    return kExitUsage;
  }
  Result<server::TrustedProxies> proxies = server::TrustedProxies::Parse(options.trusted_proxies);
  if (!proxies.ok()) {
    PrintError(proxies.status().message());
    return kExitUsage;
  }
  int exit_code = kExitOk;
  std::unique_ptr<server::api::Services> services = OpenServices(options, &exit_code);
  if (services == nullptr) return exit_code;

  Result<std::string> spool = SpoolFolder(options);
  if (!spool.ok()) {
    PrintError(spool.status().message());
    return kExitFailure;
  }

  sigset_t stop_signals = BlockStopSignals();
  server::HttpServerOptions server_options;
  server_options.host = address->host;
  server_options.port = address->port;
  server_options.threads = options.threads;
  server_options.worker_threads = options.workers;
  server_options.tls_cert_file = options.tls_cert;
  server_options.tls_key_file = options.tls_key;
  server_options.metrics = std::make_shared<server::Metrics>();
  server_options.load = std::make_shared<server::ServerLoad>();
  server_options.min_upload_rate = options.min_upload_rate;
  server_options.upload_rate_grace = std::chrono::seconds(options.upload_rate_grace_seconds);
  server_options.spool_dir = *spool;
  server_options.trusted_proxies = *proxies;
  services->load = server_options.load;
  Result<std::unique_ptr<server::HttpServer>> server =
      server::HttpServer::Start(server_options, BuildRouter(*services, server_options.metrics));
  if (!server.ok()) {
    PrintError(server.status().message());
    return kExitFailure;
  }
  std::printf("listening on %s\n", (*server)->Url().c_str());
  std::fflush(stdout);
  spdlog::info("serving {} from {} with {} io threads and {} workers{}", (*server)->Url(),
               options.data.data_dir, options.threads, options.workers,
               options.no_registration ? "; registration is off" : "");

  std::unique_ptr<gc::PeriodicCollector> collector = StartCollector(options, *services);

  int signal_number = WaitForStopSignal(stop_signals);
  spdlog::info("{}: stopping", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
  collector.reset();  // after the collection in progress, if any
  (*server)->Stop();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace appvault::cli
