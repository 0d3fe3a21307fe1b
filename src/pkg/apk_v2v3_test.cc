// v2/v3 signer records built and signed here (with the fixture keys), so that each rule of
// VerifySchemeBlock can be broken on its own.
#include "pkg/apk_v2v3.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "pkg/apk_fixtures.h"
#include "pkg/crypto.h"

namespace appvault::pkg {
namespace {

constexpr std::uint32_t kRsaPssSha256 = 0x0101;
constexpr std::uint32_t kRsaPssSha512 = 0x0102;
constexpr std::uint32_t kRsaPkcs1Sha256 = 0x0103;
constexpr std::uint32_t kEcdsaSha256 = 0x0201;
constexpr std::uint32_t kVerityRsaPkcs1Sha256 = 0x0421;
constexpr std::uint32_t kMaxSdk = 0x7fffffff;

std::string U32(std::uint32_t v) {
  std::string out;
  for (int i = 0; i < 4; ++i) {
    out += static_cast<char>(v >> (8 * i));
  }
  return out;
}

std::string Lp(const std::string& bytes) {
  return U32(static_cast<std::uint32_t>(bytes.size())) + bytes;
}

std::string Seq(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += Lp(item);
  }
  return out;
}

// A fixture key: certificate, SubjectPublicKeyInfo and private key.
struct Key {
  std::string cert;
  std::string spki;
  EvpPkeyPtr private_key;
};

Key LoadKey(const std::string& name) {
  std::string error;
  const std::string dir = test_fixtures::FixtureDir(&error) + "/keys/" + name;
  Key key;
  key.cert = test_fixtures::ReadFileBytes(dir + ".cert.der");
  key.spki = test_fixtures::ReadFileBytes(dir + ".spki.der");
  std::string pem = test_fixtures::ReadFileBytes(dir + ".key.pem");
  BioPtr bio = MemoryBio(pem);
  key.private_key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  return key;
}

std::string Sign(EVP_PKEY* key, std::uint32_t algorithm, const std::string& data) {
  const bool sha512 = algorithm == kRsaPssSha512;
  const bool pss = algorithm == kRsaPssSha256 || algorithm == kRsaPssSha512;
  const EVP_MD* md = sha512 ? EVP_sha512() : EVP_sha256();
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key);
  if (pss) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, EVP_MD_get_size(md));
  }
  std::size_t size = 0;
  EVP_DigestSign(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(data.data()),
                 data.size());
  std::string sig(size, '\0');
  EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size,
                 reinterpret_cast<const unsigned char*>(data.data()), data.size());
  sig.resize(size);
  return sig;
}

// What to put in one signer record; each field can be broken by a test.
struct SignerSpec {
  int version = 2;
  std::vector<std::uint32_t> signature_algorithms = {kRsaPkcs1Sha256};
  std::optional<std::vector<std::uint32_t>> digest_algorithms;  // default: the same list
  std::string certificate;                                      // default: the key's
  std::string public_key;                                       // default: the key's
  std::uint32_t min_sdk = 28, max_sdk = kMaxSdk;                // v3, outside signed data
  std::optional<std::uint32_t> signed_min_sdk;                  // v3, inside signed data
  std::string attributes;
  bool tamper_signed_data = false;
};

std::string DigestFor(std::uint32_t algorithm) {
  return std::string(algorithm == kRsaPssSha512 ? 64 : 32, static_cast<char>(algorithm & 0xff));
}

std::string BuildSigner(const Key& key, const SignerSpec& spec) {
  std::vector<std::string> digests;
  for (std::uint32_t a : spec.digest_algorithms.value_or(spec.signature_algorithms)) {
    digests.push_back(U32(a) + Lp(DigestFor(a)));
  }
  std::string signed_data =
      Lp(Seq(digests)) + Lp(Seq({spec.certificate.empty() ? key.cert : spec.certificate}));
  if (spec.version == 3) {
    signed_data += U32(spec.signed_min_sdk.value_or(spec.min_sdk)) + U32(spec.max_sdk);
  }
  signed_data += Lp(spec.attributes);
  std::vector<std::string> signatures;
  for (std::uint32_t a : spec.signature_algorithms) {
    signatures.push_back(U32(a) + Lp(Sign(key.private_key.get(), a, signed_data)));
  }
  if (spec.tamper_signed_data) signed_data.back() ^= 1;
  std::string record = Lp(signed_data);
  if (spec.version == 3) record += U32(spec.min_sdk) + U32(spec.max_sdk);
  return record + Lp(Seq(signatures)) + Lp(spec.public_key.empty() ? key.spki : spec.public_key);
}

std::string BuildBlock(const std::vector<std::string>& signers) {
  return Lp(Seq(signers));
}

// The fixture keys, loaded once per process.
const Key& Rsa() {
  static const Key key = LoadKey("rsa");
  return key;
}
const Key& Ec() {
  static const Key key = LoadKey("ec");
  return key;
}

class SchemeBlockTest : public ::testing::Test {
 protected:
  static Result<SchemeBlock> Verify(const Key& key, const SignerSpec& spec) {
    return VerifySchemeBlock(spec.version, BuildBlock({BuildSigner(key, spec)}));
  }

  static void ExpectRefused(const Key& key, const SignerSpec& spec, const std::string& reason) {
    Result<SchemeBlock> block = Verify(key, spec);
    ASSERT_FALSE(block.ok());
    EXPECT_EQ(block.status().code(), StatusCode::kBadSignature);
    EXPECT_NE(block.status().message().find(reason), std::string::npos) << block.status().message();
  }

  const Key* rsa_ = &Rsa();
  const Key* ec_ = &Ec();
};

TEST_F(SchemeBlockTest, KeysAreAvailable) {
  ASSERT_NE(rsa_->private_key, nullptr);
  ASSERT_NE(ec_->private_key, nullptr);
}

TEST_F(SchemeBlockTest, RsaPkcs1SignerVerifies) {
  Result<SchemeBlock> block = Verify(*rsa_, SignerSpec{});
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  ASSERT_EQ(block->signers.size(), 1u);
  const SchemeSigner& s = block->signers[0];
  EXPECT_EQ(s.signature_algorithm, kRsaPkcs1Sha256);
  EXPECT_EQ(s.content_digest_algorithm, ContentDigestAlgorithm::kChunkedSha256);
  EXPECT_EQ(s.content_digest, DigestFor(kRsaPkcs1Sha256));
  EXPECT_EQ(s.certificate.der, rsa_->cert);
  EXPECT_EQ(s.certificate.subject, "CN=Test RSA, O=appvault");
}

TEST_F(SchemeBlockTest, TheStrongestAlgorithmIsChosen) {
  SignerSpec spec;
  spec.signature_algorithms = {kRsaPssSha256, kRsaPssSha512, kRsaPkcs1Sha256};
  Result<SchemeBlock> block = Verify(*rsa_, spec);
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  EXPECT_EQ(block->signers[0].signature_algorithm, kRsaPssSha512);
  EXPECT_EQ(block->signers[0].content_digest_algorithm, ContentDigestAlgorithm::kChunkedSha512);
  EXPECT_EQ(block->signers[0].content_digest, DigestFor(kRsaPssSha512));
}

TEST_F(SchemeBlockTest, PssSha256Verifies) {
  SignerSpec spec;
  spec.signature_algorithms = {kRsaPssSha256};
  Result<SchemeBlock> block = Verify(*rsa_, spec);
  ASSERT_TRUE(block.ok()) << block.status().ToString();
}

TEST_F(SchemeBlockTest, EcdsaSignerVerifies) {
  SignerSpec spec;
  spec.signature_algorithms = {kEcdsaSha256};
  Result<SchemeBlock> block = Verify(*ec_, spec);
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  EXPECT_EQ(block->signers[0].certificate.subject, "CN=Test EC, OU=Signing, O=appvault");
}

TEST_F(SchemeBlockTest, VerityVariantsAreSkipped) {
  SignerSpec spec;
  spec.signature_algorithms = {kVerityRsaPkcs1Sha256, kRsaPkcs1Sha256};
  Result<SchemeBlock> block = Verify(*rsa_, spec);
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  EXPECT_EQ(block->signers[0].signature_algorithm, kRsaPkcs1Sha256);
}

TEST_F(SchemeBlockTest, OnlyVerityIsRefused) {
  SignerSpec spec;
  spec.signature_algorithms = {kVerityRsaPkcs1Sha256};
  ExpectRefused(*rsa_, spec, "no supported signature algorithm");
}

TEST_F(SchemeBlockTest, AlgorithmOfAnotherKeyTypeIsRefused) {
  SignerSpec spec;
  spec.signature_algorithms = {kRsaPkcs1Sha256};
  spec.certificate = ec_->cert;
  spec.public_key = ec_->spki;
  ExpectRefused(*rsa_, spec, "with a key of another type");
}

TEST_F(SchemeBlockTest, TamperedSignedDataIsRefused) {
  SignerSpec spec;
  spec.tamper_signed_data = true;
  ExpectRefused(*rsa_, spec,
                "APK Signature Scheme v2 signer #1: signed data: RSA_PKCS1_V1_5_WITH_SHA256");
}

TEST_F(SchemeBlockTest, DigestAndSignatureAlgorithmListsMustMatch) {
  SignerSpec spec;
  spec.signature_algorithms = {kRsaPkcs1Sha256, kRsaPssSha256};
  spec.digest_algorithms = std::vector<std::uint32_t>{kRsaPkcs1Sha256};
  ExpectRefused(*rsa_, spec, "signature algorithms don't match");
}

TEST_F(SchemeBlockTest, CertificateMustCarryTheSigningKey) {
  SignerSpec spec;
  spec.certificate = ec_->cert;
  ExpectRefused(*rsa_, spec, "public key mismatch");
}

TEST_F(SchemeBlockTest, StrippingProtectionAttributeIsRead) {
  SignerSpec spec;
  spec.attributes = Seq({U32(kStrippingProtectionAttributeId) + U32(3)});
  Result<SchemeBlock> block = Verify(*rsa_, spec);
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  EXPECT_TRUE(block->signers[0].claims_v3);
}

TEST_F(SchemeBlockTest, V3ReportsItsSdkRange) {
  SignerSpec spec;
  spec.version = 3;
  spec.min_sdk = 30;
  spec.max_sdk = 33;
  Result<SchemeBlock> block = Verify(*rsa_, spec);
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  EXPECT_EQ(block->signers[0].min_sdk, 30u);
  EXPECT_EQ(block->signers[0].max_sdk, 33u);
}

TEST_F(SchemeBlockTest, V3SdkRangeMustMatchSignedData) {
  SignerSpec spec;
  spec.version = 3;
  spec.signed_min_sdk = 24;
  ExpectRefused(*rsa_, spec, "SDK version range differs");
}

TEST_F(SchemeBlockTest, V3InvertedSdkRangeIsRefused) {
  SignerSpec spec;
  spec.version = 3;
  spec.min_sdk = 30;
  spec.max_sdk = 29;
  ExpectRefused(*rsa_, spec, "invalid SDK version range 30-29");
}

TEST_F(SchemeBlockTest, V3SignersWithOverlappingRangesAreRefused) {
  SignerSpec a, b;
  a.version = b.version = 3;
  a.min_sdk = 24;
  a.max_sdk = 30;
  b.signature_algorithms = {kEcdsaSha256};
  b.min_sdk = 28;
  Result<SchemeBlock> block =
      VerifySchemeBlock(3, BuildBlock({BuildSigner(*rsa_, a), BuildSigner(*ec_, b)}));
  ASSERT_FALSE(block.ok());
  EXPECT_NE(block.status().message().find("overlapping"), std::string::npos);
  b.min_sdk = 31;
  block = VerifySchemeBlock(3, BuildBlock({BuildSigner(*rsa_, a), BuildSigner(*ec_, b)}));
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  EXPECT_EQ(block->signers.size(), 2u);
}

// A proof-of-rotation attribute from old to new; forged: the link's signature is wrong.
std::string Rotation(const Key& old_key, const Key& new_key, bool forged = false) {
  const std::string first = Lp(old_key.cert) + U32(0);
  const std::string second = Lp(new_key.cert) + U32(kRsaPkcs1Sha256);
  std::string link = Sign(old_key.private_key.get(), kRsaPkcs1Sha256, second);
  if (forged) link[10] ^= 1;
  const std::string nodes = Seq({Lp(first) + U32(0x17) + U32(kRsaPkcs1Sha256) + Lp(""),
                                 Lp(second) + U32(0x17) + U32(0) + Lp(link)});
  return Seq({U32(kProofOfRotationAttributeId) + U32(1) + nodes});
}

TEST_F(SchemeBlockTest, V3ProofOfRotationIsVerified) {
  SignerSpec spec;
  spec.version = 3;
  spec.signature_algorithms = {kEcdsaSha256};
  spec.attributes = Rotation(*rsa_, *ec_);
  Result<SchemeBlock> block = Verify(*ec_, spec);
  ASSERT_TRUE(block.ok()) << block.status().ToString();
  const std::vector<Sha256>& lineage = block->signers[0].lineage;
  ASSERT_EQ(lineage.size(), 2u);
  auto hex = [](const std::string& der) {
    std::string d = Digest(DigestAlgorithm::kSha256, der);
    Sha256::Bytes b;
    std::copy(d.begin(), d.end(), b.begin());
    return Sha256(b);
  };
  EXPECT_EQ(lineage[0], hex(rsa_->cert));
  EXPECT_EQ(lineage[1], hex(ec_->cert));
}

TEST_F(SchemeBlockTest, V3ForgedProofOfRotationIsRefused) {
  SignerSpec spec;
  spec.version = 3;
  spec.signature_algorithms = {kEcdsaSha256};
  spec.attributes = Rotation(*rsa_, *ec_, /*forged=*/true);
  ExpectRefused(*ec_, spec, "signing certificate lineage: certificate #2: RSA_PKCS1_V1_5");
}

TEST_F(SchemeBlockTest, V3ProofOfRotationMustEndWithTheSigner) {
  SignerSpec spec;
  spec.version = 3;
  spec.attributes = Rotation(*rsa_, *ec_);
  ExpectRefused(*rsa_, spec, "last certificate of the signing certificate lineage");
}

TEST_F(SchemeBlockTest, MalformedBlocksAreRefused) {
  const std::string signer = BuildSigner(*rsa_, SignerSpec{});
  const std::string cases[] = {
      "",                                                                   // nothing
      U32(10),                                                              // sequence overruns
      BuildBlock({}),                                                       // no signers
      BuildBlock({signer.substr(0, 40)}),                                   // truncated signer
      BuildBlock(std::vector<std::string>(kMaxSchemeSigners + 1, signer)),  // too many
  };
  for (const std::string& value : cases) {
    Result<SchemeBlock> block = VerifySchemeBlock(2, value);
    ASSERT_FALSE(block.ok());
    EXPECT_EQ(block.status().code(), StatusCode::kBadSignature);
  }
}

TEST_F(SchemeBlockTest, ContentDigestsAreComparedPerSigner) {
  Result<SchemeBlock> block = Verify(*rsa_, SignerSpec{});
  ASSERT_TRUE(block.ok());
  EXPECT_EQ(ContentDigestsNeeded(*block),
            std::vector<ContentDigestAlgorithm>{ContentDigestAlgorithm::kChunkedSha256});
  FileDigests digests;
  digests.content[ContentDigestAlgorithm::kChunkedSha256] = DigestFor(kRsaPkcs1Sha256);
  EXPECT_TRUE(CheckContentDigests(*block, digests).ok());
  digests.content[ContentDigestAlgorithm::kChunkedSha256][0] ^= 1;
  Status s = CheckContentDigests(*block, digests);
  EXPECT_EQ(s.code(), StatusCode::kBadSignature);
  EXPECT_NE(s.message().find("CHUNKED_SHA256 digest mismatch"), std::string::npos);
}

}  // namespace
}  // namespace appvault::pkg
