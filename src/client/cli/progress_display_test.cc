#include "client/cli/progress_display.h"

#include <gtest/gtest.h>

#include <sstream>

namespace appvault::client::cli {
namespace {

using Clock = ProgressDisplay::Clock;
using restore::ItemReport;
using restore::RestoreOutcome;

TEST(ProgressDisplayTest, FormatsBytesAndTimes) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(999), "999 B");
  EXPECT_EQ(FormatBytes(1500), "1.50 KB");
  EXPECT_EQ(FormatBytes(12'345'678), "12.3 MB");
  EXPECT_EQ(FormatBytes(523'000'000), "523 MB");
  EXPECT_EQ(FormatBytes(1'020'000'000), "1.02 GB");
  EXPECT_EQ(FormatEta(7), "0:07");
  EXPECT_EQ(FormatEta(754), "12:34");
  EXPECT_EQ(FormatEta(3723), "1:02:03");
  EXPECT_EQ(FormatEta(-1), "--:--");
}

ItemReport Installed(const std::string& app) {
  ItemReport report;
  report.app = app;
  report.installed_app = app;
  report.outcome = RestoreOutcome::kInstalled;
  report.version_code.emplace(1, '2');  // (not = "2": a false -Wrestrict in g++ 12)
  report.done = true;
  report.bytes_downloaded = 4'000'000;
  return report;
}

// Not a terminal: one line per finished app, then the summary; nothing redrawn.
TEST(ProgressDisplayTest, PlainLinesWhenNotATerminal) {
  std::ostringstream out;
  Clock::time_point now{};
  ProgressDisplay display(
      ProgressDisplay::Mode::kLines, out, [&] { return now; }, 80);
  display.OnStart({{"org.a", 4'000'000}, {"org.b", 0}});
  display.OnBytes(0, 1'000'000, 1'000'000);
  EXPECT_EQ(out.str(), "");
  ItemReport failed;
  failed.app = "org.b";
  failed.outcome = RestoreOutcome::kNotBackedUp;
  display.OnItemDone(1, failed);
  display.OnItemDone(0, Installed("org.a"));
  now += std::chrono::milliseconds(2500);
  display.Finish({Installed("org.a"), failed});
  EXPECT_EQ(out.str(),
            "org.b: not_backed_up\n"
            "org.a: installed version 2\n"
            "restored 1 of 2 apps (1 not done); downloaded 4.00 MB in 2.5 s\n");
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
}

// A terminal: the block is redrawn at most every 100 ms, with the rate and the ETA.
TEST(ProgressDisplayTest, LiveBlockWithRateAndEta) {
  std::ostringstream out;
  Clock::time_point now{};
  ProgressDisplay display(
      ProgressDisplay::Mode::kLive, out, [&] { return now; }, 100);
  display.OnStart({{"org.a", 10'000'000}, {"org.b", 10'000'000}});
  now += std::chrono::seconds(1);
  display.OnBytes(0, 5'000'000, 5'000'000);  // 5 MB in 1 s; 15 MB to go: 3 s
  std::string drawn = out.str();
  EXPECT_NE(drawn.find("org.a"), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("50%"), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("total 5.00 MB / 20.0 MB  5.00 MB/s  ETA 0:03  0/2 apps done"),
            std::string::npos)
      << drawn;
  now += std::chrono::milliseconds(10);
  display.OnBytes(0, 6'000'000, 6'000'000);  // too soon: not drawn
  EXPECT_EQ(out.str(), drawn);
  now += std::chrono::milliseconds(100);
  display.OnItemDone(0, Installed("org.a"));
  EXPECT_NE(out.str().find("\x1b[2F\x1b[J"), std::string::npos);  // the old block cleared
  EXPECT_NE(out.str().find("org.a: installed version 2\n"), std::string::npos);
}

TEST(ProgressDisplayTest, QuietPrintsNothing) {
  std::ostringstream out;
  ProgressDisplay display(
      ProgressDisplay::Mode::kQuiet, out, [] { return Clock::now(); }, 80);
  display.OnStart({{"org.a", 10}});
  display.OnBytes(0, 5, 5);
  display.OnItemDone(0, Installed("org.a"));
  display.Finish({Installed("org.a")});
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(ProgressDisplay::ModeFor(true, 1), ProgressDisplay::Mode::kQuiet);
}

}  // namespace
}  // namespace appvault::client::cli
