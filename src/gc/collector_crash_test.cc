// Garbage collection survives a crash at every step: the collection is run in a child
// process that ends itself (_exit, as a power cut would: no destructors, no rollback but
// SQLite's own) at the k-th fault point, for every k a whole collection passes. After each
// crash the data folder is opened again and checked: no referenced blob deleted, no record
// naming missing bytes; then a collection runs to the end and leaves only what is
// referenced or young.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gc/collector.h"
#include "gc/gc_test_world.h"

namespace appvault::gc {
namespace {

using namespace std::chrono_literals;
using test::Must;
using test::MustOk;

constexpr int kCrashed = 42;
constexpr std::int64_t kDay = 24 * 3600;

// What the scenario holds, by what should become of it.
struct Scenario {
  std::vector<Sha256> referenced;  // packages and named configurations: never deleted
  std::vector<Sha256> young;       // unreferenced but inside the grace period: kept
  std::vector<Sha256> garbage;     // unreferenced and old, or stray bytes: deleted
};

class CollectorCrashTest : public ::testing::Test {
 protected:
  // A user's forgotten and current snapshots, two unreferenced uploads (one old, one
  // young), a package with and one without its blob record, and stray bytes.
  Scenario Build(test::World& world) {
    Scenario s;
    std::int64_t ann = world.NewUser("ann");
    Sha256 old_config = world.Upload(ann, "forgotten settings", now_ - 3 * kDay);
    std::int64_t old_snapshot = world.Snapshot(ann, {old_config}, now_ - 3 * kDay);
    Sha256 config = world.Upload(ann, "current settings", now_ - 2 * kDay);
    world.Snapshot(ann, {config}, now_ - 2 * kDay);
    MustOk(world.store().DeleteSnapshots(ann, {old_snapshot}));
    Sha256 unnamed = world.Upload(ann, "an old upload never named", now_ - 2 * kDay);
    Sha256 pending = world.Upload(ann, "an upload whose backup is on its way", now_ - 60);
    s.referenced = {config, world.Publish(ann, "notes", "package"),
                    world.Publish(ann, "maps", "package without record", true)};
    s.young = {pending};
    s.garbage = {old_config, unnamed, world.Stray("stray bytes of an earlier crash")};
    return s;
  }

  CollectOptions Options(base::FaultHook fault = nullptr) const {
    // Bytes are stamped with the real clock, and now_ is 2 h 1 min ahead of it: a grace of
    // one hour takes the stray bytes and keeps the upload recorded a minute before now_.
    return CollectOptions{.grace = 1h, .dry_run = false, .fault = std::move(fault)};
  }

  // How many times a whole collection of the scenario calls its fault hook.
  int CountFaultPoints() {
    test::World world;
    Build(world);
    int calls = 0;
    Must(Collect(world.store(), world.blobs(), now_,
                 Options([&](std::string_view) { return ++calls, Status::Ok(); })));
    return calls;
  }

  // Runs the collection in a child that crashes at the k-th fault point; returns the
  // point's name (the child tells through a pipe).
  std::string CrashAt(test::World& world, int k) {
    world.Close();
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      world.Open();
      int calls = 0;
      static_cast<void>(
          Collect(world.store(), world.blobs(), now_, Options([&](std::string_view point) {
                    if (++calls == k) {
                      static_cast<void>(::write(fds[1], point.data(), point.size()));
                      ::_exit(kCrashed);
                    }
                    return Status::Ok();
                  })));
      ::_exit(0);  // never reached the k-th point
    }
    ::close(fds[1]);
    char name[64] = {};
    ssize_t got = ::read(fds[0], name, sizeof(name) - 1);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == kCrashed) << "never reached #" << k;
    world.Open();
    return got > 0 ? std::string(name, static_cast<std::size_t>(got)) : std::string();
  }

  const std::int64_t now_ = test::WallClock() + 2 * 3600 + 60;
};

TEST_F(CollectorCrashTest, ACrashAtAnyStepLosesNothingReferencedAndTheNextRunFinishes) {
  const int points = CountFaultPoints();
  // Three blobs go: two records (3 points each) and stray bytes (2 points).
  ASSERT_EQ(points, 8);
  for (int k = 1; k <= points; ++k) {
    test::World world;
    Scenario s = Build(world);
    std::string point = CrashAt(world, k);
    SCOPED_TRACE("crashed at #" + std::to_string(k) + " " + point);
    std::vector<Sha256> kept = s.referenced;
    kept.insert(kept.end(), s.young.begin(), s.young.end());
    world.ExpectNothingNamedIsMissing(kept);

    Must(Collect(world.store(), world.blobs(), now_, Options()));
    world.ExpectNothingNamedIsMissing(kept);
    for (const Sha256& sha256 : s.garbage) {
      EXPECT_FALSE(world.HasBytes(sha256)) << sha256.Hex();
      EXPECT_FALSE(world.HasRecord(sha256)) << sha256.Hex();
    }
    EXPECT_TRUE(Must(Collect(world.store(), world.blobs(), now_, Options())).deleted.empty());
  }
}

}  // namespace
}  // namespace appvault::gc
