// PasswordHashSlots: a bound on the argon2id hashes (19 MiB and two passes each) computed at
// once, so that a flood of logins or registrations can neither exhaust memory nor take every
// worker; past it a request is refused at once (429 with Retry-After), never queued.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>

namespace appvault::auth {

// Thread-safety: all methods may be called from many threads at once.
class PasswordHashSlots {
 public:
  // What a hash is for. Registrations may hold at most half of the slots (at least one), so
  // that registering, which anyone can do, never crowds out the logins of existing users.
  enum class Purpose { kLogin, kRegistration };

  // REQUIRES: capacity >= 1.
  explicit PasswordHashSlots(std::size_t capacity) : capacity_(capacity) {}
  PasswordHashSlots(const PasswordHashSlots&) = delete;
  PasswordHashSlots& operator=(const PasswordHashSlots&) = delete;

  // A slot, released when the returned handle is destroyed; null when every slot the
  // purpose may use is taken.
  std::shared_ptr<void> TryAcquire(Purpose purpose);

  std::size_t capacity() const { return capacity_; }
  // The slots registrations may hold at once.
  std::size_t registration_capacity() const { return capacity_ / 2 > 0 ? capacity_ / 2 : 1; }

 private:
  void Release(Purpose purpose);

  const std::size_t capacity_;
  std::mutex mu_;
  std::size_t in_use_ = 0;         // guarded by mu_
  std::size_t registrations_ = 0;  // of them; guarded by mu_
};

}  // namespace appvault::auth
