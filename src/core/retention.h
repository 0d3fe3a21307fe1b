// Retention: which snapshots a `forget --keep-…` policy keeps (CONTRACT §6), with restic's
// meaning of the words. Pure: no I/O, no clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace appvault {

// How many snapshots of one device to keep, per rule. A snapshot that any rule keeps stays.
//   keep_last N     the N newest snapshots;
//   keep_daily N    for the N most recent days (UTC) that have a snapshot, that day's newest;
//   keep_weekly N   likewise per ISO 8601 week (Monday to Sunday, UTC);
//   keep_monthly N  likewise per calendar month (UTC).
struct RetentionPolicy {
  int keep_last = 0;
  int keep_daily = 0;
  int keep_weekly = 0;
  int keep_monthly = 0;

  // The largest count a rule takes (a snapshot limit per device is far below it).
  static constexpr int kMaxCount = 100000;
};

// Ok when every count is in 0..kMaxCount and at least one is positive (a policy that keeps
// nothing is refused, as restic refuses it: forgetting every snapshot is `forget --snapshot`
// one by one). Errors: kInvalidArgument naming the rule.
[[nodiscard]] Status ValidateRetentionPolicy(const RetentionPolicy& policy);

// One snapshot as the policy sees it.
struct SnapshotTime {
  std::int64_t created_at = 0;  // seconds since the Unix epoch
};

// What the policy says of one snapshot: kept or not, and by which rules ("last", "daily",
// "weekly", "monthly", in that order).
struct RetentionVerdict {
  bool keep = false;
  std::vector<std::string> reasons;
};

// The verdict for each snapshot of ONE device, in the order given.
// REQUIRES: `newest_first` sorted by created_at, newest first (ties in any fixed order: the
// earlier in the list counts as the newer); ValidateRetentionPolicy(policy).ok().
std::vector<RetentionVerdict> ApplyRetention(const std::vector<SnapshotTime>& newest_first,
                                             const RetentionPolicy& policy);

}  // namespace appvault
