// A signer's certificate as the library reports it — its SHA-256 (what `apksigner verify
// --print-certs` prints as "certificate SHA-256 digest") and its subject — and the checks
// on the public keys that go with it.
#pragma once

#include <openssl/types.h>

#include <string>
#include <string_view>

#include "core/sha256.h"
#include "core/status.h"

namespace appvault::pkg {

struct SignerCertificate {
  Sha256 sha256;        // of the DER encoding, as stored in the package
  std::string subject;  // e.g. "CN=Test, O=appvault" (most specific first, as Java prints)
  std::string der;
};

// Parses a DER X.509 certificate. Android does not check validity dates or chains; neither
// does this. Errors: kBadSignature ("certificate: ...").
Result<SignerCertificate> ParseSignerCertificate(std::string_view der);

// The same for a certificate OpenSSL already parsed (e.g. from a PKCS#7 structure).
Result<SignerCertificate> DescribeCertificate(X509* cert);

// The subject as one readable line, RFC 2253 order with ", " between attributes.
std::string SubjectString(X509* cert);

// Ok when the certificate's public key is the key in the DER SubjectPublicKeyInfo spki.
// Errors: kBadSignature ("public key mismatch between certificate and signature record").
Status CheckPublicKeyMatches(std::string_view certificate_der, std::string_view spki);

// The key types the schemes can use.
enum class KeyType { kRsa, kEc, kDsa, kOther };

// The type of a parsed key.
KeyType KeyTypeOf(EVP_PKEY* key);

}  // namespace appvault::pkg
