// CheckAgainstPlan: only the plan's exact file passes — the check is what stands between the
// network and the device.
#include "client/restore/item_installer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/sha256_hasher.h"
#include "client/client_test_util.h"

namespace appvault::client::restore {
namespace {

namespace fs = std::filesystem;
using test::FixturePath;

// The plan's record of a package, as the library published it: its inspected facts.
Package Planned(const std::string& path) {
  Result<pkg::PackageFacts> facts = pkg::InspectPackage(path);
  EXPECT_TRUE(facts.ok()) << facts.status().ToString();
  if (!facts.ok()) return Package{};
  Package p;
  p.sha256 = facts->sha256;
  p.size = facts->size;
  p.platform = facts->platform;
  p.app = facts->app;
  p.version = facts->version;
  p.signer_sha256 = facts->signer_sha256.value_or(Sha256());
  return p;
}

void ExpectRefused(const std::string& path, const Package& planned, StatusCode code,
                   const std::string& reason) {
  Result<pkg::PackageFacts> checked = CheckAgainstPlan(path, planned);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), code) << checked.status().ToString();
  EXPECT_NE(checked.status().message().find(reason), std::string::npos)
      << checked.status().message();
}

TEST(CheckAgainstPlan, ThePlansFilePassesWithItsFacts) {
  const std::string path = FixturePath("v2_rsa.apk");
  Result<pkg::PackageFacts> checked = CheckAgainstPlan(path, Planned(path));
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_EQ(checked->sha256, base::HashBytes(test::ReadFile(path)));
  EXPECT_EQ(checked->app.str(), "org.appvault.v2rsa");
}

// Other bytes than the plan's — a server or a network that sends another file — are refused
// by their SHA-256, even when they are a valid package of the same app and signer.
TEST(CheckAgainstPlan, OtherBytesAreRefusedByTheirHash) {
  const std::string path = FixturePath("v2_rsa.apk");
  Package planned = Planned(path);
  planned.sha256 = base::HashBytes("some other file");
  ExpectRefused(path, planned, StatusCode::kDataLoss, "SHA-256");
}

TEST(CheckAgainstPlan, EveryFactMustBeThePlans) {
  const std::string path = FixturePath("v2_rsa.apk");
  Package planned = Planned(path);
  planned.version = Version::Android(planned.version.code() + 1);
  ExpectRefused(path, planned, StatusCode::kDataLoss, "version code");
  planned = Planned(path);
  planned.signer_sha256 = base::HashBytes("another certificate");
  ExpectRefused(path, planned, StatusCode::kDataLoss, "signer");
}

TEST(CheckAgainstPlan, AFileThatIsNoPackageIsRefused) {
  test::TempDir tmp;
  const std::string path = tmp.Join("not.apk");
  test::WriteFile(path, "not a zip at all");
  Package planned = Planned(FixturePath("v2_rsa.apk"));
  planned.sha256 = base::HashBytes("not a zip at all");
  ExpectRefused(path, planned, StatusCode::kInvalidPackage, "the downloaded package is refused");
}

}  // namespace
}  // namespace appvault::client::restore

namespace appvault::client::restore {
namespace {

// CONTRACT §4 rule 5 on the client: the backed-up configuration goes only into a package of
// the certificate the backup recorded, or of one its verified v3 rotation proof descends
// from — read from the downloaded file, whatever the plan says.
TEST(CheckConfigSigner, ConfigurationOnlyIntoThePackageOfTheBackedUpSignerLineage) {
  Result<pkg::PackageFacts> rsa = pkg::InspectPackage(test::FixturePath("v2_rsa.apk"));
  Result<pkg::PackageFacts> ec = pkg::InspectPackage(test::FixturePath("v2_ec.apk"));
  // rotated_v123.apk: v1/v2 by the rsa key, v3 by the ec key with a proof rsa → ec.
  Result<pkg::PackageFacts> rotated = pkg::InspectPackage(test::FixturePath("rotated_v123.apk"));
  ASSERT_TRUE(rsa.ok() && ec.ok() && rotated.ok());
  ASSERT_EQ(rotated->signer_sha256, ec->signer_sha256);
  ASSERT_EQ(rotated->signer_lineage,
            (std::vector<Sha256>{*rsa->signer_sha256, *ec->signer_sha256}));
  PlanEntry entry;
  entry.backup_signer_sha256 = rsa->signer_sha256;
  EXPECT_TRUE(CheckConfigSigner(entry, *rsa).ok());
  EXPECT_TRUE(CheckConfigSigner(entry, *rotated).ok()) << "a rotation successor keeps the settings";
  Status other = CheckConfigSigner(entry, *ec);  // the same new key, but no proof from rsa
  EXPECT_EQ(other.code(), StatusCode::kDataLoss);
  EXPECT_NE(other.message().find(ec->signer_sha256->Short()), std::string::npos);
  EXPECT_NE(other.message().find(rsa->signer_sha256->Short()), std::string::npos);
  // The newer certificate does not vouch for the older one.
  entry.backup_signer_sha256 = ec->signer_sha256;
  EXPECT_FALSE(CheckConfigSigner(entry, *rsa).ok());
  // A backup that recorded no signer: the software alone decided (the server's rule).
  entry.backup_signer_sha256.reset();
  EXPECT_TRUE(CheckConfigSigner(entry, *ec).ok());
}

}  // namespace
}  // namespace appvault::client::restore
