// restore --dry-run tells each plan item as it would be carried out.
#include "client/restore/dry_run.h"

#include <gtest/gtest.h>

namespace appvault::client::restore {
namespace {

PlanEntry Install() {
  PlanEntry entry;
  entry.requested = "notes";
  entry.app = "org.example.notes";
  entry.outcome = PlanOutcome::kInstall;
  entry.software_id = "notes";
  entry.version_code = "4";
  entry.version_name = "4.0";
  entry.snapshot_id = 12;
  PlannedPackage package;
  package.package.app = *AppId::Parse("org.example.notes");
  package.package.size = 2048;
  entry.package = package;
  entry.config = PlannedConfig{*Sha256::ParseHex(std::string(64, 'c')), "/v1/blobs/c"};
  return entry;
}

TEST(DryRunTest, AnInstallTellsVersionSnapshotAndConfiguration) {
  DryRunItem item = DescribePlanned(Install(), true);
  EXPECT_TRUE(item.would_install);
  EXPECT_TRUE(item.with_config);
  EXPECT_EQ(DescribeDryRun(item),
            "org.example.notes: would install version 4 (4.0) from snapshot 12, with its "
            "configuration");
  nlohmann::json json = DryRunItemJson(item);
  EXPECT_EQ(json["outcome"], "install");
  EXPECT_EQ(json["snapshot_id"], 12);
  EXPECT_EQ(json["config_restored"], true);
  EXPECT_EQ(json["package_bytes"], 2048);
  EXPECT_EQ(json["done"], false);
  EXPECT_EQ(json["bytes_downloaded"], 0);
}

TEST(DryRunTest, WithoutConfigOrAVerdictNothingComesAlong) {
  EXPECT_FALSE(DescribePlanned(Install(), false).with_config);
  PlanEntry missing;
  missing.app = "org.gone";
  missing.outcome = PlanOutcome::kNotInCatalog;
  missing.reason = "the library does not have it";
  DryRunItem item = DescribePlanned(missing, true);
  EXPECT_FALSE(item.would_install);
  EXPECT_FALSE(item.with_config);
  EXPECT_EQ(DescribeDryRun(item),
            "org.gone: would not be installed (not_in_catalog): the library does not have it");
  EXPECT_EQ(DryRunItemJson(item)["snapshot_id"], nullptr);
}

}  // namespace
}  // namespace appvault::client::restore
