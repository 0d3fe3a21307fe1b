// Signer certificates: fingerprint, subject, public key checks.
#include "pkg/signer_cert.h"

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>

#include "pkg/crypto.h"

namespace appvault::pkg {
namespace {

// RFC 2253 escaping and field order, but UTF-8 kept readable and ", " between attributes:
// "CN=Test, OU=Signing, O=appvault" — the form Java (and apksigner) prints.
constexpr unsigned long kSubjectFlags = ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL |
                                        ASN1_STRFLGS_UTF8_CONVERT | ASN1_STRFLGS_DUMP_UNKNOWN |
                                        ASN1_STRFLGS_DUMP_DER | XN_FLAG_SEP_CPLUS_SPC |
                                        XN_FLAG_DN_REV | XN_FLAG_FN_SN;

Sha256 Sha256Of(std::string_view data) {
  std::string digest = Digest(DigestAlgorithm::kSha256, data);
  Sha256::Bytes bytes;
  std::copy(digest.begin(), digest.end(), bytes.begin());
  return Sha256(bytes);
}

Status Mismatch() {
  return Status(StatusCode::kBadSignature,
                "public key mismatch between certificate and signature record");
}

}  // namespace

std::string SubjectString(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr) return "";
  if (X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, kSubjectFlags) < 0) {
    TakeOpenSslErrors();
    return "";
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

Result<SignerCertificate> ParseSignerCertificate(std::string_view der) {
  Result<X509Ptr> cert = ParseCertificate(der);
  if (!cert.ok()) return cert.status();
  SignerCertificate out;
  out.der = std::string(der);
  out.sha256 = Sha256Of(der);
  out.subject = SubjectString(cert->get());
  return out;
}

Result<SignerCertificate> DescribeCertificate(X509* cert) {
  int size = i2d_X509(cert, nullptr);
  if (size <= 0) {
    return Status(StatusCode::kBadSignature,
                  "certificate: cannot be encoded: " + TakeOpenSslErrors());
  }
  std::string der(static_cast<std::size_t>(size), '\0');
  unsigned char* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(cert, &p);
  SignerCertificate out;
  out.sha256 = Sha256Of(der);
  out.subject = SubjectString(cert);
  out.der = std::move(der);
  return out;
}

Status CheckPublicKeyMatches(std::string_view certificate_der, std::string_view spki) {
  Result<X509Ptr> cert = ParseCertificate(certificate_der);
  if (!cert.ok()) return cert.status();
  Result<EvpPkeyPtr> declared = ParsePublicKey(spki);
  if (!declared.ok()) return declared.status();
  EVP_PKEY* certified = X509_get0_pubkey(cert->get());
  if (certified == nullptr) {
    TakeOpenSslErrors();
    return Mismatch();
  }
  if (EVP_PKEY_eq(certified, declared->get()) != 1) {
    TakeOpenSslErrors();
    return Mismatch();
  }
  return Status::Ok();
}

KeyType KeyTypeOf(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return KeyType::kRsa;
    case EVP_PKEY_EC:
      return KeyType::kEc;
    case EVP_PKEY_DSA:
      return KeyType::kDsa;
    default:
      return KeyType::kOther;
  }
}

}  // namespace appvault::pkg
