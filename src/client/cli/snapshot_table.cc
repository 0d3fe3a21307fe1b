#include "client/cli/snapshot_table.h"

#include <chrono>
#include <iostream>

#include "client/cli/text_table.h"
#include "client/device_json.h"

namespace appvault::client::cli {

std::string SnapshotTime(std::int64_t seconds) {
  return FormatUtc(std::chrono::system_clock::from_time_t(static_cast<std::time_t>(seconds)));
}

void PrintSnapshotTable(const std::vector<api::SnapshotSummary>& snapshots) {
  if (snapshots.empty()) {
    std::cout << "no snapshots\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{
      {"ID", "DEVICE", "PLATFORM", "TAKEN", "APPS", "CONFIG"}};
  for (const api::SnapshotSummary& snapshot : snapshots) {
    rows.push_back({std::to_string(snapshot.snapshot_id),
                    snapshot.device_name.empty() ? snapshot.device_id : snapshot.device_name,
                    std::string(PlatformName(snapshot.platform)), SnapshotTime(snapshot.created_at),
                    std::to_string(snapshot.apps), snapshot.with_config ? "yes" : "no"});
  }
  PrintTextTable(rows);
}

}  // namespace appvault::client::cli
