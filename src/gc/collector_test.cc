#include "gc/collector.h"

#include <gtest/gtest.h>
#include <utime.h>

#include <filesystem>
#include <fstream>

#include "gc/gc_test_world.h"

namespace appvault::gc {
namespace {

using namespace std::chrono_literals;
using test::Must;
using test::MustOk;
using test::WallClock;

constexpr std::int64_t kDay = 24 * 3600;

std::vector<Sha256> NamesOf(const std::vector<Garbage>& garbage) {
  std::vector<Sha256> names;
  for (const Garbage& g : garbage)
    names.push_back(g.sha256);
  return names;
}

class CollectorTest : public ::testing::Test {
 protected:
  Result<CollectReport> CollectAt(std::int64_t now, bool dry_run = false) {
    return Collect(world_.store(), world_.blobs(), now,
                   CollectOptions{.grace = 24h, .dry_run = dry_run, .fault = nullptr});
  }

  test::World world_;
  const std::int64_t t0_ = WallClock();
};

// forget then gc: the forgotten snapshot's configuration goes (record, owner, bytes); the
// kept one's stays; the user's quota is given back.
TEST_F(CollectorTest, AForgottenSnapshotsConfigurationIsFreed) {
  std::int64_t ann = world_.NewUser("ann");
  Sha256 monday = world_.Upload(ann, "monday settings", t0_ - 3 * kDay);
  std::int64_t first = world_.Snapshot(ann, {monday}, t0_ - 3 * kDay);
  Sha256 wednesday = world_.Upload(ann, "wednesday settings!", t0_ - 2 * kDay);
  world_.Snapshot(ann, {wednesday}, t0_ - 2 * kDay);
  EXPECT_TRUE(Must(CollectAt(t0_)).deleted.empty());  // both referenced

  MustOk(world_.store().DeleteSnapshots(ann, {first}));
  CollectReport report = Must(CollectAt(t0_));
  ASSERT_EQ(NamesOf(report.deleted), std::vector<Sha256>{monday});
  EXPECT_EQ(report.deleted[0].kind, Garbage::Kind::kRecord);
  EXPECT_EQ(report.bytes_freed, std::string("monday settings").size());
  EXPECT_FALSE(world_.HasBytes(monday));
  EXPECT_FALSE(world_.HasRecord(monday));
  EXPECT_FALSE(Must(world_.store().IsBlobOwner(monday, ann)));
  EXPECT_EQ(Must(world_.store().PrivateBytes(ann)), std::string("wednesday settings!").size());
  EXPECT_TRUE(world_.HasBytes(wednesday));
  world_.ExpectNothingNamedIsMissing({wednesday});
  EXPECT_TRUE(Must(CollectAt(t0_)).deleted.empty());  // nothing left to do
}

// An upload whose backup was never recorded survives inside the grace period and goes
// after it; uploading the same bytes again starts the grace period again.
TEST_F(CollectorTest, AnUnrecordedBackupsUploadSurvivesTheGracePeriodOnly) {
  std::int64_t ann = world_.NewUser("ann");
  Sha256 pending = world_.Upload(ann, "uploaded, backup not yet recorded", t0_);
  EXPECT_TRUE(Must(CollectAt(t0_ + kDay - 1)).deleted.empty());
  EXPECT_TRUE(world_.HasBytes(pending));

  world_.Upload(ann, "uploaded, backup not yet recorded", t0_ + kDay - 1);  // again
  EXPECT_TRUE(Must(CollectAt(t0_ + kDay)).deleted.empty());
  EXPECT_TRUE(world_.HasBytes(pending));

  EXPECT_EQ(NamesOf(Must(CollectAt(t0_ + 2 * kDay - 1)).deleted), std::vector<Sha256>{pending});
  EXPECT_FALSE(world_.HasBytes(pending));
  EXPECT_FALSE(world_.HasRecord(pending));
}

// Packages are never collected, with or without their blob record.
TEST_F(CollectorTest, PackagesAreNeverCollected) {
  std::int64_t pub = world_.NewUser("pub");
  Sha256 recorded = world_.Publish(pub, "notes", "package bytes");
  Sha256 unrecorded = world_.Publish(pub, "maps", "other package bytes", /*without_record=*/true);
  EXPECT_TRUE(Must(CollectAt(t0_ + 1000 * kDay)).deleted.empty());
  world_.ExpectNothingNamedIsMissing({recorded, unrecorded});
}

// Bytes no record names (a crash between a record's deletion and its bytes') go once
// they are older than the grace period.
TEST_F(CollectorTest, BytesNoRecordNamesGoAfterTheGracePeriod) {
  Sha256 stray = world_.Stray("left behind by a crash");
  EXPECT_TRUE(Must(CollectAt(t0_ + kDay - 5)).deleted.empty());
  CollectReport report = Must(CollectAt(t0_ + kDay + 5));
  ASSERT_EQ(NamesOf(report.deleted), std::vector<Sha256>{stray});
  EXPECT_EQ(report.deleted[0].kind, Garbage::Kind::kBytes);
  EXPECT_EQ(report.bytes_freed, std::string("left behind by a crash").size());
  EXPECT_FALSE(world_.HasBytes(stray));
}

// A dry run reports what a collection would delete and deletes nothing.
TEST_F(CollectorTest, ADryRunDeletesNothing) {
  std::int64_t ann = world_.NewUser("ann");
  Sha256 unreferenced = world_.Upload(ann, "never named", t0_ - 2 * kDay);
  Sha256 stray = world_.Stray("stray");
  CollectReport dry = Must(CollectAt(t0_ + 2 * kDay, /*dry_run=*/true));
  EXPECT_EQ(NamesOf(dry.deleted), (std::vector<Sha256>{unreferenced, stray}));
  EXPECT_EQ(dry.bytes_freed, 0u);
  EXPECT_TRUE(world_.HasBytes(unreferenced));
  EXPECT_TRUE(world_.HasRecord(unreferenced));
  EXPECT_TRUE(world_.HasBytes(stray));
  CollectReport real = Must(CollectAt(t0_ + 2 * kDay));
  EXPECT_EQ(NamesOf(real.deleted), NamesOf(dry.deleted));
}

// Staged uploads abandoned long ago are removed; a recent one (an upload in progress) is
// not, even with no grace period at all.
TEST_F(CollectorTest, AbandonedUploadsGoButNotOneInProgress) {
  std::filesystem::path staging = std::filesystem::path(world_.blob_root()) / ".staging";
  std::ofstream(staging / "blob-abandoned") << "half an upload";
  std::ofstream(staging / "blob-in-progress") << "an upload";
  std::filesystem::last_write_time(staging / "blob-abandoned",
                                   std::filesystem::file_time_type::clock::now() - 2h);
  CollectReport report =
      Must(Collect(world_.store(), world_.blobs(), WallClock(),
                   CollectOptions{.grace = 0s, .dry_run = false, .fault = nullptr}));
  EXPECT_EQ(report.abandoned_uploads, 1u);
  EXPECT_EQ(report.abandoned_bytes, 14u);
  EXPECT_FALSE(std::filesystem::exists(staging / "blob-abandoned"));
  EXPECT_TRUE(std::filesystem::exists(staging / "blob-in-progress"));
}

// check's list: every unreferenced record and every unrecorded file, whatever their age.
TEST_F(CollectorTest, FindUnreferencedListsBothKindsWhateverTheirAge) {
  std::int64_t ann = world_.NewUser("ann");
  Sha256 named = world_.Upload(ann, "named", t0_);
  world_.Snapshot(ann, {named}, t0_);
  Sha256 young = world_.Upload(ann, "young and unnamed", t0_);
  Sha256 stray = world_.Stray("stray bytes");
  std::vector<Garbage> found = Must(FindUnreferenced(world_.store(), world_.blobs()));
  ASSERT_EQ(NamesOf(found), (std::vector<Sha256>{young, stray}));
  EXPECT_EQ(Describe(found[0]), "blob record nothing references, 17 bytes");
  EXPECT_EQ(Describe(found[1]), "stored bytes no record names, 11 bytes");
  EXPECT_TRUE(world_.HasBytes(young));  // it only looks
}

// A failure part way (at each step in turn, each on the next blob) is returned, and what it
// leaves is safe; the next collection finishes the work.
TEST_F(CollectorTest, AFailurePartWayLeavesNothingNamedMissing) {
  std::int64_t ann = world_.NewUser("ann");
  Sha256 a = world_.Upload(ann, "first unnamed", t0_ - 2 * kDay);
  Sha256 b = world_.Upload(ann, "second unnamed", t0_ - 2 * kDay);
  Sha256 c = world_.Upload(ann, "third unnamed", t0_ - 2 * kDay);
  Sha256 kept = world_.Upload(ann, "named", t0_ - 2 * kDay);
  world_.Snapshot(ann, {kept}, t0_);
  for (const char* point : {"gc:record-deleted", "gc:bytes-removing", "gc:bytes-removed"}) {
    CollectOptions failing{.grace = 24h, .dry_run = false, .fault = [&](std::string_view at) {
                             return at == point ? Status(StatusCode::kUnavailable, "injected")
                                                : Status::Ok();
                           }};
    Result<CollectReport> failed = Collect(world_.store(), world_.blobs(), t0_, failing);
    EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable) << point;
    world_.ExpectNothingNamedIsMissing({kept});
  }
  Must(CollectAt(t0_ + 2 * kDay));  // stray bytes of the failed steps are old enough now
  EXPECT_FALSE(world_.HasBytes(a));
  EXPECT_FALSE(world_.HasBytes(b));
  EXPECT_FALSE(world_.HasRecord(a));
  EXPECT_FALSE(world_.HasRecord(b));
  EXPECT_FALSE(world_.HasBytes(c));
  EXPECT_FALSE(world_.HasRecord(c));
  world_.ExpectNothingNamedIsMissing({kept});
}

}  // namespace
}  // namespace appvault::gc
