#include "client/cli/progress_display.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "client/cli/terminal_text.h"

namespace appvault::client::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(100);  // at most 10 per second
constexpr auto kRateWindow = std::chrono::seconds(5);
constexpr std::size_t kMaxRows = 8;  // apps shown downloading at once; more are counted

std::string Percent(std::uint64_t have, std::uint64_t expected) {
  if (expected == 0) return "";
  return std::to_string(std::min<std::uint64_t>(100, have * 100 / expected)) + "%";
}

std::string PadRight(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

}  // namespace

std::string FormatBytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  if (bytes < 1000) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  for (value /= 1000; value >= 1000 && unit + 1 < std::size(kUnits); value /= 1000)
    ++unit;
  char text[32];
  std::snprintf(text, sizeof text,
                value < 10    ? "%.2f %s"
                : value < 100 ? "%.1f %s"
                              : "%.0f %s",
                value, kUnits[unit]);
  return text;
}

std::string FormatEta(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 360000) return "--:--";
  auto total = static_cast<long>(std::lround(seconds));
  char text[32];
  if (total >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", total / 60, total % 60);
  }
  return text;
}

ProgressDisplay::Mode ProgressDisplay::ModeFor(bool json, int fd) {
  if (json) return Mode::kQuiet;
  return ::isatty(fd) ? Mode::kLive : Mode::kLines;
}

ProgressDisplay::ProgressDisplay(Mode mode, std::ostream& out,
                                 std::function<Clock::time_point()> now, int width)
    : mode_(mode), out_(out), now_(std::move(now)), width_(std::max(width, 20)) {
  started_ = now_();
  last_draw_ = started_ - kRedrawInterval;
}

void ProgressDisplay::OnStart(const std::vector<restore::ItemPlanned>& items) {
  rows_.clear();
  for (const restore::ItemPlanned& item : items) {
    rows_.push_back(Row{item.app, item.expected, 0, 0, false});
    expected_total_ += item.expected;
  }
  started_ = now_();
  Redraw(true);
}

void ProgressDisplay::OnBytes(std::size_t index, std::uint64_t have, std::uint64_t received) {
  if (index >= rows_.size()) return;
  rows_[index].have = have;
  rows_[index].received = received;
  Redraw(false);
}

void ProgressDisplay::OnItemDone(std::size_t index, const restore::ItemReport& report) {
  if (index < rows_.size() && !rows_[index].done) {
    rows_[index].done = true;
    ++done_;
  }
  if (mode_ == Mode::kQuiet) return;
  finished_lines_.push_back(TerminalSafe(restore::DescribeReport(report)));
  Redraw(mode_ == Mode::kLines);
}

double ProgressDisplay::Rate() const {
  if (samples_.size() < 2) return 0;
  const auto& [t0, b0] = samples_.front();
  const auto& [t1, b1] = samples_.back();
  double seconds = std::chrono::duration<double>(t1 - t0).count();
  return seconds > 0 ? static_cast<double>(b1 - b0) / seconds : 0;
}

std::string ProgressDisplay::TotalLine() const {
  std::uint64_t have = 0;
  for (const Row& row : rows_)
    have += std::min(row.have, row.expected);
  double rate = Rate();
  double eta =
      rate > 0 ? static_cast<double>(expected_total_ - std::min(have, expected_total_)) / rate : -1;
  return "total " + FormatBytes(have) + " / " + FormatBytes(expected_total_) + "  " +
         FormatBytes(static_cast<std::uint64_t>(rate)) + "/s  ETA " + FormatEta(eta) + "  " +
         std::to_string(done_) + "/" + std::to_string(rows_.size()) + " apps done";
}

std::vector<std::string> ProgressDisplay::BlockLines() const {
  std::vector<std::string> lines;
  std::size_t active = 0;
  for (const Row& row : rows_) {
    if (row.done || row.have == 0 || row.expected == 0) continue;
    if (++active > kMaxRows) continue;
    lines.push_back(Fit("  " + PadRight(TerminalSafe(row.app), 32) + " " + FormatBytes(row.have) +
                        " / " + FormatBytes(row.expected) + "  " +
                        Percent(row.have, row.expected)));
  }
  if (active > kMaxRows) {
    lines.push_back("  … and " + std::to_string(active - kMaxRows) + " more downloading");
  }
  lines.push_back(Fit(TotalLine()));
  return lines;
}

std::string ProgressDisplay::Fit(std::string line) const {
  const auto limit = static_cast<std::size_t>(width_ - 1);
  if (line.size() > limit) line.resize(limit);
  return line;
}

void ProgressDisplay::ClearBlock() {
  if (drawn_lines_ > 0) out_ << "\x1b[" << drawn_lines_ << "F\x1b[J";  // up, then clear below
  drawn_lines_ = 0;
}

void ProgressDisplay::Redraw(bool force) {
  if (mode_ == Mode::kQuiet) return;
  const Clock::time_point now = now_();
  std::uint64_t received = 0;
  for (const Row& row : rows_)
    received += row.received;
  samples_.emplace_back(now, received);
  while (samples_.size() > 2 && now - samples_.front().first > kRateWindow)
    samples_.pop_front();
  if (!force && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  if (mode_ == Mode::kLines) {
    for (const std::string& line : finished_lines_)
      out_ << line << "\n";
    finished_lines_.clear();
    out_.flush();
    return;
  }
  ClearBlock();
  for (const std::string& line : finished_lines_)
    out_ << line << "\n";
  finished_lines_.clear();
  for (const std::string& line : BlockLines()) {
    out_ << line << "\n";
    ++drawn_lines_;
  }
  out_.flush();
}

void ProgressDisplay::Finish(const std::vector<restore::ItemReport>& reports) {
  if (mode_ == Mode::kQuiet) return;
  if (mode_ == Mode::kLive) ClearBlock();
  for (const std::string& line : finished_lines_)
    out_ << line << "\n";
  finished_lines_.clear();
  std::size_t done = 0;
  std::uint64_t downloaded = 0;
  for (const restore::ItemReport& report : reports) {
    if (report.done) ++done;
    downloaded += report.bytes_downloaded;
  }
  const double seconds = std::chrono::duration<double>(now_() - started_).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f s", seconds);
  out_ << "restored " << done << " of " << reports.size()
       << (reports.size() == 1 ? " app" : " apps");
  if (done < reports.size()) out_ << " (" << reports.size() - done << " not done)";
  out_ << "; downloaded " << FormatBytes(downloaded) << " in " << elapsed << "\n";
  out_.flush();
}

}  // namespace appvault::client::cli
