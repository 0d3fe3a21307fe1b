// OpenSSL handles and operations for the signature schemes.
#include "pkg/crypto.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <climits>

namespace appvault::pkg {
namespace {

// A refusal; OpenSSL's reasons are appended for malformed input, dropped (and cleared)
// when a well-formed signature simply does not verify.
Status Bad(std::string what, bool with_details = true) {
  std::string errors = TakeOpenSslErrors();
  if (with_details && !errors.empty()) what += " (" + errors + ")";
  return Status(StatusCode::kBadSignature, std::move(what));
}

const unsigned char* Bytes(std::string_view data) {
  return reinterpret_cast<const unsigned char*>(data.data());
}

// DER input longer than OpenSSL's long-sized lengths is refused before parsing.
bool FitsLong(std::string_view der) {
  return der.size() <= static_cast<std::size_t>(LONG_MAX);
}

// Sets up RSA padding on a verification context; PSS as Android signs it.
bool SetPadding(EVP_PKEY_CTX* pctx, const EVP_MD* md, RsaPadding padding) {
  switch (padding) {
    case RsaPadding::kNone:
      return true;
    case RsaPadding::kPkcs1:
      return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
    case RsaPadding::kPss:
      return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) > 0 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, EVP_MD_get_size(md)) > 0;
  }
  return false;
}

// The provider's implementation of a digest, fetched for the life of the process; the
// static (implicitly fetched) one when fetching fails.
const EVP_MD* FetchDigest(const char* name, const EVP_MD* fallback) {
  ERR_set_mark();
  EVP_MD* md = EVP_MD_fetch(nullptr, name, nullptr);
  ERR_pop_to_mark();
  return md != nullptr ? md : fallback;  // never freed: shared by every thread until exit
}

}  // namespace

void EvpMdCtxDeleter::operator()(EVP_MD_CTX* ctx) const {
  EVP_MD_CTX_free(ctx);
}
void EvpPkeyDeleter::operator()(EVP_PKEY* key) const {
  EVP_PKEY_free(key);
}
void X509Deleter::operator()(X509* cert) const {
  X509_free(cert);
}
void Pkcs7Deleter::operator()(PKCS7* p7) const {
  PKCS7_free(p7);
}
void BioDeleter::operator()(BIO* bio) const {
  BIO_free(bio);
}

const EVP_MD* EvpMd(DigestAlgorithm algorithm) {
  // Fetched once: OpenSSL 3 would otherwise look each static EVP_sha256() up in its
  // provider store, under a lock, on every EVP_DigestInit. Static locals: thread-safe.
  switch (algorithm) {
    case DigestAlgorithm::kSha1: {
      static const EVP_MD* const md = FetchDigest("SHA1", EVP_sha1());
      return md;
    }
    case DigestAlgorithm::kSha256: {
      static const EVP_MD* const md = FetchDigest("SHA256", EVP_sha256());
      return md;
    }
    case DigestAlgorithm::kSha384: {
      static const EVP_MD* const md = FetchDigest("SHA384", EVP_sha384());
      return md;
    }
    case DigestAlgorithm::kSha512: {
      static const EVP_MD* const md = FetchDigest("SHA512", EVP_sha512());
      return md;
    }
  }
  return EvpMd(DigestAlgorithm::kSha256);
}

std::size_t DigestSize(DigestAlgorithm algorithm) {
  return static_cast<std::size_t>(EVP_MD_get_size(EvpMd(algorithm)));
}

std::string_view DigestName(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha1:
      return "SHA-1";
    case DigestAlgorithm::kSha256:
      return "SHA-256";
    case DigestAlgorithm::kSha384:
      return "SHA-384";
    case DigestAlgorithm::kSha512:
      return "SHA-512";
  }
  return "?";
}

std::string TakeOpenSslErrors() {
  std::string text;
  char line[256];
  while (unsigned long code = ERR_get_error()) {
    ERR_error_string_n(code, line, sizeof line);
    if (!text.empty()) text += "; ";
    text += line;
  }
  return text;
}

Result<Digester> Digester::Create(DigestAlgorithm algorithm) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  const EVP_MD* md = EvpMd(algorithm);
  if (ctx == nullptr || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1) {
    return Status(StatusCode::kInternal, "cannot set up a digest: " + TakeOpenSslErrors());
  }
  return Digester(std::move(ctx), md);
}

void Digester::Update(std::string_view data) {
  EVP_DigestUpdate(ctx_.get(), data.data(), data.size());
}

void Digester::Update(const std::uint8_t* data, std::size_t size) {
  EVP_DigestUpdate(ctx_.get(), data, size);
}

std::string Digester::Finish() {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx_.get(), reinterpret_cast<unsigned char*>(out.data()), &size);
  out.resize(size);
  EVP_DigestInit_ex2(ctx_.get(), md_, nullptr);
  return out;
}

std::string Digest(DigestAlgorithm algorithm, std::string_view data) {
  std::string out(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &size,
             EvpMd(algorithm), nullptr);
  out.resize(size);
  return out;
}

BioPtr MemoryBio(std::string_view data) {
  if (data.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

Result<EvpPkeyPtr> ParsePublicKey(std::string_view der) {
  const unsigned char* p = Bytes(der);
  if (!FitsLong(der)) return Bad("public key: too large");
  EvpPkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
  if (key == nullptr) return Bad("public key: not a DER SubjectPublicKeyInfo");
  if (p != Bytes(der) + der.size()) return Bad("public key: trailing bytes");
  return key;
}

Result<X509Ptr> ParseCertificate(std::string_view der) {
  const unsigned char* p = Bytes(der);
  if (!FitsLong(der)) return Bad("certificate: too large");
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (cert == nullptr) return Bad("certificate: not a DER X.509 certificate");
  if (p != Bytes(der) + der.size()) return Bad("certificate: trailing bytes");
  return cert;
}

Result<Pkcs7Ptr> ParsePkcs7(std::string_view der) {
  const unsigned char* p = Bytes(der);
  if (!FitsLong(der)) return Bad("PKCS#7: too large");
  Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  if (p7 == nullptr) return Bad("PKCS#7: not a DER PKCS#7 structure");
  if (p != Bytes(der) + der.size()) return Bad("PKCS#7: trailing bytes");
  return p7;
}

Result<X509Ptr> VerifyDetachedPkcs7(PKCS7* p7, std::string_view content) {
  if (PKCS7_type_is_signed(p7) == 0) return Bad("PKCS#7: not signed data");
  if (PKCS7_get_detached(p7) == 0) return Bad("PKCS#7: content is embedded, not detached");
  STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(p7);
  if (infos == nullptr || sk_PKCS7_SIGNER_INFO_num(infos) != 1) {
    return Bad("PKCS#7: exactly one signer is supported");
  }
  BioPtr bio = MemoryBio(content);
  if (bio == nullptr) return Bad("PKCS#7: content too large");
  if (PKCS7_verify(p7, nullptr, nullptr, bio.get(), nullptr, PKCS7_NOVERIFY | PKCS7_BINARY) != 1) {
    return Bad("PKCS#7: signature did not verify", false);
  }
  STACK_OF(X509)* signers = PKCS7_get0_signers(p7, nullptr, 0);
  if (signers == nullptr || sk_X509_num(signers) != 1) {
    sk_X509_free(signers);
    return Bad("PKCS#7: signer certificate not found");
  }
  X509Ptr cert(sk_X509_value(signers, 0));
  X509_up_ref(cert.get());
  sk_X509_free(signers);
  return cert;
}

namespace {

std::string DottedOid(const X509_ALGOR* algorithm) {
  const ASN1_OBJECT* object = nullptr;
  X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
  if (object == nullptr) return "";
  char text[128];
  int n = OBJ_obj2txt(text, sizeof(text), object, 1);
  return n > 0 && static_cast<std::size_t>(n) < sizeof(text) ? std::string(text) : "";
}

}  // namespace

Result<Pkcs7SignerAlgorithms> SignerAlgorithms(PKCS7* p7) {
  if (PKCS7_type_is_signed(p7) == 0) return Bad("PKCS#7: not signed data");
  STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(p7);
  if (infos == nullptr || sk_PKCS7_SIGNER_INFO_num(infos) < 1) return Bad("PKCS#7: no signer");
  PKCS7_SIGNER_INFO* info = sk_PKCS7_SIGNER_INFO_value(infos, 0);
  X509_ALGOR* digest = nullptr;
  X509_ALGOR* signature = nullptr;
  PKCS7_SIGNER_INFO_get0_algs(info, nullptr, &digest, &signature);
  Pkcs7SignerAlgorithms out;
  if (digest != nullptr) out.digest_oid = DottedOid(digest);
  if (signature != nullptr) out.signature_oid = DottedOid(signature);
  STACK_OF(X509_ATTRIBUTE)* attributes = PKCS7_get_signed_attributes(info);
  out.signed_attributes = attributes != nullptr && sk_X509_ATTRIBUTE_num(attributes) > 0;
  return out;
}

std::string Base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), Bytes(data),
                          static_cast<int>(data.size()));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return out;
}

Status VerifySignature(EVP_PKEY* key, DigestAlgorithm digest, RsaPadding padding,
                       std::string_view data, std::string_view signature) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  const EVP_MD* md = EvpMd(digest);
  if (ctx == nullptr || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key) != 1 ||
      !SetPadding(pctx, md, padding)) {
    return Bad("the key cannot verify this signature algorithm");
  }
  int ok =
      EVP_DigestVerify(ctx.get(), Bytes(signature), signature.size(), Bytes(data), data.size());
  if (ok != 1) return Bad("signature did not verify", false);
  return Status::Ok();
}

}  // namespace appvault::pkg
