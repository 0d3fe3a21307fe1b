// ApplyRetention against restic's meaning of --keep-last/-daily/-weekly/-monthly: one case per
// rule, and the cases where rules meet (a snapshot kept by several, buckets without
// snapshots, week and year boundaries).
#include "core/retention.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace appvault {
namespace {

// Seconds since the epoch of a UTC date and hour.
std::int64_t At(int y, unsigned m, unsigned d, int hour = 12) {
  std::chrono::sys_days date = std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d);
  return date.time_since_epoch().count() * 86400 + hour * 3600;
}

// Which of the snapshots (newest first) the policy keeps, as a string of 'k' and '-'.
std::string Kept(const std::vector<std::int64_t>& newest_first, RetentionPolicy policy) {
  std::vector<SnapshotTime> times;
  for (std::int64_t t : newest_first)
    times.push_back({t});
  std::string out;
  for (const RetentionVerdict& v : ApplyRetention(times, policy))
    out += v.keep ? 'k' : '-';
  return out;
}

TEST(Retention, KeepLastKeepsTheNewest) {
  std::vector<std::int64_t> s = {At(2026, 3, 5), At(2026, 3, 4), At(2026, 3, 3), At(2026, 3, 2)};
  EXPECT_EQ(Kept(s, {.keep_last = 1}), "k---");
  EXPECT_EQ(Kept(s, {.keep_last = 3}), "kkk-");
  EXPECT_EQ(Kept(s, {.keep_last = 10}), "kkkk");
}

TEST(Retention, KeepDailyKeepsEachDaysNewestForTheMostRecentDaysWithSnapshots) {
  // Two on March 5th, one on the 4th, none on the 3rd, two on the 1st.
  std::vector<std::int64_t> s = {At(2026, 3, 5, 20), At(2026, 3, 5, 8), At(2026, 3, 4),
                                 At(2026, 3, 1, 23), At(2026, 3, 1, 1)};
  EXPECT_EQ(Kept(s, {.keep_daily = 1}), "k----");
  EXPECT_EQ(Kept(s, {.keep_daily = 2}), "k-k--");
  // A day without snapshots does not use up a count: the third day kept is March 1st.
  EXPECT_EQ(Kept(s, {.keep_daily = 3}), "k-kk-");
}

TEST(Retention, DaysAreUtcDays) {
  // 23:59:59 and 00:00:00 the next day are two days.
  std::int64_t midnight = At(2026, 3, 6, 0);
  EXPECT_EQ(Kept({midnight, midnight - 1}, {.keep_daily = 2}), "kk");
  EXPECT_EQ(Kept({midnight + 1, midnight}, {.keep_daily = 2}), "k-");
}

TEST(Retention, KeepWeeklyUsesIsoWeeksFromMondayToSunday) {
  // 2026-03-09 is a Monday; the 8th a Sunday of the week before.
  std::vector<std::int64_t> s = {At(2026, 3, 10), At(2026, 3, 9), At(2026, 3, 8), At(2026, 3, 2)};
  EXPECT_EQ(Kept(s, {.keep_weekly = 1}), "k---");
  EXPECT_EQ(Kept(s, {.keep_weekly = 2}), "k-k-");
}

TEST(Retention, AnIsoWeekSpansTheTurnOfTheYear) {
  // 2026-12-31 is a Thursday and 2027-01-01 a Friday: both in ISO week 2026-W53.
  // 2027-01-04 is the Monday of 2027-W01.
  std::vector<std::int64_t> s = {At(2027, 1, 4), At(2027, 1, 1), At(2026, 12, 31),
                                 At(2026, 12, 27)};
  EXPECT_EQ(Kept(s, {.keep_weekly = 3}), "kk-k");
  // Monthly, the same days are three months.
  EXPECT_EQ(Kept(s, {.keep_monthly = 3}), "k-k-");
}

TEST(Retention, KeepMonthlyKeepsEachMonthsNewest) {
  std::vector<std::int64_t> s = {At(2026, 5, 1), At(2026, 4, 30), At(2026, 4, 1), At(2026, 1, 15)};
  EXPECT_EQ(Kept(s, {.keep_monthly = 2}), "kk--");
  EXPECT_EQ(Kept(s, {.keep_monthly = 3}), "kk-k");
}

TEST(Retention, ASnapshotKeptByAnyRuleStaysAndNamesEveryRule) {
  std::vector<SnapshotTime> s = {{At(2026, 3, 5, 20)}, {At(2026, 3, 5, 8)}, {At(2026, 2, 20)}};
  std::vector<RetentionVerdict> v =
      ApplyRetention(s, {.keep_last = 2, .keep_daily = 1, .keep_monthly = 2});
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].keep);
  EXPECT_EQ(v[0].reasons, (std::vector<std::string>{"last", "daily", "monthly"}));
  EXPECT_TRUE(v[1].keep);
  EXPECT_EQ(v[1].reasons, (std::vector<std::string>{"last"}));
  EXPECT_TRUE(v[2].keep);
  EXPECT_EQ(v[2].reasons, (std::vector<std::string>{"monthly"}));
}

TEST(Retention, NoSnapshotsNoVerdicts) {
  EXPECT_TRUE(ApplyRetention({}, {.keep_last = 1}).empty());
}

TEST(Retention, APolicyThatKeepsNothingOrCountsOutOfRangeIsRefused) {
  EXPECT_TRUE(ValidateRetentionPolicy({.keep_last = 1}).ok());
  EXPECT_TRUE(ValidateRetentionPolicy({.keep_monthly = RetentionPolicy::kMaxCount}).ok());
  Status none = ValidateRetentionPolicy({});
  EXPECT_EQ(none.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.message().find("no keep rule"), std::string::npos);
  Status negative = ValidateRetentionPolicy({.keep_last = 1, .keep_weekly = -1});
  EXPECT_EQ(negative.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(negative.message().find("keep_weekly"), std::string::npos);
  EXPECT_FALSE(ValidateRetentionPolicy({.keep_daily = RetentionPolicy::kMaxCount + 1}).ok());
}

}  // namespace
}  // namespace appvault
