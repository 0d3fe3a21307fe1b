#include "client/restore/restore_report.h"

namespace appvault::client::restore {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string Version(const ItemReport& report) {
  std::string text = "version " + report.version_code.value_or("?");
  if (report.version_name && !report.version_name->empty() &&
      *report.version_name != report.version_code) {
    text += " (" + *report.version_name + ")";
  }
  return text;
}

}  // namespace

std::string_view RestoreOutcomeName(RestoreOutcome outcome) {
  switch (outcome) {
    case RestoreOutcome::kInstalled:
      return "installed";
    case RestoreOutcome::kInstalledAlternative:
      return "installed_alternative";
    case RestoreOutcome::kAlreadyInstalled:
      return "already_installed";
    case RestoreOutcome::kNotBackedUp:
      return "not_backed_up";
    case RestoreOutcome::kNotInCatalog:
      return "not_in_catalog";
    case RestoreOutcome::kNoCompatiblePackage:
      return "no_compatible_package";
    case RestoreOutcome::kFailed:
      return "failed";
  }
  return "failed";
}

nlohmann::json ItemReportJson(const ItemReport& report) {
  return {{"requested", report.requested},
          {"app", report.app},
          {"installed_app", report.installed_app.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(report.installed_app)},
          {"software_id", OrNull(report.software_id)},
          {"outcome", RestoreOutcomeName(report.outcome)},
          {"version_code", OrNull(report.version_code)},
          {"version_name", OrNull(report.version_name)},
          {"version_substituted", report.version_substituted},
          {"config_restored", report.config_restored},
          {"alternative_for", OrNull(report.alternative_for)},
          {"reason", report.reason},
          {"done", report.done},
          {"bytes_downloaded", report.bytes_downloaded},
          {"snapshot_id", OrNull(report.snapshot_id)}};
}

std::string DescribeReport(const ItemReport& report) {
  std::string line = report.app + ": ";
  switch (report.outcome) {
    case RestoreOutcome::kInstalled:
      line += "installed " + Version(report);
      if (report.installed_app != report.app) line += " of " + report.installed_app;
      break;
    case RestoreOutcome::kInstalledAlternative:
      line += "installed the alternative " + report.installed_app + " " + Version(report);
      break;
    case RestoreOutcome::kAlreadyInstalled:
      line += "already installed";
      break;
    default:
      line += std::string(RestoreOutcomeName(report.outcome));
      break;
  }
  if (report.config_restored) line += ", configuration restored";
  if (!report.reason.empty()) line += " — " + report.reason;
  return line;
}

}  // namespace appvault::client::restore
