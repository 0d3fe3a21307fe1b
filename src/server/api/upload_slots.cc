#include "server/api/upload_slots.h"

namespace appvault::server::api {

std::shared_ptr<void> UploadSlots::TryAcquire(std::int64_t user_id) {
  std::lock_guard lock(mu_);
  std::size_t& held = held_[user_id];
  if (held >= per_user_) {
    if (held == 0) held_.erase(user_id);
    return nullptr;
  }
  ++held;
  // The handle's deleter gives the slot back; the pointer itself is never dereferenced.
  return std::shared_ptr<void>(this, [user_id](UploadSlots* self) { self->Release(user_id); });
}

void UploadSlots::Release(std::int64_t user_id) {
  std::lock_guard lock(mu_);
  auto it = held_.find(user_id);
  if (it != held_.end() && --it->second == 0) held_.erase(it);
}

}  // namespace appvault::server::api
