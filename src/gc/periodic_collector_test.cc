#include "gc/periodic_collector.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "gc/gc_test_world.h"

namespace appvault::gc {
namespace {

using namespace std::chrono_literals;

// Collections run on their own, every interval, and report what they did.
TEST(PeriodicCollector, CollectsEveryIntervalAndReports) {
  test::World world;
  std::int64_t ann = world.NewUser("ann");
  Sha256 unnamed = world.Upload(ann, "never named", 100);
  std::atomic<int> runs{0};
  std::atomic<std::size_t> deleted{0};
  {
    PeriodicCollector collector(
        world.store(), world.blobs(), [] { return test::WallClock(); }, 20ms,
        CollectOptions{.grace = 1h, .dry_run = false, .fault = nullptr},
        [&](const Result<CollectReport>& report) {
          ASSERT_TRUE(report.ok()) << report.status().ToString();
          deleted += report->deleted.size();
          ++runs;
        });
    for (int i = 0; i < 500 && runs < 3; ++i)
      std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(runs.load(), 3);
  EXPECT_EQ(deleted.load(), 1u);  // once; the later runs found nothing
  EXPECT_FALSE(world.HasBytes(unnamed));
}

// Stopping does not wait for the next interval.
TEST(PeriodicCollector, StopsAtOnceBetweenRuns) {
  test::World world;
  bool ran = false;
  auto started = std::chrono::steady_clock::now();
  {
    PeriodicCollector collector(
        world.store(), world.blobs(), [] { return test::WallClock(); }, 1h, CollectOptions{},
        [&](const Result<CollectReport>&) { ran = true; });
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_FALSE(ran);  // the first run is one interval after the start
}

}  // namespace
}  // namespace appvault::gc
