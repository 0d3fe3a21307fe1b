// APK Signature Scheme v2/v3 signer records: parsing and signature checks.
#include "pkg/apk_v2v3.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "pkg/byte_reader.h"
#include "pkg/signature_algorithm.h"
#include "pkg/signing_lineage.h"

namespace appvault::pkg {
namespace {

// The value of the stripping-protection attribute that names scheme v3.
constexpr std::uint32_t kV3StrippingSchemeId = 3;

std::string_view ContentDigestName(ContentDigestAlgorithm algorithm) {
  return algorithm == ContentDigestAlgorithm::kChunkedSha512 ? "CHUNKED_SHA512" : "CHUNKED_SHA256";
}

std::string SchemeName(int version) {
  return "APK Signature Scheme v" + std::to_string(version);
}

Status Bad(std::string message) {
  return Status(StatusCode::kBadSignature, std::move(message));
}

// Splits a length-prefixed sequence of length-prefixed items, refusing more than limit.
bool SplitSequence(std::string_view sequence, std::size_t limit,
                   std::vector<std::string_view>* items) {
  ByteReader reader(sequence);
  while (!reader.empty()) {
    std::string_view item;
    if (items->size() == limit || !reader.ReadLengthPrefixed(&item)) return false;
    items->push_back(item);
  }
  return true;
}

// An (algorithm id, length-prefixed bytes) record: a signature or a digest.
struct AlgorithmRecord {
  std::uint32_t algorithm = 0;
  std::string_view bytes;
};

Result<std::vector<AlgorithmRecord>> ParseRecords(std::string_view sequence, std::size_t limit,
                                                  const char* what) {
  std::vector<std::string_view> items;
  if (!SplitSequence(sequence, limit, &items)) {
    return Bad(std::string("malformed or too many ") + what);
  }
  std::vector<AlgorithmRecord> records;
  for (std::string_view item : items) {
    ByteReader reader(item);
    AlgorithmRecord record;
    if (!reader.ReadU32(&record.algorithm) || !reader.ReadLengthPrefixed(&record.bytes)) {
      return Bad(std::string(what) + " record too short");
    }
    records.push_back(record);
  }
  return records;
}

// The raw fields of one signer record.
struct SignerFields {
  std::string_view signed_data;
  std::string_view signatures;
  std::string_view public_key;
  std::uint32_t min_sdk = 0;  // v3: outside signed data
  std::uint32_t max_sdk = 0;
};

// The fields of signed data.
struct SignedData {
  std::string_view digests;
  std::string_view certificates;
  std::string_view attributes;
  std::uint32_t min_sdk = 0;  // v3
  std::uint32_t max_sdk = 0;
};

Result<SignerFields> ParseSigner(int version, std::string_view record) {
  ByteReader reader(record);
  SignerFields f;
  bool ok = reader.ReadLengthPrefixed(&f.signed_data);
  if (ok && version == 3) ok = reader.ReadU32(&f.min_sdk) && reader.ReadU32(&f.max_sdk);
  ok = ok && reader.ReadLengthPrefixed(&f.signatures) && reader.ReadLengthPrefixed(&f.public_key);
  if (!ok) return Bad("malformed signer record");
  if (version == 3 && f.min_sdk > f.max_sdk) {
    return Bad("invalid SDK version range " + std::to_string(f.min_sdk) + "-" +
               std::to_string(f.max_sdk));
  }
  return f;
}

Result<SignedData> ParseSignedData(int version, std::string_view bytes) {
  ByteReader reader(bytes);
  SignedData d;
  bool ok = reader.ReadLengthPrefixed(&d.digests) && reader.ReadLengthPrefixed(&d.certificates);
  if (ok && version == 3) ok = reader.ReadU32(&d.min_sdk) && reader.ReadU32(&d.max_sdk);
  ok = ok && reader.ReadLengthPrefixed(&d.attributes);
  if (!ok) return Bad("malformed signed data");
  return d;
}

// The strongest supported signature; ties go to the first listed, as Android does.
Result<AlgorithmRecord> BestSignature(const std::vector<AlgorithmRecord>& signatures) {
  if (signatures.empty()) return Bad("no signatures");
  const AlgorithmRecord* best = nullptr;
  for (const AlgorithmRecord& s : signatures) {
    const SignatureAlgorithm* a = FindSignatureAlgorithm(s.algorithm);
    if (a == nullptr) continue;
    if (best == nullptr || Strength(*a) > Strength(*FindSignatureAlgorithm(best->algorithm))) {
      best = &s;
    }
  }
  if (best == nullptr) return Bad("no supported signature algorithm");
  return *best;
}

Status VerifySignedData(const SignerFields& f, const AlgorithmRecord& signature,
                        CertificateCache* certificates) {
  const SignatureAlgorithm& a = *FindSignatureAlgorithm(signature.algorithm);
  Result<EVP_PKEY*> key = certificates->PublicKey(f.public_key);
  if (!key.ok()) return Bad("signed data: " + key.status().message());
  Status s = VerifyWithAlgorithm(a, *key, f.signed_data, signature.bytes);
  if (!s.ok()) return Bad("signed data: " + s.message());
  return Status::Ok();
}

// Parses the signer's first certificate ahead of the signature check, so that the declared
// public key — usually that certificate's, byte for byte — is taken from it rather than
// decoded a second time. Failures are ignored here: CheckSignedData reports them, in order.
void ParseCertificateAhead(int version, std::string_view signed_data,
                           CertificateCache* certificates) {
  Result<SignedData> d = ParseSignedData(version, signed_data);
  std::vector<std::string_view> certs;
  if (!d.ok() || !SplitSequence(d->certificates, kMaxSignerCertificates, &certs) || certs.empty()) {
    return;
  }
  (void)certificates->Certificate(certs[0]);
}

// The algorithm ids of the signatures and of the digests must be the same list.
Status CheckSameAlgorithms(const std::vector<AlgorithmRecord>& signatures,
                           const std::vector<AlgorithmRecord>& digests) {
  auto same = [](const AlgorithmRecord& x, const AlgorithmRecord& y) {
    return x.algorithm == y.algorithm;
  };
  if (!std::equal(signatures.begin(), signatures.end(), digests.begin(), digests.end(), same)) {
    return Bad("signature algorithms don't match between digests and signatures records");
  }
  return Status::Ok();
}

// A v3 signer's proof-of-rotation: every link verifies and it ends at the signer's own
// certificate.
Status ReadLineage(std::string_view value, CertificateCache* certificates, SchemeSigner* signer) {
  if (!signer->lineage.empty()) return Bad("proof-of-rotation attribute repeats");
  Result<SigningLineage> lineage = VerifySigningLineage(value, certificates);
  if (!lineage.ok()) return lineage.status();
  if (lineage->certificates.back().sha256 != signer->certificate.sha256) {
    return Bad("the last certificate of the signing certificate lineage is not the signer's");
  }
  for (const SignerCertificate& c : lineage->certificates) {
    signer->lineage.push_back(c.sha256);
  }
  return Status::Ok();
}

// Reads the attributes this verifier acts on into signer.
Status ReadAttributes(int version, std::string_view attributes, CertificateCache* certificates,
                      SchemeSigner* signer) {
  std::vector<std::string_view> items;
  if (!SplitSequence(attributes, kMaxSignerAttributes, &items)) {
    return Bad("malformed or too many additional attributes");
  }
  for (std::string_view item : items) {
    ByteReader reader(item);
    std::uint32_t id = 0;
    if (!reader.ReadU32(&id)) return Bad("additional attribute record too short");
    std::string_view value;
    (void)reader.ReadBytes(reader.remaining(), &value);
    ByteReader value_reader(value);
    std::uint32_t scheme = 0;
    if (version == 2 && id == kStrippingProtectionAttributeId && value_reader.ReadU32(&scheme)) {
      signer->claims_v3 = signer->claims_v3 || scheme == kV3StrippingSchemeId;
    }
    if (version == 3 && id == kProofOfRotationAttributeId) {
      if (Status s = ReadLineage(value, certificates, signer); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

// Checks signed data once its signature verified, filling signer.
Status CheckSignedData(int version, const SignerFields& f, const std::vector<AlgorithmRecord>& sigs,
                       const AlgorithmRecord& best, CertificateCache* certificates,
                       SchemeSigner* signer) {
  Result<SignedData> d = ParseSignedData(version, f.signed_data);
  if (!d.ok()) return d.status();
  Result<std::vector<AlgorithmRecord>> digests =
      ParseRecords(d->digests, kMaxSignerDigests, "digest");
  if (!digests.ok()) return digests.status();
  if (Status s = CheckSameAlgorithms(sigs, *digests); !s.ok()) return s;
  for (const AlgorithmRecord& digest : *digests) {
    if (digest.algorithm == best.algorithm) signer->content_digest = std::string(digest.bytes);
  }
  std::vector<std::string_view> certs;
  if (!SplitSequence(d->certificates, kMaxSignerCertificates, &certs)) {
    return Bad("malformed or too many certificates");
  }
  if (certs.empty()) return Bad("no certificates listed");
  Result<SignerCertificate> cert = certificates->Describe(certs[0]);
  if (!cert.ok()) return cert.status();
  if (Status s = certificates->CheckPublicKeyMatches(certs[0], f.public_key); !s.ok()) return s;
  signer->certificate = std::move(cert).value();
  if (version == 3 && (d->min_sdk != f.min_sdk || d->max_sdk != f.max_sdk)) {
    return Bad("SDK version range differs between signed and unsigned data");
  }
  return ReadAttributes(version, d->attributes, certificates, signer);
}

Result<SchemeSigner> VerifySigner(int version, std::string_view record,
                                  CertificateCache* certificates) {
  Result<SignerFields> f = ParseSigner(version, record);
  if (!f.ok()) return f.status();
  Result<std::vector<AlgorithmRecord>> sigs =
      ParseRecords(f->signatures, kMaxSignerSignatures, "signature");
  if (!sigs.ok()) return sigs.status();
  Result<AlgorithmRecord> best = BestSignature(*sigs);
  if (!best.ok()) return best.status();
  ParseCertificateAhead(version, f->signed_data, certificates);
  if (Status s = VerifySignedData(*f, *best, certificates); !s.ok()) return s;
  SchemeSigner signer;
  const SignatureAlgorithm& a = *FindSignatureAlgorithm(best->algorithm);
  signer.signature_algorithm = a.id;
  signer.content_digest_algorithm = a.content;
  signer.min_sdk = f->min_sdk;
  signer.max_sdk = f->max_sdk;
  if (Status s = CheckSignedData(version, *f, *sigs, *best, certificates, &signer); !s.ok()) {
    return s;
  }
  return signer;
}

// v3 signers are for disjoint SDK ranges.
Status CheckDisjointRanges(const std::vector<SchemeSigner>& signers) {
  for (std::size_t i = 0; i < signers.size(); ++i) {
    for (std::size_t j = i + 1; j < signers.size(); ++j) {
      if (signers[i].min_sdk <= signers[j].max_sdk && signers[j].min_sdk <= signers[i].max_sdk) {
        return Bad("signers #" + std::to_string(i + 1) + " and #" + std::to_string(j + 1) +
                   " have overlapping SDK version ranges");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<SchemeBlock> VerifySchemeBlock(int version, std::string_view value) {
  CertificateCache certificates;
  return VerifySchemeBlock(version, value, &certificates);
}

Result<SchemeBlock> VerifySchemeBlock(int version, std::string_view value,
                                      CertificateCache* certificates) {
  const std::string scheme = SchemeName(version);
  ByteReader reader(value);
  std::string_view sequence;
  std::vector<std::string_view> records;
  if (!reader.ReadLengthPrefixed(&sequence) ||
      !SplitSequence(sequence, kMaxSchemeSigners, &records)) {
    return Bad(scheme + ": malformed or too many signers");
  }
  if (records.empty()) return Bad(scheme + ": no signers");
  SchemeBlock block;
  block.version = version;
  for (std::size_t i = 0; i < records.size(); ++i) {
    Result<SchemeSigner> signer = VerifySigner(version, records[i], certificates);
    if (!signer.ok()) {
      return Bad(scheme + " signer #" + std::to_string(i + 1) + ": " + signer.status().message());
    }
    block.signers.push_back(std::move(signer).value());
  }
  if (version == 3) {
    if (Status s = CheckDisjointRanges(block.signers); !s.ok()) {
      return Bad(scheme + ": " + s.message());
    }
  }
  return block;
}

std::vector<ContentDigestAlgorithm> ContentDigestsNeeded(const SchemeBlock& block) {
  std::vector<ContentDigestAlgorithm> out;
  for (const SchemeSigner& signer : block.signers) {
    if (std::find(out.begin(), out.end(), signer.content_digest_algorithm) == out.end()) {
      out.push_back(signer.content_digest_algorithm);
    }
  }
  return out;
}

Status CheckContentDigests(const SchemeBlock& block, const FileDigests& digests) {
  for (std::size_t i = 0; i < block.signers.size(); ++i) {
    const SchemeSigner& signer = block.signers[i];
    auto computed = digests.content.find(signer.content_digest_algorithm);
    if (computed == digests.content.end() || computed->second != signer.content_digest) {
      return Bad(SchemeName(block.version) + " signer #" + std::to_string(i + 1) +
                 ": APK integrity check failed (" +
                 std::string(ContentDigestName(signer.content_digest_algorithm)) +
                 " digest mismatch)");
    }
  }
  return Status::Ok();
}

}  // namespace appvault::pkg
