// The API levels on which Android verifies a JAR (v1) signature, by its PKCS#7 digest and
// signature algorithms and by the digests named in MANIFEST.MF and *.SF — the rules
// apksigner applies (its V1SchemeVerifier), so that a package is accepted only when every
// API level it claims can verify it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pkg/sdk_range.h"

namespace appvault::pkg {

// A SignerInfo's algorithms as PKCS#7 names them: dotted OIDs.
struct JarSignatureAlgorithms {
  std::string digest_oid;     // e.g. "2.16.840.1.101.3.4.2.1" (SHA-256)
  std::string signature_oid;  // e.g. "1.2.840.113549.1.1.1" (RSA) or ".11" (SHA-256 with RSA)
};

// The API levels on which Android verifies a signature with these algorithms; empty when no
// Android version does (or an OID is unknown).
std::vector<SdkRange> JarSignatureSupportedLevels(const JarSignatureAlgorithms& algorithms);

// A readable name of an algorithm OID, as apksigner writes it ("SHA-256", "SHA-256 with RSA",
// "ECDSA"); the OID itself when unknown.
std::string JarAlgorithmName(std::string_view oid);

// Android before 4.3 (API 18) picks a JAR digest through the ancient "Digest-Algorithms"
// attribute (default "SHA SHA1"); 4.3 and later take the strongest of SHA-512, SHA-384,
// SHA-256 and SHA1.
inline constexpr int kSdkStrongestJarDigest = 18;
// Before Android 4.4 (API 19), PKCS#7 signed attributes left the JAR content unprotected.
inline constexpr int kSdkSignedAttributesSafe = 19;

}  // namespace appvault::pkg
