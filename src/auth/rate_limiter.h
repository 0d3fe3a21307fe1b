// RateLimiter: counts events per key (failed logins of an account at an address,
// registrations from an address) in a sliding window and says when a key has had too many
// (HTTP 429 `rate_limited`).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace appvault::auth {

struct RateLimit {
  std::size_t max_failures = 10;     // failures allowed in one window...
  std::int64_t window_seconds = 60;  // ...of this length
  std::size_t max_keys = 100000;     // keys remembered at most (oldest forgotten first)
};

// Thread-safety: all methods may be called from many threads at once.
class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  // False when the key has had max_failures failures within the window ending at now.
  bool Allowed(const std::string& key, std::int64_t now);
  void RecordFailure(const std::string& key, std::int64_t now);
  // Forgets the key's failures (after a successful login).
  void Reset(const std::string& key);
  // Seconds until the key is allowed again (0 when it is).
  std::int64_t RetryAfter(const std::string& key, std::int64_t now);
  // RetryAfter, and when it is 0 records an event for the key, in one step (so that many
  // threads at once cannot all pass). The seconds to wait, 0 when the event was recorded.
  std::int64_t TryRecord(const std::string& key, std::int64_t now);
  // The key's events within the window ending at now (at most max_failures).
  std::size_t Count(const std::string& key, std::int64_t now);

 private:
  void Expire(std::deque<std::int64_t>& failures, std::int64_t now) const;
  void RecordLocked(const std::string& key, std::int64_t now);              // REQUIRES: mutex_ held
  std::int64_t RetryAfterLocked(const std::string& key, std::int64_t now);  // likewise

  RateLimit limit_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> failures_;  // guarded by mutex_
  std::deque<std::string> order_;  // keys by first failure, for forgetting; guarded
};

}  // namespace appvault::auth
