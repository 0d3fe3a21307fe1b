// Sha256Hasher: SHA-256 over bytes given in pieces (OpenSSL EVP underneath).
#pragma once

#include <memory>
#include <string_view>

#include "core/sha256.h"

namespace appvault::base {

// Thread-safety: one hasher per thread; distinct hashers are independent.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void Update(std::string_view bytes);
  // The digest of everything given so far. REQUIRES: called once; Update not called after.
  Sha256 Finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// SHA-256 of the bytes in one call.
Sha256 HashBytes(std::string_view bytes);

}  // namespace appvault::base
