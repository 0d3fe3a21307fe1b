// The signature algorithm ids of APK Signature Scheme v2/v3 (and of v3 signing certificate
// lineages) that this verifier supports, and verification with them.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "pkg/content_digest.h"
#include "pkg/crypto.h"
#include "pkg/signer_cert.h"

namespace appvault::pkg {

struct SignatureAlgorithm {
  std::uint32_t id;
  const char* name;  // as apksigner names it, e.g. "RSA_PKCS1_V1_5_WITH_SHA256"
  KeyType key;
  DigestAlgorithm digest;
  RsaPadding padding;
  ContentDigestAlgorithm content;
};

// The supported algorithm with this id, or nullptr: unknown ids and the verity variants
// (0x0421, 0x0423, 0x0425), whose content digest this verifier does not compute.
const SignatureAlgorithm* FindSignatureAlgorithm(std::uint32_t id);

// 2 for algorithms over CHUNKED_SHA512, 1 for CHUNKED_SHA256: the higher, the stronger.
int Strength(const SignatureAlgorithm& algorithm);

// Ok when signature is the DER SubjectPublicKeyInfo key's signature of data with the
// algorithm. Errors: kBadSignature ("RSA_PKCS1_V1_5_WITH_SHA256: signature did not
// verify", a key of another type, an unparsable key).
Status VerifyWithAlgorithm(const SignatureAlgorithm& algorithm, std::string_view spki,
                           std::string_view data, std::string_view signature);
// The same with a parsed key.
Status VerifyWithAlgorithm(const SignatureAlgorithm& algorithm, EVP_PKEY* key,
                           std::string_view data, std::string_view signature);

}  // namespace appvault::pkg
