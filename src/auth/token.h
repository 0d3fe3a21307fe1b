// Session tokens: 256 random bits, handed to the client once; the server keeps only their
// SHA-256.
#pragma once

#include <string>
#include <string_view>

#include "core/sha256.h"

namespace appvault::auth {

struct IssuedToken {
  std::string token;  // 64 lowercase hex digits: give to the client, never store
  Sha256 hash;        // store this
};

// A new token from the operating system's CSPRNG (libsodium). Thread-safe.
IssuedToken NewToken();
// The stored form of a token as presented by a client.
Sha256 HashToken(std::string_view token);
// Random hex text of 2*bytes digits (for device ids and the like). Thread-safe.
std::string RandomHex(std::size_t bytes);

}  // namespace appvault::auth
