// Signer certificates: fingerprint, subject, public key checks.
#include "pkg/signer_cert.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <optional>
#include <utility>

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

// The description of a parsed certificate whose DER encoding is der.
SignerCertificate DescribeParsed(X509* cert, std::string der) {
  SignerCertificate out;
  out.sha256 = Sha256Of(der);
  out.subject = SubjectString(cert);
  out.der = std::move(der);
  return out;
}

// The DER encoding of a parsed certificate.
Result<std::string> EncodeCertificate(X509* cert) {
  int size = i2d_X509(cert, nullptr);
  if (size <= 0) {
    return Status(StatusCode::kBadSignature,
                  "certificate: cannot be encoded: " + TakeOpenSslErrors());
  }
  std::string der(static_cast<std::size_t>(size), '\0');
  unsigned char* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(cert, &p);
  return der;
}

// The DER encoding of a certificate's SubjectPublicKeyInfo; "" when it cannot be encoded.
std::string EncodePublicKeyInfo(X509* cert) {
  X509_PUBKEY* spki = X509_get_X509_PUBKEY(cert);
  int size = spki == nullptr ? 0 : i2d_X509_PUBKEY(spki, nullptr);
  if (size <= 0) {
    TakeOpenSslErrors();
    return "";
  }
  std::string der(static_cast<std::size_t>(size), '\0');
  unsigned char* p = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_X509_PUBKEY(spki, &p) != size) {
    TakeOpenSslErrors();
    return "";
  }
  return der;
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
  return DescribeParsed(cert->get(), std::string(der));
}

Result<SignerCertificate> DescribeCertificate(X509* cert) {
  Result<std::string> der = EncodeCertificate(cert);
  if (!der.ok()) return der.status();
  return DescribeParsed(cert, std::move(der).value());
}

Status CheckPublicKeyMatches(std::string_view certificate_der, std::string_view spki) {
  CertificateCache cache;
  return cache.CheckPublicKeyMatches(certificate_der, spki);
}

// A parsed certificate: its DER bytes, the DER bytes of its SubjectPublicKeyInfo ("" when
// they cannot be encoded) and, once asked for, its description.
struct CertificateCache::Entry {
  std::string der;
  X509Ptr cert;
  std::string spki;
  std::optional<SignerCertificate> description;
};

// A public key by the DER bytes of its SubjectPublicKeyInfo.
struct CertificateCache::Key {
  std::string spki;
  EvpPkeyPtr key;
};

CertificateCache::CertificateCache() = default;
CertificateCache::~CertificateCache() = default;

CertificateCache::Entry* CertificateCache::Add(X509Ptr cert, std::string der) {
  auto entry = std::make_unique<Entry>();
  entry->spki = EncodePublicKeyInfo(cert.get());
  entry->cert = std::move(cert);
  entry->der = std::move(der);
  certificates_.push_back(std::move(entry));
  return certificates_.back().get();
}

CertificateCache::Entry* CertificateCache::FindCertificate(std::string_view der) {
  for (const std::unique_ptr<Entry>& entry : certificates_) {
    if (entry->der == der) return entry.get();
  }
  return nullptr;
}

Result<X509*> CertificateCache::Certificate(std::string_view der) {
  if (Entry* entry = FindCertificate(der)) return entry->cert.get();
  Result<X509Ptr> cert = ParseCertificate(der);
  if (!cert.ok()) return cert.status();
  return Add(std::move(cert).value(), std::string(der))->cert.get();
}

Result<SignerCertificate> CertificateCache::Describe(std::string_view der) {
  Result<X509*> cert = Certificate(der);
  if (!cert.ok()) return cert.status();
  Entry* entry = FindCertificate(der);
  if (!entry->description) entry->description = DescribeParsed(*cert, entry->der);
  return *entry->description;
}

Result<SignerCertificate> CertificateCache::Describe(X509* cert) {
  Result<std::string> der = EncodeCertificate(cert);
  if (!der.ok()) return der.status();
  if (FindCertificate(*der) == nullptr) {
    X509_up_ref(cert);
    Add(X509Ptr(cert), *der);
  }
  return Describe(std::string_view(*der));
}

EVP_PKEY* CertificateCache::KeyOfCertificateWith(std::string_view spki) {
  for (const std::unique_ptr<Entry>& entry : certificates_) {
    if (entry->spki.empty() || entry->spki != spki) continue;
    ERR_set_mark();  // a key OpenSSL could not decode: d2i_PUBKEY reports it
    EVP_PKEY* key = X509_get0_pubkey(entry->cert.get());
    ERR_pop_to_mark();
    if (key != nullptr) return key;
  }
  return nullptr;
}

Result<EVP_PKEY*> CertificateCache::PublicKey(std::string_view spki) {
  for (const std::unique_ptr<Key>& known : keys_) {
    if (known->spki == spki) return known->key.get();
  }
  EvpPkeyPtr key;
  if (EVP_PKEY* certified = KeyOfCertificateWith(spki)) {
    EVP_PKEY_up_ref(certified);
    key.reset(certified);
  } else {
    Result<EvpPkeyPtr> parsed = ParsePublicKey(spki);
    if (!parsed.ok()) return parsed.status();
    key = std::move(parsed).value();
  }
  keys_.push_back(std::make_unique<Key>(Key{std::string(spki), std::move(key)}));
  return keys_.back()->key.get();
}

Status CertificateCache::CheckPublicKeyMatches(std::string_view certificate_der,
                                               std::string_view spki) {
  Result<X509*> cert = Certificate(certificate_der);
  if (!cert.ok()) return cert.status();
  Result<EVP_PKEY*> declared = PublicKey(spki);
  if (!declared.ok()) return declared.status();
  EVP_PKEY* certified = X509_get0_pubkey(*cert);
  if (certified == nullptr) {
    TakeOpenSslErrors();
    return Mismatch();
  }
  if (EVP_PKEY_eq(certified, *declared) != 1) {
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
