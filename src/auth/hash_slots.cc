#include "auth/hash_slots.h"

namespace appvault::auth {

std::shared_ptr<void> PasswordHashSlots::TryAcquire(Purpose purpose) {
  std::lock_guard lock(mu_);
  if (in_use_ >= capacity_) return nullptr;
  if (purpose == Purpose::kRegistration && registrations_ >= registration_capacity()) {
    return nullptr;
  }
  ++in_use_;
  if (purpose == Purpose::kRegistration) ++registrations_;
  // The handle's deleter gives the slot back; the pointer itself is never dereferenced.
  return std::shared_ptr<void>(this,
                               [purpose](PasswordHashSlots* self) { self->Release(purpose); });
}

void PasswordHashSlots::Release(Purpose purpose) {
  std::lock_guard lock(mu_);
  --in_use_;
  if (purpose == Purpose::kRegistration) --registrations_;
}

}  // namespace appvault::auth
