// The library's gatekeeper for Android packages: which signature schemes verify, who
// signed, and the package's own SHA-256 and size — or why the package is refused.
//
// Schemes: v2 and v3 (APK Signing Block) when present, else v1 (JAR signing). As apksigner
// does, a v2/v3-signed APK reports v1 too only when its JAR signature also verifies, and a
// JAR signature that names v2/v3 ("X-Android-APK-Signed") they are missing from is a
// stripped signature and refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"
#include "pkg/content_digest.h"
#include "pkg/sdk_range.h"
#include "pkg/zip.h"

namespace appvault::pkg {

// Android 7.0 (API 24) is the first to read APK Signature Scheme v2; older versions verify
// the JAR signature alone.
inline constexpr int kSdkV2 = 24;

// Android 11 (API 30) refuses packages that target it or later and carry only v1.
inline constexpr int kMinTargetSdkRequiringV2 = 30;

// What a package's signatures establish.
struct ApkSignature {
  std::vector<std::string> schemes;  // verified schemes, ascending: "v1", "v2", "v3"
  // The signer of the newest verified scheme (v3: the one for the highest SDK range, whose
  // proof-of-rotation vouches for the v1/v2 signers; else the first) and its subject, e.g.
  // "CN=Test, O=appvault".
  Sha256 signer_sha256;
  std::string signer_subject;
  std::vector<Sha256> signers;  // all signers of that scheme; signers[0] == signer_sha256
  // v3: the certificates of that signer's verified proof-of-rotation, oldest first, ending
  // with signer_sha256; empty without one.
  std::vector<Sha256> signer_lineage;
  std::optional<std::uint32_t> min_sdk;  // v3 only: the SDK range the v3 signers cover
  std::optional<std::uint32_t> max_sdk;
  Sha256 sha256;  // of the whole file
  std::uint64_t size = 0;
};

// How to verify; the defaults suit the library's publish path.
struct VerifyOptions {
  // targetSdkVersion from AndroidManifest.xml, 0 when unknown. At or above
  // kMinTargetSdkRequiringV2 a v1-only package is refused.
  int target_sdk = 0;
  // The API levels the package claims (minSdkVersion..maxSdkVersion of its manifest): every
  // one of them must be able to verify it. Levels below kSdkV2 need a JAR signature that
  // verifies there, even when v2/v3 are present (unless check_v1_alongside_v2 is off).
  SdkRange levels;
  // Threads that read and digest the file, the caller's included (see content_digest.h).
  int threads = 2;
  // Smaller files use the calling thread alone (see content_digest.h); from this size on,
  // the JAR signature checked alongside v2/v3 also runs on a thread of its own, while the
  // v2/v3 content digests are computed.
  std::uint64_t min_size_for_threads = kMinSizeForDigestThreads;
  // Also check the JAR signature of v2/v3-signed packages (it is read entry by entry); off
  // only for packages whose levels all read v2 (a lower minimum is then refused).
  bool check_v1_alongside_v2 = true;
  // The file's SHA-256, when the caller already has it (DigestOptions::known_sha256).
  std::optional<Sha256> known_sha256;
  // Chunk digests the caller already has (DigestOptions::known_chunk_sha256).
  std::vector<Sha256> known_chunk_sha256;
};

// Verifies every signature scheme present and computes the file's SHA-256 and size in the
// same read pass. The archive's file is read in chunks, never whole. Errors: kUnsigned (no
// signature in any scheme); kBadSignature naming the scheme and what failed, or the API
// levels that cannot verify the package (e.g. "APK
// Signature Scheme v2 signer #1: APK integrity check failed (CHUNKED_SHA256 digest
// mismatch)", "JAR signature: ..."); kInvalidPackage or kUnavailable from reading.
// Thread-safety: reentrant; the archive is only read.
Result<ApkSignature> VerifyApkSignatures(const ZipArchive& zip, const VerifyOptions& options = {});

}  // namespace appvault::pkg
