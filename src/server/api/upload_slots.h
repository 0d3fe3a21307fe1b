// UploadSlots: how many uploads each user has arriving at once, bounded
// (ApiOptions::max_uploads_per_user), so that one account cannot hold the server's
// connections and disk with bodies that trickle in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace appvault::server::api {

// Thread-safety: all methods may be called from many threads at once.
class UploadSlots {
 public:
  explicit UploadSlots(std::size_t per_user) : per_user_(per_user) {}
  UploadSlots(const UploadSlots&) = delete;
  UploadSlots& operator=(const UploadSlots&) = delete;

  // A slot of `user_id`, given back when the returned handle is destroyed; null when the
  // user holds per_user() already.
  std::shared_ptr<void> TryAcquire(std::int64_t user_id);
  std::size_t per_user() const { return per_user_; }

 private:
  void Release(std::int64_t user_id);

  const std::size_t per_user_;
  std::mutex mu_;
  std::map<std::int64_t, std::size_t> held_;  // guarded by mu_; users holding none are erased
};

}  // namespace appvault::server::api
