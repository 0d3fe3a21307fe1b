// The v2/v3 signature algorithm table.
#include "pkg/signature_algorithm.h"

#include <string>

namespace appvault::pkg {
namespace {

constexpr SignatureAlgorithm kAlgorithms[] = {
    {0x0101, "RSA_PSS_WITH_SHA256", KeyType::kRsa, DigestAlgorithm::kSha256, RsaPadding::kPss,
     ContentDigestAlgorithm::kChunkedSha256},
    {0x0102, "RSA_PSS_WITH_SHA512", KeyType::kRsa, DigestAlgorithm::kSha512, RsaPadding::kPss,
     ContentDigestAlgorithm::kChunkedSha512},
    {0x0103, "RSA_PKCS1_V1_5_WITH_SHA256", KeyType::kRsa, DigestAlgorithm::kSha256,
     RsaPadding::kPkcs1, ContentDigestAlgorithm::kChunkedSha256},
    {0x0104, "RSA_PKCS1_V1_5_WITH_SHA512", KeyType::kRsa, DigestAlgorithm::kSha512,
     RsaPadding::kPkcs1, ContentDigestAlgorithm::kChunkedSha512},
    {0x0201, "ECDSA_WITH_SHA256", KeyType::kEc, DigestAlgorithm::kSha256, RsaPadding::kNone,
     ContentDigestAlgorithm::kChunkedSha256},
    {0x0202, "ECDSA_WITH_SHA512", KeyType::kEc, DigestAlgorithm::kSha512, RsaPadding::kNone,
     ContentDigestAlgorithm::kChunkedSha512},
    {0x0301, "DSA_WITH_SHA256", KeyType::kDsa, DigestAlgorithm::kSha256, RsaPadding::kNone,
     ContentDigestAlgorithm::kChunkedSha256},
};

}  // namespace

const SignatureAlgorithm* FindSignatureAlgorithm(std::uint32_t id) {
  for (const SignatureAlgorithm& a : kAlgorithms) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

int Strength(const SignatureAlgorithm& algorithm) {
  return algorithm.content == ContentDigestAlgorithm::kChunkedSha512 ? 2 : 1;
}

Status VerifyWithAlgorithm(const SignatureAlgorithm& algorithm, std::string_view spki,
                           std::string_view data, std::string_view signature) {
  Result<EvpPkeyPtr> key = ParsePublicKey(spki);
  if (!key.ok()) return key.status();
  return VerifyWithAlgorithm(algorithm, key->get(), data, signature);
}

Status VerifyWithAlgorithm(const SignatureAlgorithm& algorithm, EVP_PKEY* key,
                           std::string_view data, std::string_view signature) {
  if (KeyTypeOf(key) != algorithm.key) {
    return Status(StatusCode::kBadSignature,
                  std::string(algorithm.name) + " signature with a key of another type");
  }
  Status s = VerifySignature(key, algorithm.digest, algorithm.padding, data, signature);
  if (!s.ok()) return Status(s.code(), std::string(algorithm.name) + ": " + s.message());
  return Status::Ok();
}

}  // namespace appvault::pkg
