#include "core/retention.h"

#include <chrono>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>

namespace appvault {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

sys_days DayOf(std::int64_t seconds) {
  // Floor division, so that a moment before the epoch falls on the day it belongs to.
  std::int64_t day = seconds / 86400;
  if (seconds % 86400 < 0) --day;
  return sys_days(days(day));
}

std::int64_t DailyBucket(std::int64_t seconds) {
  return DayOf(seconds).time_since_epoch().count();
}

// ISO 8601: a week belongs to the year that holds its Thursday; week 1 holds January 4th.
std::int64_t WeeklyBucket(std::int64_t seconds) {
  sys_days day = DayOf(seconds);
  unsigned iso_weekday = std::chrono::weekday(day).iso_encoding();  // Monday 1 … Sunday 7
  sys_days thursday = day + days(4 - static_cast<int>(iso_weekday));
  year_month_day ymd(thursday);
  sys_days jan1 = sys_days(ymd.year() / std::chrono::January / 1);
  std::int64_t week = (thursday - jan1).count() / 7 + 1;
  return static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 100 + week;
}

std::int64_t MonthlyBucket(std::int64_t seconds) {
  year_month_day ymd(DayOf(seconds));
  return static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 100 +
         static_cast<unsigned>(ymd.month());
}

struct Rule {
  const char* name;
  int count;
  std::function<std::int64_t(std::int64_t created_at, std::size_t index)> bucket;
};

}  // namespace

Status ValidateRetentionPolicy(const RetentionPolicy& policy) {
  const std::pair<const char*, int> counts[] = {{"keep_last", policy.keep_last},
                                                {"keep_daily", policy.keep_daily},
                                                {"keep_weekly", policy.keep_weekly},
                                                {"keep_monthly", policy.keep_monthly}};
  bool any = false;
  for (const auto& [name, count] : counts) {
    if (count < 0 || count > RetentionPolicy::kMaxCount) {
      return Status(StatusCode::kInvalidArgument, std::string(name) + " must be between 0 and " +
                                                      std::to_string(RetentionPolicy::kMaxCount));
    }
    any = any || count > 0;
  }
  if (!any) {
    return Status(
        StatusCode::kInvalidArgument,
        "no keep rule given (keep_last, keep_daily, keep_weekly or keep_monthly above 0)");
  }
  return Status::Ok();
}

std::vector<RetentionVerdict> ApplyRetention(const std::vector<SnapshotTime>& newest_first,
                                             const RetentionPolicy& policy) {
  Rule rules[] = {
      {"last", policy.keep_last,
       [](std::int64_t, std::size_t index) { return static_cast<std::int64_t>(index); }},
      {"daily", policy.keep_daily, [](std::int64_t t, std::size_t) { return DailyBucket(t); }},
      {"weekly", policy.keep_weekly, [](std::int64_t t, std::size_t) { return WeeklyBucket(t); }},
      {"monthly", policy.keep_monthly,
       [](std::int64_t t, std::size_t) { return MonthlyBucket(t); }},
  };
  // The bucket each rule last kept a snapshot for: the newest snapshot of a bucket is the
  // first of it met, since the list runs from newest to oldest.
  std::optional<std::int64_t> last_bucket[std::size(rules)];
  std::vector<RetentionVerdict> verdicts(newest_first.size());
  for (std::size_t i = 0; i < newest_first.size(); ++i) {
    for (std::size_t r = 0; r < std::size(rules); ++r) {
      Rule& rule = rules[r];
      if (rule.count <= 0) continue;
      std::int64_t bucket = rule.bucket(newest_first[i].created_at, i);
      if (last_bucket[r] == bucket) continue;
      last_bucket[r] = bucket;
      --rule.count;
      verdicts[i].keep = true;
      verdicts[i].reasons.emplace_back(rule.name);
    }
  }
  return verdicts;
}

}  // namespace appvault
