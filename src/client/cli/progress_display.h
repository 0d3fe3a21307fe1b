// ProgressDisplay: what `appvault restore` shows while it works.
//   live   (stdout is a terminal): a block redrawn at most 10 times a second — one row per app
//          downloading (bytes, percent), and a total row (bytes, rate, ETA, apps done) —
//          with a line per finished app scrolling above it;
//   lines  (stdout is a file or a pipe): one line per finished app, nothing else;
//   quiet  (--json): nothing (the command prints the JSON document at the end).
// Each mode ends with a summary line (not in quiet mode).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "client/restore/restore_engine.h"

namespace appvault::client::cli {

// "0 B", "999 B", "1.5 KB", "12.3 MB", "1.02 GB" (powers of 1000, as transfer rates are).
std::string FormatBytes(std::uint64_t bytes);
// "0:07", "12:34", "1:02:03"; "--:--" for a negative or unknown (infinite) time.
std::string FormatEta(double seconds);

// Thread-safety: the engine serialises the calls (restore_engine.h); Finish after Restore.
class ProgressDisplay : public restore::RestoreObserver {
 public:
  enum class Mode { kLive, kLines, kQuiet };
  using Clock = std::chrono::steady_clock;

  // kQuiet with --json, else kLive when fd is a terminal, else kLines.
  static Mode ModeFor(bool json, int fd);

  // out must outlive the display; now is the clock (injected for tests); width is the
  // terminal's width in columns (rows are cut to fit, so redrawing never wraps).
  ProgressDisplay(Mode mode, std::ostream& out, std::function<Clock::time_point()> now, int width);

  void OnStart(const std::vector<restore::ItemPlanned>& items) override;
  void OnBytes(std::size_t index, std::uint64_t have, std::uint64_t received) override;
  void OnItemDone(std::size_t index, const restore::ItemReport& report) override;

  // Clears the live block and prints the summary: "restored 3 of 4 apps (1 not done);
  // downloaded 12.3 MB in 4.1 s".
  void Finish(const std::vector<restore::ItemReport>& reports);

 private:
  struct Row {
    std::string app;
    std::uint64_t expected = 0;
    std::uint64_t have = 0;
    std::uint64_t received = 0;
    bool done = false;
  };

  void Redraw(bool force);
  void ClearBlock();
  std::vector<std::string> BlockLines() const;
  std::string TotalLine() const;
  double Rate() const;  // bytes per second over the last few seconds
  std::string Fit(std::string line) const;

  Mode mode_;
  std::ostream& out_;
  std::function<Clock::time_point()> now_;
  int width_;
  std::vector<Row> rows_;
  std::vector<std::string> finished_lines_;  // not printed yet
  std::size_t done_ = 0;
  std::uint64_t expected_total_ = 0;
  Clock::time_point started_;
  Clock::time_point last_draw_;
  int drawn_lines_ = 0;  // lines of the live block on screen now
  std::deque<std::pair<Clock::time_point, std::uint64_t>> samples_;  // (time, received total)
};

}  // namespace appvault::client::cli
