// APK Signature Scheme v2 and v3: the signer records inside the APK Signing Block
// (source.android.com/docs/security/features/apksigning/v2 and .../v3).
//
// Verification is in two steps, so that the file is read only once for all schemes:
// VerifySchemeBlock parses a block and checks every signer's signature over its signed
// data (no file access); CheckContentDigests then compares the content digests the
// signers declare with the ones ComputeFileDigests (content_digest.h) produced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "pkg/content_digest.h"
#include "pkg/signer_cert.h"

namespace appvault::pkg {

// Limits on a block's contents (real blocks: one signer, a few of each).
inline constexpr std::size_t kMaxSchemeSigners = 10;
inline constexpr std::size_t kMaxSignerSignatures = 16;
inline constexpr std::size_t kMaxSignerDigests = 16;
inline constexpr std::size_t kMaxSignerCertificates = 16;
inline constexpr std::size_t kMaxSignerAttributes = 64;

// Additional attributes of signed data that this verifier acts on.
inline constexpr std::uint32_t kStrippingProtectionAttributeId = 0xbeeff00d;  // v2
inline constexpr std::uint32_t kProofOfRotationAttributeId = 0x3ba06f8c;      // v3

// One verified signer of a v2 or v3 block.
struct SchemeSigner {
  SignerCertificate certificate;          // the first certificate: the signing key's
  std::uint32_t signature_algorithm = 0;  // the id verified (the strongest supported)
  ContentDigestAlgorithm content_digest_algorithm = ContentDigestAlgorithm::kChunkedSha256;
  std::string content_digest;  // as declared in signed data; not yet checked
  std::uint32_t min_sdk = 0;   // v3 only
  std::uint32_t max_sdk = 0;   // v3 only
  bool claims_v3 = false;      // v2: the stripping-protection attribute names v3
  // v3: the certificates of its verified proof-of-rotation, oldest first, ending with its
  // own; empty without one.
  std::vector<Sha256> lineage;
};

// A verified scheme block.
struct SchemeBlock {
  int version = 0;  // 2 or 3
  std::vector<SchemeSigner> signers;
};

// Parses a v2 (version 2) or v3 (version 3) block value and, for every signer: picks the
// strongest supported signature algorithm (verity variants are skipped), verifies that
// signature over signed data with the declared public key, checks that the first
// certificate carries that key and that signed data lists the same algorithms as the
// signatures; v3: that the SDK range is sane and the same inside and outside signed data,
// that signers' ranges do not overlap, and any proof-of-rotation (signing_lineage.h).
// Errors: kBadSignature, e.g. "APK Signature Scheme v2 signer #1: signature did not verify".
Result<SchemeBlock> VerifySchemeBlock(int version, std::string_view value);
// The same, parsing each distinct certificate and public key once across calls that share
// the cache (a package's v2 and v3 blocks usually name the same signer).
Result<SchemeBlock> VerifySchemeBlock(int version, std::string_view value,
                                      CertificateCache* certificates);

// Ok when every signer's declared content digest equals the computed one.
// REQUIRES: digests holds the algorithm of every signer (see ContentDigestsNeeded).
// Errors: kBadSignature ("APK Signature Scheme v2 signer #1: APK integrity check failed
// (CHUNKED_SHA256 digest mismatch)").
Status CheckContentDigests(const SchemeBlock& block, const FileDigests& digests);

// The content digest algorithms the block's signers use, each once.
std::vector<ContentDigestAlgorithm> ContentDigestsNeeded(const SchemeBlock& block);

}  // namespace appvault::pkg
