// Passwords: argon2id hashes through libsodium, and the rules for usernames and passwords.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::auth {

// Cost of a password hash: 19 MiB of memory and 2 passes, OWASP's minimum for argon2id.
inline constexpr std::size_t kPasswordMemoryBytes = 19u << 20;
inline constexpr unsigned long long kPasswordPasses = 2;
// Accepted password lengths, in bytes.
inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// Ok for 3..64 characters of [a-z0-9_.-] starting with a letter or digit.
// Errors: kInvalidArgument saying what is wrong.
Status ValidateUsername(std::string_view username);
// Ok for kMinPasswordLength..kMaxPasswordLength bytes. Errors: kInvalidArgument.
Status ValidatePassword(std::string_view password);

// An argon2id hash string (algorithm, cost, salt and hash in one text) of the password.
// Errors: kInternal when libsodium cannot allocate the memory. Thread-safe.
Result<std::string> HashPassword(std::string_view password);
// True when the password matches the hash (constant-time in the hash comparison).
// A malformed hash never matches. Thread-safe.
bool VerifyPassword(const std::string& hash, std::string_view password);

}  // namespace appvault::auth
