// How logins and registrations are throttled (docs/security.md): failed logins per
// (account, address) and per address refuse (429); failed logins of an account from
// anywhere only slow its logins down (a bounded, growing delay), so that nobody can lock an
// owner out; registrations per address and in all refuse; the argon2id hashes computed at
// once are bounded (a fast 429, never a queue).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "auth/hash_slots.h"
#include "server/api/services.h"
#include "server/reply.h"

namespace appvault::server::api {

// What a login attempt meets before its password is checked.
struct LoginVerdict {
  std::int64_t retry_after = 0;        // > 0: refused, come back in this many seconds
  std::chrono::milliseconds delay{0};  // otherwise: wait this long first (account-wide)
};

// The verdict for a login of `username` from `address` ("" for none) at `now`. Thread-safe.
LoginVerdict CheckLogin(Services& services, const std::string& username, const std::string& address,
                        std::int64_t now);
// A wrong password (or unknown name): counted for the pair, the address and the account.
void RecordLoginFailure(Services& services, const std::string& username, const std::string& address,
                        std::int64_t now);
// The right password: the pair's failures are forgotten (the account's still slow others).
void RecordLoginSuccess(Services& services, const std::string& username,
                        const std::string& address);

// The 429 refusal (naming the limit, with Retry-After) when `address` or the server has had
// its share of registrations this hour; with `record`, the registration is counted when it
// is not refused (one atomic step per limit). Thread-safe.
std::optional<server::Reply> AdmitRegistration(Services& services, const std::string& address,
                                               std::int64_t now, bool record);

// 429 `rate_limited` with Retry-After: `wait` seconds, saying `why`.
server::Reply RateLimitedReply(const std::string& why, std::int64_t wait);

// A password-hash slot for `purpose`, or the fast 429 (Retry-After: 1) naming
// --max-password-hashes when every slot it may use is taken.
struct HashSlot {
  std::shared_ptr<void> slot;            // null when refused
  std::optional<server::Reply> refusal;  // set exactly when slot is null
};
HashSlot AcquireHashSlot(Services& services, auth::PasswordHashSlots::Purpose purpose);

}  // namespace appvault::server::api
