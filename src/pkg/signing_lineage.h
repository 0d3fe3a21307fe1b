// The proof-of-rotation a v3 signer may carry (SigningCertificateLineage): the signing
// certificates an app has had, oldest first, each node signed by the key of the one before,
// so the old key vouches for the new one. Format (little-endian):
//
//   uint32 version (1)
//   repeated, each uint32-length-prefixed: node
//     length-prefixed signed data: length-prefixed certificate, uint32 algorithm id (the
//                                  previous node's signing algorithm; 0 for the first)
//     uint32 flags (capabilities), uint32 algorithm id this node's key signs the next with
//     length-prefixed signature by the previous node's key over signed data (empty first)
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"
#include "pkg/signer_cert.h"

namespace appvault::pkg {

inline constexpr std::uint32_t kLineageVersion = 1;
inline constexpr std::size_t kMaxLineageCertificates = 16;

struct SigningLineage {
  std::vector<SignerCertificate> certificates;  // oldest first; at least one

  // Whether a certificate with this SHA-256 is in the lineage.
  bool Contains(const Sha256& certificate) const;
};

// Parses the value of the proof-of-rotation attribute and verifies every link: each node's
// signed data verifies with the previous certificate's key and the algorithm it declared,
// and no certificate repeats. Errors: kBadSignature ("signing certificate lineage: ...").
Result<SigningLineage> VerifySigningLineage(std::string_view value);
// The same, with certificates parsed through a cache shared with the signer's checks.
Result<SigningLineage> VerifySigningLineage(std::string_view value, CertificateCache* certificates);

}  // namespace appvault::pkg
