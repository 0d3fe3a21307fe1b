#include "auth/rate_limiter.h"

namespace appvault::auth {

void RateLimiter::Expire(std::deque<std::int64_t>& failures, std::int64_t now) const {
  while (!failures.empty() && failures.front() <= now - limit_.window_seconds) {
    failures.pop_front();
  }
}

bool RateLimiter::Allowed(const std::string& key, std::int64_t now) {
  return RetryAfter(key, now) == 0;
}

void RateLimiter::RecordFailure(const std::string& key, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  RecordLocked(key, now);
}

void RateLimiter::RecordLocked(const std::string& key, std::int64_t now) {
  auto [it, inserted] = failures_.try_emplace(key);
  if (inserted) {
    order_.push_back(key);
    while (failures_.size() > limit_.max_keys) {
      failures_.erase(order_.front());
      order_.pop_front();
    }
  }
  auto found = failures_.find(key);
  if (found == failures_.end()) return;
  Expire(found->second, now);
  found->second.push_back(now);
  while (found->second.size() > limit_.max_failures)
    found->second.pop_front();
}

void RateLimiter::Reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(key);
  if (it != failures_.end()) it->second.clear();
}

std::int64_t RateLimiter::RetryAfter(const std::string& key, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  return RetryAfterLocked(key, now);
}

std::int64_t RateLimiter::RetryAfterLocked(const std::string& key, std::int64_t now) {
  if (limit_.max_failures == 0) return limit_.window_seconds;
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  Expire(it->second, now);
  if (it->second.size() < limit_.max_failures) return 0;
  return it->second.front() + limit_.window_seconds - now;
}

std::int64_t RateLimiter::TryRecord(const std::string& key, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t wait = RetryAfterLocked(key, now);
  if (wait == 0) RecordLocked(key, now);
  return wait;
}

std::size_t RateLimiter::Count(const std::string& key, std::int64_t now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  Expire(it->second, now);
  return it->second.size();
}

}  // namespace appvault::auth
