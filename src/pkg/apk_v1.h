// JAR signing (APK signature scheme v1), verified as Android and apksigner do:
// META-INF/NAME.SF signed by META-INF/NAME.RSA|.EC|.DSA (PKCS#7, no certificate chain);
// the .SF holds the digest of the whole META-INF/MANIFEST.MF or of each of its sections;
// MANIFEST.MF holds the digest of every entry. Every entry outside META-INF/ (directories
// aside) must be listed in MANIFEST.MF and in every signer's .SF, with a matching digest.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "pkg/sdk_range.h"
#include "pkg/signer_cert.h"
#include "pkg/zip.h"

namespace appvault::pkg {

// Limits: the signature files are read into memory.
inline constexpr std::size_t kMaxJarSigners = 10;
inline constexpr std::uint64_t kMaxJarManifestSize = 16u << 20;       // MANIFEST.MF, *.SF
inline constexpr std::uint64_t kMaxJarSignatureBlockSize = 1u << 20;  // *.RSA, *.EC, *.DSA

// One verified JAR signer.
struct JarSigner {
  std::string name;  // the signature block entry, e.g. "META-INF/CERT.RSA"
  SignerCertificate certificate;
};

struct JarSignature {
  std::vector<JarSigner> signers;  // sorted by name
  // The scheme ids the .SF files name in "X-Android-APK-Signed" (e.g. 2, 3): the APK was
  // also signed with them, so their absence means a signature was stripped.
  std::vector<int> claimed_schemes;
};

// Verifies the JAR signature of the archive, reading (and inflating) every entry, as every
// Android version in levels (the package's minSdkVersion..maxSdkVersion) does: the
// signature's digest and signature algorithms must be supported on each of them, and the
// digests checked in MANIFEST.MF and *.SF are those each of them picks (jar_algorithms.h).
// Errors: kUnsigned (no signature block with its .SF in META-INF/); kBadSignature ("JAR
// signature: ...", e.g. a digest mismatch, an unlisted entry, or "META-INF/CERT.RSA uses
// digest algorithm SHA-256 and signature algorithm RSA, which is not supported on API
// Level(s) 14-17 for which this APK is being verified"); kInvalidPackage or kUnavailable
// from reading the entries.
Result<JarSignature> VerifyJarSignature(const ZipArchive& zip, const SdkRange& levels);
// The same, describing the signers' certificates through a cache shared with the other
// schemes' checks. When cancel is set (by another thread) the check stops early, between
// chunks of an entry, with kUnavailable ("JAR signature check cancelled").
Result<JarSignature> VerifyJarSignature(const ZipArchive& zip, const SdkRange& levels,
                                        CertificateCache* certificates,
                                        const std::atomic<bool>* cancel = nullptr);

}  // namespace appvault::pkg
