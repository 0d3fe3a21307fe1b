#include "base/sha256_hasher.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace appvault::base {

struct Sha256Hasher::Context {
  struct Free {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx{EVP_MD_CTX_new()};
};

Sha256Hasher::Sha256Hasher() : context_(std::make_unique<Context>()) {
  // Only allocation failure can make these fail; there is no way to go on without a hash.
  if (!context_->ctx || EVP_DigestInit_ex(context_->ctx.get(), EVP_sha256(), nullptr) != 1) {
    std::abort();
  }
}

Sha256Hasher::~Sha256Hasher() = default;

void Sha256Hasher::Update(std::string_view bytes) {
  EVP_DigestUpdate(context_->ctx.get(), bytes.data(), bytes.size());
}

Sha256 Sha256Hasher::Finish() {
  Sha256::Bytes out{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->ctx.get(), out.data(), &length);
  return Sha256(out);
}

Sha256 HashBytes(std::string_view bytes) {
  Sha256Hasher hasher;
  hasher.Update(bytes);
  return hasher.Finish();
}

}  // namespace appvault::base
