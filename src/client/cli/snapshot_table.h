// Snapshots as `appvault` prints them for people: one table row each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/snapshots.h"

namespace appvault::client::cli {

// A table of ID, DEVICE (name, else id), PLATFORM, TAKEN (UTC), APPS, CONFIG (yes/no);
// "no snapshots" when there is none.
void PrintSnapshotTable(const std::vector<api::SnapshotSummary>& snapshots);

// "2026-12-04T15:00:00Z" for seconds since the Unix epoch.
std::string SnapshotTime(std::int64_t seconds);

}  // namespace appvault::client::cli
