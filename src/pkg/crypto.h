// Thin RAII wrappers around the OpenSSL handles the signature schemes use, and the few
// operations they need: digests, DER parsing, signature verification. Nothing here knows
// about APKs. Every failure is a Status; OpenSSL's error queue is drained into the message.
#pragma once

#include <openssl/pkcs7.h>
#include <openssl/types.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace appvault::pkg {

// Deleters for std::unique_ptr: each frees its handle with OpenSSL's matching free function.
struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const;
};
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const;
};
struct X509Deleter {
  void operator()(X509* cert) const;
};
struct Pkcs7Deleter {
  void operator()(PKCS7* p7) const;
};
struct BioDeleter {
  void operator()(BIO* bio) const;
};

// Owning handles; null means none.
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Pkcs7Deleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// The digests the signature schemes name.
enum class DigestAlgorithm { kSha1, kSha256, kSha384, kSha512 };

// The OpenSSL digest for an algorithm (a static object, never null).
const EVP_MD* EvpMd(DigestAlgorithm algorithm);
// The size of the algorithm's digest in bytes.
std::size_t DigestSize(DigestAlgorithm algorithm);
// A readable name, e.g. "SHA-256".
std::string_view DigestName(DigestAlgorithm algorithm);

// The text of OpenSSL's error queue for this thread ("" when empty); the queue is cleared.
std::string TakeOpenSslErrors();

// An incremental digest. Movable, not copyable; one thread at a time.
class Digester {
 public:
  // Errors: kInternal when OpenSSL cannot set up the context.
  static Result<Digester> Create(DigestAlgorithm algorithm);

  // Adds bytes to the digest.
  void Update(std::string_view data);
  void Update(const std::uint8_t* data, std::size_t size);
  // The digest of everything since Create or the last Finish; the digester restarts empty.
  std::string Finish();

 private:
  explicit Digester(EvpMdCtxPtr ctx, const EVP_MD* md) : ctx_(std::move(ctx)), md_(md) {}

  EvpMdCtxPtr ctx_;
  const EVP_MD* md_;
};

// The digest of data in one call.
std::string Digest(DigestAlgorithm algorithm, std::string_view data);

// A read-only memory BIO over data, which must outlive the BIO. Null only when out of memory.
BioPtr MemoryBio(std::string_view data);

// Parses a DER SubjectPublicKeyInfo. Errors: kBadSignature ("public key: ...").
Result<EvpPkeyPtr> ParsePublicKey(std::string_view der);
// Parses a DER X.509 certificate; trailing bytes are refused. Errors: kBadSignature.
Result<X509Ptr> ParseCertificate(std::string_view der);
// Parses a DER PKCS#7 (CMS) structure; trailing bytes are refused. Errors: kBadSignature.
Result<Pkcs7Ptr> ParsePkcs7(std::string_view der);

// Verifies a detached PKCS#7 signedData with exactly one signer over content, without
// checking a certificate chain (Android trusts no CA for JAR signers), and returns that
// signer's certificate. Errors: kBadSignature ("PKCS#7: ...").
Result<X509Ptr> VerifyDetachedPkcs7(PKCS7* p7, std::string_view content);

// The algorithms of a PKCS#7 signedData's first SignerInfo, as dotted OIDs, and whether it
// carries signed attributes. Errors: kBadSignature ("PKCS#7: ...") when there is no signer.
struct Pkcs7SignerAlgorithms {
  std::string digest_oid;
  std::string signature_oid;
  bool signed_attributes = false;
};
Result<Pkcs7SignerAlgorithms> SignerAlgorithms(PKCS7* p7);

// Standard base64 (with padding) of data.
std::string Base64(std::string_view data);

// How an RSA signature is padded; kNone for ECDSA and DSA.
enum class RsaPadding { kNone, kPkcs1, kPss };

// Ok when signature is key's signature of data with the digest and padding (PSS: MGF1 with
// the same digest, salt as long as the digest, as Android signs). Errors: kBadSignature
// ("signature did not verify", or why the key cannot be used).
Status VerifySignature(EVP_PKEY* key, DigestAlgorithm digest, RsaPadding padding,
                       std::string_view data, std::string_view signature);

}  // namespace appvault::pkg
