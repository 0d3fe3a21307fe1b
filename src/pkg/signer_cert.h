// A signer's certificate as the library reports it — its SHA-256 (what `apksigner verify
// --print-certs` prints as "certificate SHA-256 digest") and its subject — and the checks
// on the public keys that go with it.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"
#include "pkg/crypto.h"

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

// The certificates and public keys that one package's verification parses, each distinct
// DER encoding once: a package's v1, v2 and v3 signers and its proof-of-rotation usually
// carry the same certificate, and a v2/v3 signer's declared public key is usually, byte
// for byte, that certificate's SubjectPublicKeyInfo (OpenSSL 3 decodes a key through its
// slow decoder framework). Every method answers exactly as the uncached function it names;
// failures are not kept, so each call reports them afresh. Handles stay valid as long as
// the cache. Not thread-safe: one per verification.
class CertificateCache {
 public:
  CertificateCache();
  ~CertificateCache();
  CertificateCache(const CertificateCache&) = delete;
  CertificateCache& operator=(const CertificateCache&) = delete;

  // As ParseCertificate (crypto.h); the certificate belongs to the cache.
  Result<X509*> Certificate(std::string_view der);
  // As ParseSignerCertificate.
  Result<SignerCertificate> Describe(std::string_view der);
  // As DescribeCertificate, for a certificate parsed elsewhere (e.g. in a PKCS#7 structure).
  // The cache keeps a reference: Certificate() of its DER encoding returns it, unparsed.
  Result<SignerCertificate> Describe(X509* cert);
  // As ParsePublicKey (crypto.h): the key of a cached certificate whose
  // SubjectPublicKeyInfo has exactly these bytes, else parsed. The key belongs to the cache.
  Result<EVP_PKEY*> PublicKey(std::string_view spki);
  // As CheckPublicKeyMatches.
  Status CheckPublicKeyMatches(std::string_view certificate_der, std::string_view spki);

 private:
  struct Entry;
  struct Key;

  Entry* Add(X509Ptr cert, std::string der);
  Entry* FindCertificate(std::string_view der);
  EVP_PKEY* KeyOfCertificateWith(std::string_view spki);

  std::vector<std::unique_ptr<Entry>> certificates_;
  std::vector<std::unique_ptr<Key>> keys_;
};

// The key types the schemes can use.
enum class KeyType { kRsa, kEc, kDsa, kOther };

// The type of a parsed key.
KeyType KeyTypeOf(EVP_PKEY* key);

}  // namespace appvault::pkg
