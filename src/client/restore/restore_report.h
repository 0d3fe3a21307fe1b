// What `appvault restore` reports for each app (CONTRACT §2).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace appvault::client::restore {

enum class RestoreOutcome {
  kInstalled,             // the backed-up software's package is installed now
  kInstalledAlternative,  // a related software's package is installed instead
  kAlreadyInstalled,      // installed already at this version or newer, same signer: untouched
  kNotBackedUp,           // the server's verdicts: nothing is installed
  kNotInCatalog,
  kNoCompatiblePackage,
  kFailed,  // something went wrong; `reason` says what. The device is as it was
};

// The wire name: "installed", "installed_alternative", "already_installed", "not_backed_up",
// "not_in_catalog", "no_compatible_package", "failed".
std::string_view RestoreOutcomeName(RestoreOutcome outcome);

// One app's report.
struct ItemReport {
  std::string requested;      // as asked on the command line (or the app, for --all)
  std::string app;            // the backed-up app id
  std::string installed_app;  // the app id of the package chosen (differs from app for an
                              // alternative or another platform's package); "" when none
  std::optional<std::string> software_id;
  RestoreOutcome outcome = RestoreOutcome::kFailed;
  std::optional<std::string> version_code;  // of the package chosen
  std::optional<std::string> version_name;
  bool version_substituted = false;
  bool config_restored = false;  // the backed-up configuration replaced the generated one
  std::optional<std::string> alternative_for;
  std::string reason;  // for people: why not, what was substituted, what went wrong
  // Everything asked for this app was done: installed (or already installed), and its
  // configuration restored when the backup has one. False for every other outcome, and for
  // an app installed whose configuration was refused.
  bool done = false;
  std::uint64_t bytes_downloaded = 0;       // over the network, for this app, in this run
  std::optional<std::int64_t> snapshot_id;  // the snapshot restored from (CONTRACT §6)
};

// {"requested","app","installed_app","software_id","outcome","version_code","version_name",
//  "version_substituted","config_restored","alternative_for","reason","done",
//  "bytes_downloaded","snapshot_id"}; absent values are null.
nlohmann::json ItemReportJson(const ItemReport& report);

// One line for people: "org.x: installed version 2 (2.0), configuration restored".
std::string DescribeReport(const ItemReport& report);

}  // namespace appvault::client::restore
