// VerifyApkSignatures against real packages from tests/fixtures/make_apks.sh, compared with
// the manifest's expectations and with `apksigner verify --print-certs -v`.
#include "pkg/apk_signature.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include "core/status.h"
#include "pkg/apk_fixtures.h"
#include "pkg/crypto.h"
#include "pkg/zip.h"

namespace appvault::pkg {
namespace {

using test_fixtures::ApkFixture;
using test_fixtures::Fixture;
using test_fixtures::Fixtures;

// Generates the fixtures once, before any test runs.
class ApkFixtureEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    std::string error;
    if (test_fixtures::FixtureDir(&error).empty()) {
      std::fprintf(stderr, "APK fixtures unavailable: %s\n", error.c_str());
    }
  }
};
const ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new ApkFixtureEnvironment);

// The verdict on one package file: open, zip, signatures.
struct Verdict {
  std::unique_ptr<RandomAccessFile> file;
  Status status;
  ApkSignature signature;
};

Verdict Verify(const std::string& path, const VerifyOptions& options = {}) {
  Verdict v;
  Result<std::unique_ptr<RandomAccessFile>> file = OpenFile(path);
  if (!file.ok()) {
    v.status = file.status();
    return v;
  }
  v.file = std::move(file).value();
  Result<ZipArchive> zip = ZipArchive::Open(*v.file);
  if (!zip.ok()) {
    v.status = zip.status();
    return v;
  }
  Result<ApkSignature> signature = VerifyApkSignatures(*zip, options);
  if (!signature.ok()) {
    v.status = signature.status();
    return v;
  }
  v.signature = std::move(signature).value();
  return v;
}

// The options InspectPackage derives from the fixture's manifest.
VerifyOptions FixtureOptions(const ApkFixture& f) {
  VerifyOptions options;
  options.target_sdk = f.target_sdk;
  options.levels.min = f.min_sdk;
  if (f.max_sdk != "-" && !f.max_sdk.empty()) options.levels.max = std::stoi(f.max_sdk);
  return options;
}

Verdict VerifyFixture(const ApkFixture& f) {
  return Verify(f.path, FixtureOptions(f));
}

std::set<std::string> Schemes(const ApkSignature& s) {
  return std::set<std::string>(s.schemes.begin(), s.schemes.end());
}

std::string Sha256Hex(const std::string& bytes) {
  std::string digest = Digest(DigestAlgorithm::kSha256, bytes);
  Sha256::Bytes raw;
  std::copy(digest.begin(), digest.end(), raw.begin());
  return Sha256(raw).Hex();
}

std::string CertificateSha256(const ApkFixture& f) {
  std::string error;
  return Sha256Hex(test_fixtures::ReadFileBytes(test_fixtures::FixtureDir(&error) + "/keys/" +
                                                f.key + ".cert.der"));
}

TEST(ApkFixtures, AreGenerated) {
  std::string error;
  ASSERT_FALSE(test_fixtures::FixtureDir(&error).empty()) << error;
  EXPECT_GE(Fixtures().size(), 27u);
}

TEST(ApkFixtures, VerdictsMatchTheManifest) {
  ASSERT_FALSE(Fixtures().empty());
  for (const ApkFixture& f : Fixtures()) {
    SCOPED_TRACE(f.file);
    Verdict v = VerifyFixture(f);
    EXPECT_EQ(CodeName(v.status.code()), f.verdict) << v.status.ToString();
    if (!v.status.ok()) continue;
    EXPECT_EQ(Schemes(v.signature), f.schemes);
    EXPECT_EQ(v.signature.signer_sha256.Hex(), CertificateSha256(f));
    ASSERT_EQ(v.signature.signers.size(), 1u);
    EXPECT_EQ(v.signature.signers[0], v.signature.signer_sha256);
  }
}

TEST(ApkFixtures, VerdictsMatchApksigner) {
  ASSERT_FALSE(Fixtures().empty());
  for (const ApkFixture& f : Fixtures()) {
    if (!f.apksigner_agrees) continue;
    SCOPED_TRACE(f.file);
    test_fixtures::ApksignerVerdict expected = test_fixtures::Apksigner(f);
    Verdict v = VerifyFixture(f);
    ASSERT_EQ(v.status.ok(), expected.verifies) << v.status.ToString() << "\n" << expected.output;
    if (!expected.verifies) continue;
    std::set<std::string> ours = Schemes(v.signature);
    // apksigner checks v1 only when the package runs below API 24; then it must agree.
    if (f.min_sdk >= 24 && !expected.schemes.contains("v1")) ours.erase("v1");
    EXPECT_EQ(ours, expected.schemes) << expected.output;
    EXPECT_EQ(v.signature.signer_sha256.Hex(), expected.signer_sha256);
    EXPECT_EQ(v.signature.signer_subject, expected.signer_dn);
  }
}

TEST(ApkFixtures, ReportsTheWholeFileSha256AndSize) {
  for (const char* file : {"v1_rsa_sha1.apk", "v2_rsa.apk", "v123_ec.apk"}) {
    SCOPED_TRACE(file);
    const ApkFixture& f = Fixture(file);
    Verdict v = VerifyFixture(f);
    ASSERT_TRUE(v.status.ok()) << v.status.ToString();
    std::string bytes = test_fixtures::ReadFileBytes(f.path);
    EXPECT_EQ(v.signature.size, bytes.size());
    EXPECT_EQ(v.signature.sha256.Hex(), Sha256Hex(bytes));
  }
}

TEST(ApkFixtures, ReportsTheV3SdkRange) {
  Verdict v3 = VerifyFixture(Fixture("v3_rsa.apk"));
  ASSERT_TRUE(v3.status.ok()) << v3.status.ToString();
  ASSERT_TRUE(v3.signature.min_sdk.has_value());
  // apksigner 31 writes its v3 signer for API 24 and up (not the package's minSdk 28).
  EXPECT_LE(*v3.signature.min_sdk, 28u);
  EXPECT_EQ(*v3.signature.max_sdk, 0x7fffffffu);
  Verdict v2 = VerifyFixture(Fixture("v2_rsa.apk"));
  ASSERT_TRUE(v2.status.ok());
  EXPECT_FALSE(v2.signature.min_sdk.has_value());
}

TEST(ApkFixtures, ReportsTheSubjectMostSpecificFirst) {
  Verdict v = VerifyFixture(Fixture("v123_ec.apk"));
  ASSERT_TRUE(v.status.ok()) << v.status.ToString();
  EXPECT_EQ(v.signature.signer_subject, "CN=Test EC, OU=Signing, O=appvault");
}

// Small packages are read on the calling thread alone; with min_size_for_threads 0 they take
// the big packages' path too: digest workers, and the JAR signature on a thread of its own.
TEST(ApkFixtures, OneThreadOrFourGiveTheSameResult) {
  ASSERT_FALSE(Fixtures().empty());
  for (const ApkFixture& f : Fixtures()) {
    SCOPED_TRACE(f.file);
    VerifyOptions options = FixtureOptions(f);
    options.threads = 1;
    Verdict one = Verify(f.path, options);
    options.threads = 4;
    options.min_size_for_threads = 0;
    Verdict four = Verify(f.path, options);
    EXPECT_EQ(one.status.ToString(), four.status.ToString());
    EXPECT_EQ(one.signature.sha256, four.signature.sha256);
    EXPECT_EQ(one.signature.schemes, four.signature.schemes);
    EXPECT_EQ(one.signature.signers, four.signature.signers);
    EXPECT_EQ(one.signature.signer_subject, four.signature.signer_subject);
  }
}

TEST(ApkFixtures, RefusalsNameTheSchemeAndWhatFailed) {
  const std::pair<const char*, const char*> cases[] = {
      {"bad_entry_v2.apk", "APK Signature Scheme v2 signer #1: APK integrity check failed"},
      {"bad_central_directory.apk", "CHUNKED_SHA256 digest mismatch"},
      {"bad_signing_block.apk",
       "APK Signature Scheme v3 signer #1: signed data: RSA_PKCS1_V1_5_WITH_SHA256: signature"},
      {"rotation_mismatch.apk", "APK Signature Scheme v2 and v3 signers do not match"},
      {"wrong_key_v2.apk", "signature did not verify"},
      {"wrong_public_key_v2.apk", "public key mismatch between certificate and signature"},
      {"bad_entry_v1.apk", "JAR signature: SHA-1 digest of assets/blob.bin does not match"},
      {"wrong_key_v1.apk", "JAR signature: META-INF/KEY.RSA over META-INF/KEY.SF"},
      {"unlisted_entry_v1.apk", "no digest for assets/added-later.txt in MANIFEST.MF"},
      {"bad_section_v1.apk", "KEY.SF: digest of MANIFEST.MF section assets/blob.bin mismatch"},
      {"stripped_v2_v3.apk", "the signature was stripped"},
      {"v1_target30.apk", "targets SDK 30"},
      {"unsigned.apk", "no JAR signature"},
      {"v1_sha256_min14.apk",
       "JAR signature: META-INF/KEY.RSA uses digest algorithm SHA-256 and signature algorithm "
       "RSA, which is not supported on API Level(s) 14-17 for which this APK is being verified"},
      {"v2_only_min21.apk",
       "API Level(s) 21-23, for which this APK is being verified, read only "
       "the JAR signature: no JAR signature"},
  };
  for (const auto& [file, reason] : cases) {
    SCOPED_TRACE(file);
    Verdict v = VerifyFixture(Fixture(file));
    EXPECT_NE(v.status.message().find(reason), std::string::npos) << v.status.ToString();
  }
}

TEST(ApkFixtures, V1OnlyIsAcceptedWhenTheTargetSdkIsUnknownOrOld) {
  VerifyOptions options;
  options.levels.min = 21;
  Verdict unknown = Verify(Fixture("v1_target30.apk").path, options);
  EXPECT_TRUE(unknown.status.ok()) << unknown.status.ToString();
  options.target_sdk = 29;
  Verdict old = Verify(Fixture("v1_target30.apk").path, options);
  EXPECT_TRUE(old.status.ok()) << old.status.ToString();
}

TEST(ApkFixtures, V1AlongsideV2CanBeSkipped) {
  VerifyOptions options;
  options.check_v1_alongside_v2 = false;
  Verdict v = Verify(Fixture("v123_rsa.apk").path, options);
  ASSERT_TRUE(v.status.ok()) << v.status.ToString();
  EXPECT_EQ(v.signature.schemes, (std::vector<std::string>{"v2", "v3"}));
}

}  // namespace
}  // namespace appvault::pkg
