// The fixture and test data of the MetadataStore conformance suite (store_conformance_test.h).
//
// A Factory is a default-constructible type with
//     Result<std::unique_ptr<MetadataStore>> Create();
// that gives a fresh, empty store on every call. One factory is made per test and
// destroyed after the store it made, so it may own and clean up the store's resources
// (a temporary folder, a database schema).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"

namespace appvault::store::conformance {

// The wire name of a status's code, so failures print "conflict" rather than 5.
inline std::string CodeOf(const Status& status) {
  return std::string(CodeName(status.code()));
}

// The value of a result that must be ok; a failure fails the test (and value() throws).
template <typename T>
T Must(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return std::move(result).value();
}

inline void MustOk(const Status& status) {
  EXPECT_TRUE(status.ok()) << status.ToString();
}

// prefix + n, e.g. "s3" (built by appending: GCC 12 -Wrestrict misfires on "s" + to_string).
inline std::string Numbered(std::string prefix, int n) {
  prefix += std::to_string(n);
  return prefix;
}

// A digest with every byte `seed`: distinct seeds give distinct, ordered digests.
inline Sha256 DigestOf(std::uint8_t seed) {
  Sha256::Bytes bytes;
  bytes.fill(seed);
  return Sha256(bytes);
}

inline Version VersionOf(Platform platform, std::string_view text) {
  return Must(Version::Parse(platform, text));
}

inline AppId AppOf(std::string_view text) {
  return Must(AppId::Parse(text));
}

inline SoftwareRecord SoftwareOf(const std::string& id, const std::string& category,
                                 std::int64_t owner_id) {
  SoftwareRecord record;
  record.software = Software{id, "Name " + id, "Publisher " + id, category, "About " + id, 0};
  record.owner_id = owner_id;
  record.created_at = 1000;
  return record;
}

// What a test says about a package; the rest gets fixed test values.
struct PackageSpec {
  std::string software_id = "";
  Platform platform = Platform::kAndroid;
  std::string app = "com.example.app";
  std::string version = "1";
  std::vector<std::string> abis = {};
  std::uint8_t sha = 1;                    // the package's digest: DigestOf(sha)
  std::uint8_t signer = 200;               // the signer's digest: DigestOf(signer)
  std::vector<std::uint8_t> lineage = {};  // its v3 rotation proof: DigestOf each, oldest first
};

inline PackageRecord PackageOf(const PackageSpec& spec, std::int64_t publisher_id) {
  PackageRecord record;
  Package& p = record.package;
  p.sha256 = DigestOf(spec.sha);
  p.size = 1000u + spec.sha;
  p.software_id = spec.software_id;
  p.platform = spec.platform;
  p.app = AppOf(spec.app);
  p.version = VersionOf(spec.platform, spec.version);
  p.version_name = "v" + spec.version;
  p.abis = spec.abis;
  p.signer_sha256 = DigestOf(spec.signer);
  for (std::uint8_t certificate : spec.lineage)
    p.signer_lineage.push_back(DigestOf(certificate));
  record.signer_subject = "CN=Signer " + std::to_string(spec.signer);
  record.published_by = publisher_id;
  record.published_at = 2000;
  return record;
}

// An app set: the package of `spec` as its base, with an ABI split (digest split_sha), a
// language split (split_sha + 1) and a feature split (split_sha + 2) whose ABI split is
// split_sha + 3 (CONTRACT §7).
inline PackageRecord SetOf(const PackageSpec& spec, std::int64_t publisher_id,
                           std::uint8_t split_sha) {
  PackageRecord record = PackageOf(spec, publisher_id);
  Package& p = record.package;
  p.required_split_types = {"base__abi"};
  p.split_types = {"base__base"};
  auto split = [&](std::string name, std::uint8_t sha, SplitKind kind) {
    SplitMember m;
    m.name = std::move(name);
    m.sha256 = DigestOf(sha);
    m.size = 500u + sha;
    m.kind = kind;
    return m;
  };
  SplitMember abi = split("config.arm64_v8a", split_sha, SplitKind::kAbi);
  abi.abi = "arm64-v8a";
  abi.abis = {"arm64-v8a"};
  abi.split_types = {"base__abi"};
  SplitMember language = split("config.fr", split_sha + 1, SplitKind::kLanguage);
  language.locale = "fr";
  SplitMember feature = split("camera", split_sha + 2, SplitKind::kFeature);
  feature.required_split_types = {"camera__abi"};
  SplitMember feature_abi = split("camera.config.arm64_v8a", split_sha + 3, SplitKind::kAbi);
  feature_abi.config_for = "camera";
  feature_abi.abi = "arm64-v8a";
  feature_abi.abis = {"arm64-v8a"};
  feature_abi.split_types = {"camera__abi"};
  SplitMember density = split("config.xxhdpi", split_sha + 4, SplitKind::kDensity);
  density.density = 480;
  p.splits = {feature, feature_abi, abi, language, density};  // by name
  return record;
}

inline BackupRecord BackupOf(const std::string& app, const std::string& version, std::int64_t at) {
  BackupRecord backup;
  backup.app = AppOf(app);
  backup.platform = Platform::kAndroid;
  backup.version = VersionOf(Platform::kAndroid, version);
  backup.version_name = "v" + version;
  backup.device_id = "device-1";
  backup.backed_up_at = at;
  return backup;
}

// A device of the user with a test profile.
inline Device DeviceOf(const std::string& id, std::int64_t user_id, std::int64_t created_at,
                       Platform platform = Platform::kAndroid) {
  Device device{id, user_id, "Phone " + id, DeviceProfile{}, created_at};
  device.profile.platform = platform;
  device.profile.os_version = VersionOf(platform, platform == Platform::kAndroid ? "30" : "16.4");
  device.profile.abis = platform == Platform::kAndroid
                            ? std::vector<std::string>{"x86_64", "arm64-v8a", "armeabi-v7a"}
                            : std::vector<std::string>{"arm64"};
  return device;
}

// A search; written as a call because SoftwareQuery's designated initialisers warn.
inline SoftwareQuery QueryOf(std::string text, std::string category = "",
                             std::optional<Platform> platform = std::nullopt,
                             std::size_t limit = 100, std::size_t offset = 0) {
  SoftwareQuery query;
  query.text = std::move(text);
  query.category = std::move(category);
  query.platform = platform;
  query.limit = limit;
  query.offset = offset;
  return query;
}

// The versions of packages, in order, for comparing orderings.
inline std::vector<std::string> VersionsOf(const std::vector<PackageRecord>& packages) {
  std::vector<std::string> versions;
  for (const PackageRecord& record : packages)
    versions.push_back(record.package.version.text());
  return versions;
}

template <typename Factory>
class StoreConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<MetadataStore>> made = factory_.Create();
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    store_ = std::move(made).value();
  }

  MetadataStore& store() { return *store_; }

  // A new user's id.
  std::int64_t NewUser(const std::string& name, Role role = Role::kUser) {
    return Must(store_->CreateUser(name, "hash-" + name, role, 100)).id;
  }

  // Records the private blobs DigestOf(seed) for each seed as uploads of `user` (a backup
  // may name only configuration blobs its user uploaded).
  void Upload(std::int64_t user, std::initializer_list<std::uint8_t> seeds) {
    for (std::uint8_t seed : seeds) {
      MustOk(store_->RecordBlob(BlobRecord{DigestOf(seed), 10, BlobKind::kPrivate, 100}, user));
    }
  }

  // Publishes a package (creating its software, uncategorised unless given) as `publisher`.
  Status Publish(const PackageSpec& spec, std::int64_t publisher,
                 const std::string& category = "") {
    return store_->AddPackage(SoftwareOf(spec.software_id, category, publisher),
                              PackageOf(spec, publisher));
  }

 private:
  Factory factory_;  // destroyed after the store it made
  std::unique_ptr<MetadataStore> store_;
};

}  // namespace appvault::store::conformance
