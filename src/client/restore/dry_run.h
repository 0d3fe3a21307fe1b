// `appvault restore --dry-run` (CONTRACT §6): what a restore plan would do to the device,
// item by item, told without downloading or installing anything.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "client/restore/restore_plan.h"

namespace appvault::client::restore {

// One plan item as a dry run tells it.
struct DryRunItem {
  PlanEntry entry;
  bool would_install = false;  // the plan installs a package (the app's, or an alternative)
  bool with_config = false;    // its backed-up configuration would be restored
};

// The plan item told: would_install for install and alternative; with_config when the plan
// brings a configuration and `restore_config` (no --without-config).
DryRunItem DescribePlanned(const PlanEntry& entry, bool restore_config);

// {"requested","app","installed_app","software_id","outcome","version_code","version_name",
//  "version_substituted","config_restored","alternative_for","reason","done":false,
//  "bytes_downloaded":0,"snapshot_id","would_install","package_bytes"} — a restore's item,
// with the plan's outcome ("install", "alternative", "not_backed_up", "not_in_catalog",
// "no_compatible_package") and config_restored meaning "would be restored".
nlohmann::json DryRunItemJson(const DryRunItem& item);

// One line for people: "org.x: would install version 2 (2.0) from snapshot 7, with its
// configuration" or "org.y: would not be installed: not in the library".
std::string DescribeDryRun(const DryRunItem& item);

}  // namespace appvault::client::restore
