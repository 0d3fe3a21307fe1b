#include "auth/token.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

#include "base/sha256_hasher.h"

namespace appvault::auth {
namespace {

constexpr std::size_t kTokenBytes = 32;

void RequireSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();  // no randomness: the server must not issue tokens
}

}  // namespace

std::string RandomHex(std::size_t bytes) {
  RequireSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(2 * bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

IssuedToken NewToken() {
  IssuedToken issued;
  issued.token = RandomHex(kTokenBytes);
  issued.hash = HashToken(issued.token);
  return issued;
}

Sha256 HashToken(std::string_view token) {
  return base::HashBytes(token);
}

}  // namespace appvault::auth
