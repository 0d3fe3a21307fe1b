// VerifyApkSignatures: v2/v3 first, v1 alongside or alone, then one report.
#include "pkg/apk_signature.h"

#include <openssl/err.h>

#include <algorithm>
#include <atomic>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include "pkg/apk_v1.h"
#include "pkg/apk_v2v3.h"
#include "pkg/content_digest.h"
#include "pkg/signing_block.h"

namespace appvault::pkg {
namespace {

Status Bad(std::string message) {
  return Status(StatusCode::kBadSignature, std::move(message));
}

// The v2 and v3 blocks found and verified (content digests included).
struct SchemeBlocks {
  std::optional<SchemeBlock> v2;
  std::optional<SchemeBlock> v3;
};

std::vector<Sha256> SignerSet(const SchemeBlock& block) {
  std::vector<Sha256> out;
  for (const SchemeSigner& s : block.signers) {
    out.push_back(s.certificate.sha256);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Sha256> SignerSet(const JarSignature& jar) {
  std::vector<Sha256> out;
  for (const JarSigner& s : jar.signers) {
    out.push_back(s.certificate.sha256);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::optional<SchemeBlock>> VerifyBlock(const ApkSigningBlock& block, int version,
                                               CertificateCache* certificates) {
  const std::string* value = block.Find(version == 2 ? kV2SchemeBlockId : kV3SchemeBlockId);
  if (value == nullptr) return std::optional<SchemeBlock>();
  Result<SchemeBlock> verified = VerifySchemeBlock(version, *value, certificates);
  if (!verified.ok()) return verified.status();
  return std::optional<SchemeBlock>(std::move(verified).value());
}

// Whether every signer of an older scheme (v1 or v2) is vouched for by every v3 signer:
// it is that signer, or in that signer's verified proof-of-rotation.
bool CoveredByV3(const std::vector<Sha256>& older, const SchemeBlock& v3) {
  for (const SchemeSigner& signer : v3.signers) {
    for (const Sha256& cert : older) {
      const std::vector<Sha256>& vouched = signer.lineage;
      bool ok = vouched.empty() ? cert == signer.certificate.sha256
                                : std::find(vouched.begin(), vouched.end(), cert) != vouched.end();
      if (!ok) return false;
    }
  }
  return true;
}

// v2 and v3 signers agree, and no v3 signature was stripped from a v2-signed package.
Status CheckV2AgainstV3(const SchemeBlocks& blocks) {
  if (!blocks.v2) return Status::Ok();
  bool claims_v3 = std::any_of(blocks.v2->signers.begin(), blocks.v2->signers.end(),
                               [](const SchemeSigner& s) { return s.claims_v3; });
  if (!blocks.v3) {
    if (claims_v3) return Bad("APK Signature Scheme v2 names a v3 signature that was stripped");
    return Status::Ok();
  }
  if (!CoveredByV3(SignerSet(*blocks.v2), *blocks.v3)) {
    return Bad("APK Signature Scheme v2 and v3 signers do not match");
  }
  return Status::Ok();
}

// The v2/v3 content digest protects the entries only if they all lie before the signing
// block, and the EOCD record only if it directly follows the central directory.
Status CheckLayout(const ZipArchive& zip, const ApkSigningBlock& block) {
  if (zip.central_directory_offset() + zip.central_directory_size() != zip.eocd_offset()) {
    return Bad("APK Signing Block: the central directory is not followed by the EOCD record");
  }
  for (const ZipEntry& entry : zip.entries()) {
    if (entry.data_offset > block.offset ||
        block.offset - entry.data_offset < entry.compressed_size) {
      return Bad("APK Signing Block: entry " + entry.name + " overlaps it");
    }
  }
  return Status::Ok();
}

// Parses and verifies the blocks' signers, then reads the file once for the content
// digests and the file digest. REQUIRES: the block holds a v2 or v3 block.
Result<FileDigests> VerifyBlocks(const ZipArchive& zip, const ApkSigningBlock& block,
                                 const VerifyOptions& options, CertificateCache* certificates,
                                 SchemeBlocks* blocks) {
  for (int version : {2, 3}) {
    Result<std::optional<SchemeBlock>> verified = VerifyBlock(block, version, certificates);
    if (!verified.ok()) return verified.status();
    (version == 2 ? blocks->v2 : blocks->v3) = std::move(verified).value();
  }
  if (Status s = CheckLayout(zip, block); !s.ok()) return s;
  std::vector<ContentDigestAlgorithm> needed;
  for (const auto* b : {&blocks->v2, &blocks->v3}) {
    if (!b->has_value()) continue;
    for (ContentDigestAlgorithm a : ContentDigestsNeeded(**b)) {
      needed.push_back(a);
    }
  }
  ApkSections sections{block.offset, zip.central_directory_offset(), zip.eocd_offset()};
  Result<FileDigests> digests =
      ComputeFileDigests(zip.file(), sections, needed,
                         DigestOptions{options.threads, options.min_size_for_threads,
                                       options.known_sha256, options.known_chunk_sha256});
  if (!digests.ok()) return digests.status();
  for (const auto* b : {&blocks->v2, &blocks->v3}) {
    if (!b->has_value()) continue;
    if (Status s = CheckContentDigests(**b, *digests); !s.ok()) return s;
  }
  if (Status s = CheckV2AgainstV3(*blocks); !s.ok()) return s;
  return digests;
}

// A JAR signature that says the package was also signed with v2/v3 they must be there.
Status CheckNotStripped(const JarSignature& jar, const SchemeBlocks& blocks) {
  for (int scheme : jar.claimed_schemes) {
    bool present = (scheme == 2 && blocks.v2) || (scheme == 3 && blocks.v3);
    if ((scheme == 2 || scheme == 3) && !present) {
      return Bad("JAR signature names APK Signature Scheme v" + std::to_string(scheme) +
                 ", which is missing: the signature was stripped");
    }
  }
  return Status::Ok();
}

// VerifyJarSignature for a v2/v3-signed package, started before the v2/v3 checks; its result
// is taken after them, so that their refusals still come first. For a big package it runs
// on a thread of its own, so that its read of every entry overlaps the v2/v3 content-digest
// pass. Otherwise it runs at once on the calling thread through the shared certificate
// cache, which then holds the JAR signer's certificate — usually the v2/v3 signer's too,
// which is then not parsed again.
class JarCheck {
 public:
  JarCheck(const ZipArchive& zip, const SdkRange& levels, CertificateCache* shared)
      : zip_(zip), levels_(levels), shared_(shared) {}
  JarCheck(const JarCheck&) = delete;
  JarCheck& operator=(const JarCheck&) = delete;
  ~JarCheck() { Cancel(); }

  // Runs the check: on its own thread when the options allow more than one thread and the
  // file is big enough for them, else (or when no thread can be started) now.
  void Start(const VerifyOptions& options) {
    if (options.threads >= 2 && zip_.file().size() >= options.min_size_for_threads) {
      try {
        // Its own cache: the shared one is not thread-safe.
        thread_ =
            std::thread([this] { result_ = VerifyJarSignature(zip_, levels_, &own_, &cancel_); });
        return;
      } catch (const std::system_error&) {
        // no thread: run it here
      }
    }
    // Errors it leaves on this thread's OpenSSL queue must not reach the v2/v3 checks.
    ERR_set_mark();
    result_ = VerifyJarSignature(zip_, levels_, shared_);
    ERR_pop_to_mark();
  }

  // Stops a running check (its result is not wanted) and waits for it.
  void Cancel() {
    cancel_.store(true, std::memory_order_relaxed);
    if (thread_.joinable()) thread_.join();
  }

  // The result. REQUIRES: Start was called; once.
  Result<JarSignature> Take() {
    if (thread_.joinable()) thread_.join();
    return std::move(*result_);
  }

 private:
  const ZipArchive& zip_;
  SdkRange levels_;
  CertificateCache* shared_;
  CertificateCache own_;
  std::atomic<bool> cancel_{false};
  std::optional<Result<JarSignature>> result_;
  std::thread thread_;
};

// The JAR signature of a v2/v3-signed package: reported when it verifies; refused when it
// verifies but names other signers or stripped schemes, and when it does not verify while
// levels include versions that read no v2/v3 (they would refuse the package).
Result<std::optional<JarSignature>> CheckV1Alongside(Result<JarSignature> jar,
                                                     const SchemeBlocks& blocks,
                                                     const SdkRange& levels) {
  if (!jar.ok()) {
    if (jar.status().code() == StatusCode::kUnavailable) return jar.status();
    if (levels.min < kSdkV2) {
      return Bad("API Level(s) " + FormatLevels({{levels.min, std::min(levels.max, kSdkV2 - 1)}}) +
                 ", for which this APK is being verified, read only the JAR signature: " +
                 jar.status().message());
    }
    return std::optional<JarSignature>();  // absent or invalid: only not reported
  }
  if (Status s = CheckNotStripped(*jar, blocks); !s.ok()) return s;
  const bool match = blocks.v2 ? SignerSet(*jar) == SignerSet(*blocks.v2)
                               : CoveredByV3(SignerSet(*jar), *blocks.v3);
  if (!match) {
    return Bad(std::string("JAR signature and APK Signature Scheme ") + (blocks.v2 ? "v2" : "v3") +
               " signers do not match");
  }
  return std::optional<JarSignature>(std::move(jar).value());
}

// The signer for the newest platforms: the one with the highest SDK range (v3), else the
// first.
const SchemeSigner& CurrentSigner(const SchemeBlock& block) {
  return *std::max_element(
      block.signers.begin(), block.signers.end(), [](const SchemeSigner& a, const SchemeSigner& b) {
        return std::pair(a.max_sdk, a.min_sdk) < std::pair(b.max_sdk, b.min_sdk);
      });
}

void ReportScheme(const SchemeBlock& block, ApkSignature* out) {
  out->schemes.push_back(block.version == 2 ? "v2" : "v3");
  const SchemeSigner& current = CurrentSigner(block);
  out->signer_sha256 = current.certificate.sha256;
  out->signer_subject = current.certificate.subject;
  out->signers = {current.certificate.sha256};
  for (const SchemeSigner& s : block.signers) {
    if (&s != &current) out->signers.push_back(s.certificate.sha256);
  }
  if (block.version != 3) return;
  out->signer_lineage = current.lineage;
  for (const SchemeSigner& s : block.signers) {
    out->min_sdk = std::min(out->min_sdk.value_or(s.min_sdk), s.min_sdk);
    out->max_sdk = std::max(out->max_sdk.value_or(s.max_sdk), s.max_sdk);
  }
}

void ReportJar(const JarSignature& jar, ApkSignature* out) {
  out->schemes.push_back("v1");
  out->signer_sha256 = jar.signers[0].certificate.sha256;
  out->signer_subject = jar.signers[0].certificate.subject;
  out->signers.clear();
  for (const JarSigner& s : jar.signers) {
    out->signers.push_back(s.certificate.sha256);
  }
}

// A package without v2/v3: the JAR signature alone, then one pass for the file digest.
Result<ApkSignature> VerifyV1Only(const ZipArchive& zip, const VerifyOptions& options) {
  Result<JarSignature> jar = VerifyJarSignature(zip, options.levels);
  if (!jar.ok()) return jar.status();
  if (Status s = CheckNotStripped(*jar, SchemeBlocks{}); !s.ok()) return s;
  if (options.target_sdk >= kMinTargetSdkRequiringV2) {
    return Bad("JAR signature only, but the package targets SDK " +
               std::to_string(options.target_sdk) + ", which requires APK Signature Scheme v2+");
  }
  ApkSections sections{zip.central_directory_offset(), zip.central_directory_offset(),
                       zip.eocd_offset()};
  Result<FileDigests> digests =
      ComputeFileDigests(zip.file(), sections, {},
                         DigestOptions{options.threads, options.min_size_for_threads,
                                       options.known_sha256, options.known_chunk_sha256});
  if (!digests.ok()) return digests.status();
  ApkSignature out;
  ReportJar(*jar, &out);
  out.sha256 = digests->sha256;
  out.size = digests->size;
  return out;
}

}  // namespace

Result<ApkSignature> VerifyApkSignatures(const ZipArchive& zip, const VerifyOptions& options) {
  Result<std::optional<ApkSigningBlock>> block =
      FindSigningBlock(zip.file(), zip.central_directory_offset());
  if (!block.ok()) return block.status();
  const bool has_v2_v3 = block->has_value() && ((*block)->Find(kV2SchemeBlockId) != nullptr ||
                                                (*block)->Find(kV3SchemeBlockId) != nullptr);
  if (!has_v2_v3) return VerifyV1Only(zip, options);
  CertificateCache certificates;  // v2, v3 and v1 usually share one signer
  JarCheck jar_check(zip, options.levels, &certificates);
  if (options.check_v1_alongside_v2) jar_check.Start(options);
  SchemeBlocks blocks;
  Result<FileDigests> digests = VerifyBlocks(zip, **block, options, &certificates, &blocks);
  if (!digests.ok()) return digests.status();

  std::optional<JarSignature> jar;
  if (options.check_v1_alongside_v2) {
    Result<std::optional<JarSignature>> v1 =
        CheckV1Alongside(jar_check.Take(), blocks, options.levels);
    if (!v1.ok()) return v1.status();
    jar = std::move(v1).value();
  }
  ApkSignature out;
  if (jar) ReportJar(*jar, &out);
  if (blocks.v2) ReportScheme(*blocks.v2, &out);
  if (blocks.v3) ReportScheme(*blocks.v3, &out);
  out.sha256 = digests->sha256;
  out.size = digests->size;
  return out;
}

}  // namespace appvault::pkg
