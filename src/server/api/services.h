// Services: what every API handler works with — the stores, the scanner, the clock, the
// login rate limiters and the operator's options. Built once by `appvaultd serve`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "auth/rate_limiter.h"
#include "blob/blob_store.h"
#include "scan/scanner.h"
#include "server/api/reply_cache.h"
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
  // Failed logins allowed per username, and per client address, in a sliding window.
  auth::RateLimit login_per_user{.max_failures = 10, .window_seconds = 60};
  auth::RateLimit login_per_address{.max_failures = 50, .window_seconds = 60};
  // Memory for answers kept for repeated restore plans (ReplyCache); 0 keeps none.
  std::size_t reply_cache_bytes = std::size_t{8} << 20;  // 8 MiB
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
        login_by_user(options.login_per_user),
        login_by_address(options.login_per_address),
        replies(options.reply_cache_bytes) {}
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  std::unique_ptr<store::MetadataStore> store;  // never null
  std::unique_ptr<blob::BlobStore> blobs;       // never null
  std::unique_ptr<scan::Scanner> scanner;       // never null (scan::NoScanner() when off)
  std::function<std::int64_t()> clock;          // seconds since the Unix epoch
  const ApiOptions options;
  auth::RateLimiter login_by_user;     // keys: usernames
  auth::RateLimiter login_by_address;  // keys: client IP addresses
  ReplyCache replies;                  // of the routes with RouteSpec::cache_replies
};

// The system clock in seconds since the Unix epoch.
std::int64_t SystemClock();

}  // namespace appvault::server::api
