#include "auth/password.h"

#include <sodium.h>

#include <cstdlib>

namespace appvault::auth {
namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Status ValidateUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 64) {
    return Status(StatusCode::kInvalidArgument, "username: expected 3 to 64 characters");
  }
  for (std::size_t i = 0; i < username.size(); ++i) {
    char c = username[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) {
      return Status(StatusCode::kInvalidArgument,
                    "username: only lowercase letters, digits, '_', '.' and '-', starting "
                    "with a letter or digit");
    }
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return Status(StatusCode::kInvalidArgument, "password: expected " +
                                                    std::to_string(kMinPasswordLength) + " to " +
                                                    std::to_string(kMaxPasswordLength) + " bytes");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (!SodiumReady()) return Status(StatusCode::kInternal, "libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kPasswordPasses,
                            kPasswordMemoryBytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status(StatusCode::kInternal, "out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!SodiumReady() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace appvault::auth
