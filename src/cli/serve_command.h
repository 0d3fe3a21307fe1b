// `appvaultd serve`: runs the server until SIGTERM or SIGINT.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/data_options.h"

namespace appvault::cli {

// The values of `appvaultd serve`'s flags, with their defaults.
struct ServeOptions {
  DataOptions data;
  std::string listen = "127.0.0.1:8080";
  int threads = 2;  // io threads: sockets, TLS, sendfile
  int workers = 4;  // handler threads: how many requests are worked on at once
  std::string tls_cert;
  std::string tls_key;
  std::string malware_db;  // "" = no scanning (logged at start)
  bool no_registration = false;
  std::uint64_t max_package_bytes = std::uint64_t{4} << 30;  // largest package published
  std::uint64_t max_blob_bytes = std::uint64_t{64} << 20;    // largest private blob
  std::uint64_t user_quota_bytes = std::uint64_t{1} << 30;   // private bytes per user
  std::size_t max_devices_per_user = 100;
  std::size_t max_backups_per_user = 10000;           // backed-up apps per user
  std::int64_t max_snapshots_per_device = 1000;       // snapshots kept per device
  std::int64_t max_snapshots_per_user = 10000;        // snapshots kept per user
  std::int64_t session_ttl_seconds = 30 * 24 * 3600;  // hidden flag, for tests
  std::size_t reply_cache_mb = 8;                     // ApiOptions::reply_cache_bytes
  // --blob-redirect: downloads answered with a presigned URL of the object store, valid
  // this long (ApiOptions::blob_redirect_ttl). Needs --blobs s3://….
  bool blob_redirect = false;
  std::chrono::seconds blob_redirect_ttl = std::chrono::minutes(5);
  // Uploads: the slowest average rate (HttpServerOptions::min_upload_rate, 0: none) after a
  // grace, and how many one user may have arriving at once.
  std::uint64_t min_upload_rate = 1024;
  int upload_rate_grace_seconds = 10;
  std::size_t max_uploads_per_user = 4;
  std::int64_t healthz_max_queue_wait_ms = 2000;
  // Accounts (ApiOptions): registrations an hour per address and in all, argon2id hashes
  // at once, failed logins a minute per (account, address) and per address, and the
  // account-wide slow-down.
  std::size_t max_registrations_per_address = 10;
  std::size_t max_registrations = 200;
  std::size_t max_password_hashes = 4;
  std::size_t max_login_failures = 10;
  std::size_t max_login_failures_per_address = 50;
  std::size_t login_slowdown_after = 20;
  std::int64_t login_max_delay_ms = 4000;
  // Background garbage collection (gc/periodic_collector.h): how often (0: never) and what
  // it spares (`appvaultd gc --grace`).
  std::chrono::seconds gc_interval = std::chrono::hours(6);
  std::chrono::seconds gc_grace = std::chrono::hours(24);
  // Reverse proxies whose X-Forwarded-For names the client (CIDR blocks).
  std::vector<std::string> trusted_proxies;
};

// Opens the database and the blob store under the data folder (creating them when missing),
// loads the malware signatures, binds, prints `listening on http://HOST:PORT` as the first
// line of stdout, serves the API (and collects garbage every gc_interval, logging what it
// freed), and on SIGTERM/SIGINT stops gracefully.
// Returns the exit status: kExitOk after a graceful stop; kExitUsage for a bad --listen or
// --database (an unknown scheme); kExitFailure when the data cannot be
// opened, the malware database does not load, or the address cannot be bound. Errors are one line
// on stderr. REQUIRES: called once, from the main thread, before any other thread is started (it
// blocks SIGTERM/SIGINT for the process's threads).
int RunServe(const ServeOptions& options);

}  // namespace appvault::cli
