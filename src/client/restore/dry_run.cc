#include "client/restore/dry_run.h"

namespace appvault::client::restore {

namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

DryRunItem DescribePlanned(const PlanEntry& entry, bool restore_config) {
  DryRunItem item{entry, false, false};
  item.would_install =
      entry.outcome == PlanOutcome::kInstall || entry.outcome == PlanOutcome::kAlternative;
  item.with_config = item.would_install && restore_config && entry.config.has_value();
  return item;
}

nlohmann::json DryRunItemJson(const DryRunItem& item) {
  const PlanEntry& e = item.entry;
  return {{"requested", e.requested},
          {"app", e.app},
          {"installed_app",
           e.package ? nlohmann::json(e.package->package.app.str()) : nlohmann::json(nullptr)},
          {"software_id", OrNull(e.software_id)},
          {"outcome", OutcomeName(e.outcome)},
          {"version_code", OrNull(e.version_code)},
          {"version_name", OrNull(e.version_name)},
          {"version_substituted", e.version_substituted},
          {"config_restored", item.with_config},
          {"alternative_for", OrNull(e.alternative_for)},
          {"reason", e.reason},
          {"done", false},
          {"bytes_downloaded", 0},
          {"snapshot_id", OrNull(e.snapshot_id)},
          {"would_install", item.would_install},
          {"package_bytes",
           e.package ? nlohmann::json(e.package->package.size) : nlohmann::json(nullptr)}};
}

std::string DescribeDryRun(const DryRunItem& item) {
  const PlanEntry& e = item.entry;
  std::string line = e.app + ": ";
  if (!item.would_install) {
    line += "would not be installed (" + std::string(OutcomeName(e.outcome)) + ")";
    return e.reason.empty() ? line : line + ": " + e.reason;
  }
  line += "would install ";
  if (e.outcome == PlanOutcome::kAlternative) {
    line += e.package->package.app.str() + " instead, ";
  }
  line += "version " + e.version_code.value_or("?");
  if (e.version_name && !e.version_name->empty() && *e.version_name != e.version_code) {
    line += " (" + *e.version_name + ")";
  }
  if (e.snapshot_id) line += " from snapshot " + std::to_string(*e.snapshot_id);
  line += item.with_config ? ", with its configuration" : ", without configuration";
  if (!e.reason.empty()) line += "; " + e.reason;
  return line;
}

}  // namespace appvault::client::restore
