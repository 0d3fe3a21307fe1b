// Services: what every API handler works with — the stores, the scanner, the clock, the
// login rate limiters and the operator's options. Built once by `appvaultd serve`.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "auth/hash_slots.h"
#include "auth/rate_limiter.h"
#include "blob/blob_store.h"
#include "scan/scanner.h"
#include "server/api/reply_cache.h"
#include "server/api/upload_slots.h"
#include "server/server_load.h"
#include "store/store.h"

namespace appvault::server::api {

// The operator's choices (flags of `appvaultd serve`).
struct ApiOptions {
  std::int64_t session_ttl_seconds = 30 * 24 * 3600;  // a login lasts 30 days
  bool registration_enabled = true;                   // POST /v1/accounts; false: 403
  // The largest package a publisher may upload, and the largest private blob.
  std::uint64_t max_package_bytes = std::uint64_t{4} << 30;        // 4 GiB
  std::uint64_t max_private_blob_bytes = std::uint64_t{64} << 20;  // 64 MiB
  // Per user: the bytes of private blobs in all, the devices, the backed-up apps
  // (quota_exceeded past each).
  std::uint64_t user_quota_bytes = std::uint64_t{1} << 30;  // 1 GiB
  std::size_t max_devices_per_user = 100;
  std::size_t max_backups_per_user = 10000;
  // Snapshots kept per device and per user (CONTRACT §10): a backup past either is refused
  // with a message naming `forget --keep-…`; old snapshots are never deleted to make room.
  std::int64_t max_snapshots_per_device = 1000;
  std::int64_t max_snapshots_per_user = 10000;
  // Failed logins allowed per (username, client address) and per client address, in a
  // sliding window; past either, logins from there are refused (429) until it slides.
  auth::RateLimit login_per_account_address{.max_failures = 10, .window_seconds = 60};
  auth::RateLimit login_per_address{.max_failures = 50, .window_seconds = 60};
  // Failed logins of one account (from anywhere) in a minute before its logins are slowed:
  // each failure past this many doubles a wait (from 250 ms) before the password is
  // checked, up to login_max_delay_ms. An account-wide limit never refuses.
  std::size_t login_slowdown_after = 20;
  std::int64_t login_max_delay_ms = 4000;
  // Registrations (POST /v1/accounts) per client address, and in all, in an hour.
  std::size_t registrations_per_address = 10;
  std::size_t registrations_per_hour = 200;
  // argon2id hashes computed at once (auth::PasswordHashSlots); registrations hold at most
  // half of them.
  std::size_t max_password_hashes = 4;
  // Uploads (POST /v1/blobs, POST /v1/catalog/packages) one user may have arriving at once.
  std::size_t max_uploads_per_user = 4;
  // /healthz answers 503 once a request has waited this long for a worker.
  std::int64_t healthz_max_queue_wait_ms = 2000;
  // Memory for answers kept for repeated restore plans (ReplyCache); 0 keeps none.
  std::size_t reply_cache_bytes = std::size_t{8} << 20;  // 8 MiB
  // Above 0: a download (GET /v1/blobs/{sha256}) the caller may read is answered 302 with a
  // URL of the blob store valid this long (BlobStore::DownloadUrl), when the store has one.
  std::chrono::seconds blob_redirect_ttl{0};
};

// Owns the stores and the scanner for the server's lifetime.
// Thread-safety: every member may be used from many threads at once (each type's own
// contract); the struct is not copied or moved once handlers hold a reference.
struct Services {
  Services(std::unique_ptr<store::MetadataStore> store_in,
           std::unique_ptr<blob::BlobStore> blobs_in, std::unique_ptr<scan::Scanner> scanner_in,
           std::function<std::int64_t()> clock_in, ApiOptions options_in)
      : store(std::move(store_in)),
        blobs(std::move(blobs_in)),
        scanner(std::move(scanner_in)),
        clock(std::move(clock_in)),
        options(options_in),
        login_by_account_address(options.login_per_account_address),
        login_by_address(options.login_per_address),
        login_by_account({.max_failures = options.login_slowdown_after + 32, .window_seconds = 60}),
        registrations_by_address(
            {.max_failures = options.registrations_per_address, .window_seconds = 3600}),
        registrations({.max_failures = options.registrations_per_hour, .window_seconds = 3600}),
        password_hashes(std::max<std::size_t>(options.max_password_hashes, 1)),
        uploads(options.max_uploads_per_user),
        replies(options.reply_cache_bytes) {}
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  std::unique_ptr<store::MetadataStore> store;  // never null
  std::unique_ptr<blob::BlobStore> blobs;       // never null
  std::unique_ptr<scan::Scanner> scanner;       // never null (scan::NoScanner() when off)
  std::function<std::int64_t()> clock;          // seconds since the Unix epoch
  const ApiOptions options;
  auth::RateLimiter login_by_account_address;  // keys: "username address"
  auth::RateLimiter login_by_address;          // keys: server::AddressKey of the client
  auth::RateLimiter login_by_account;          // keys: usernames (only slows, never refuses)
  auth::RateLimiter registrations_by_address;  // keys: server::AddressKey of the client
  auth::RateLimiter registrations;             // one key: every registration
  auth::PasswordHashSlots password_hashes;
  UploadSlots uploads;  // uploads arriving per user
  ReplyCache replies;   // of the routes with RouteSpec::cache_replies
  // How busy the HTTP server is, for /healthz; null: /healthz just says ok.
  std::shared_ptr<const server::ServerLoad> load;
};

// The system clock in seconds since the Unix epoch.
std::int64_t SystemClock();

}  // namespace appvault::server::api
