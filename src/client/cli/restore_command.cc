#include "client/cli/restore_command.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "client/cli/device_lookup.h"
#include "client/cli/output.h"
#include "client/cli/progress_display.h"
#include "client/cli/server_access.h"
#include "client/cli/terminal_text.h"
#include "client/net/session.h"
#include "client/restore/dry_run.h"
#include "client/restore/restore_engine.h"

namespace appvault::client::cli {
namespace {

struct RestoreOptions {
  std::vector<std::string> apps;
  bool all = false;
  bool latest = false;
  bool backed_up = false;
  bool accept_alternatives = false;
  bool no_alternatives = false;
  int parallel = transfer::kDefaultParallel;
  std::uint64_t limit_rate = 0;
  bool without_config = false;
  std::int64_t from_snapshot = 0;  // 0: not given
  std::string from_device;         // "": not given
  bool dry_run = false;
};

// The plan request: the apps (or all), the source (a snapshot or a device's newest, by id),
// and preferences only for the flags given.
nlohmann::json PlanRequest(const RestoreOptions& options, const std::string& device_id,
                           const std::string& source_device_id) {
  nlohmann::json body = {{"device_id", device_id}};
  if (options.from_snapshot > 0) body["snapshot_id"] = options.from_snapshot;
  if (!source_device_id.empty()) body["source_device_id"] = source_device_id;
  if (options.all) {
    body["all"] = true;
  } else {
    body["apps"] = options.apps;
  }
  nlohmann::json preferences = nlohmann::json::object();
  if (options.latest || options.backed_up) preferences["install_latest"] = options.latest;
  if (options.accept_alternatives || options.no_alternatives) {
    preferences["accept_alternatives"] = options.accept_alternatives;
  }
  if (!preferences.empty()) body["preferences"] = preferences;
  return body;
}

int TerminalWidth() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

// The plan from the server, parsed and checked. A plan of `all` comes in pages (the server
// decides at most 1 000 apps a request): each page's next_offset asks for the next.
Result<std::vector<restore::PlanEntry>> FetchPlan(const ApiClient& api, nlohmann::json request) {
  std::vector<restore::PlanEntry> entries;
  for (;;) {
    Result<nlohmann::json> answer = api.PlanRestore(request);
    if (!answer.ok()) return answer.status();
    Result<std::vector<restore::PlanEntry>> page = restore::ParsePlan(*answer);
    if (!page.ok()) return page.status();
    entries.insert(entries.end(), page->begin(), page->end());
    const nlohmann::json* next =
        answer->contains("next_offset") ? &(*answer)["next_offset"] : nullptr;
    if (!request.contains("all") || next == nullptr || next->is_null()) return entries;
    if (!next->is_number_unsigned() || next->get<std::size_t>() <= request.value("offset", 0u)) {
      return Status(StatusCode::kInternal,
                    "the server's restore plan is not understood: next_offset does not advance");
    }
    request["offset"] = *next;
  }
}

int Report(const GlobalOptions& globals, const std::vector<restore::ItemReport>& reports,
           ProgressDisplay& display) {
  display.Finish(reports);
  bool all_done = true;
  nlohmann::json items = nlohmann::json::array();
  for (const restore::ItemReport& report : reports) {
    all_done = all_done && report.done;
    items.push_back(restore::ItemReportJson(report));
  }
  if (globals.json) PrintJson({{"items", items}});
  return all_done ? kExitOk : kExitNotDone;
}

// --dry-run: what the plan would do, item by item; nothing downloaded or installed. Exit 0
// when every item would be installed, else 1.
int ReportDryRun(const GlobalOptions& globals, const std::vector<restore::PlanEntry>& plan,
                 bool with_config) {
  bool all_installable = true;
  nlohmann::json items = nlohmann::json::array();
  for (const restore::PlanEntry& entry : plan) {
    restore::DryRunItem item = restore::DescribePlanned(entry, with_config);
    all_installable = all_installable && item.would_install;
    items.push_back(restore::DryRunItemJson(item));
    if (!globals.json) PrintSafeLines(restore::DescribeDryRun(item));
  }
  if (globals.json) PrintJson({{"dry_run", true}, {"items", items}});
  return all_installable ? kExitOk : kExitNotDone;
}

int RunRestore(const GlobalOptions& globals, const RestoreOptions& options) {
  if (options.all == !options.apps.empty()) {
    return Fail(globals,
                Status(StatusCode::kInvalidArgument,
                       options.all ? "restore: give app ids or --all, not both"
                                   : "restore: name the apps to restore, or --all"),
                FailureOrigin::kDevice);  // kInvalidArgument: exit 2
  }
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  const ServerConnection& server = signed_in->server;
  const std::string& user = signed_in->session.username;
  Device& device = *signed_in->device;
  Result<std::string> device_id = EnsureDeviceId(signed_in->api, signed_in->session, device);
  if (!device_id.ok()) return FailServer(globals, device_id.status(), user);
  std::string source_device_id;
  if (!options.from_device.empty()) {
    Result<std::string> found = FindDeviceId(signed_in->api, options.from_device);
    if (!found.ok()) return FailServer(globals, found.status(), user);
    source_device_id = *found;
  }
  Result<std::vector<restore::PlanEntry>> plan =
      FetchPlan(signed_in->api, PlanRequest(options, *device_id, source_device_id));
  if (!plan.ok()) return FailServer(globals, plan.status(), user);
  if (options.dry_run) return ReportDryRun(globals, *plan, !options.without_config);

  ProgressDisplay display(
      ProgressDisplay::ModeFor(globals.json, STDOUT_FILENO), std::cout,
      [] { return ProgressDisplay::Clock::now(); }, TerminalWidth());
  restore::RestoreOptions run;
  run.base_url = server.BaseUrl();
  run.token = server.Token();
  run.parallel = options.parallel;
  run.max_bytes_per_second = options.limit_rate;
  run.with_config = !options.without_config;
  Result<std::vector<restore::ItemReport>> reports = restore::Restore(device, *plan, run, &display);
  if (!reports.ok()) return Fail(globals, reports.status(), FailureOrigin::kDevice);
  return Report(globals, *reports, display);
}

}  // namespace

void AddRestoreCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  auto options = std::make_shared<RestoreOptions>();
  CLI::App* restore = app.add_subcommand(
      "restore", "Install apps from your backup onto this device, with their configuration");
  restore->add_option("APP", options->apps, "App ids as backed up, or software ids");
  restore->add_flag("--all", options->all, "Every app of your backup");
  CLI::Option* latest =
      restore->add_flag("--latest", options->latest, "The latest version that fits the device");
  CLI::Option* backed_up =
      restore->add_flag("--backed-up", options->backed_up, "The backed-up version (when it fits)");
  latest->excludes(backed_up);
  CLI::Option* accept =
      restore->add_flag("--accept-alternatives", options->accept_alternatives,
                        "When nothing fits, install the related app with the most votes instead");
  CLI::Option* refuse = restore->add_flag("--no-alternatives", options->no_alternatives,
                                          "Never install an alternative");
  accept->excludes(refuse);
  restore
      ->add_option("--parallel", options->parallel,
                   "Downloads at once (1-" + std::to_string(transfer::kMaxParallel) + ")")
      ->check(CLI::Range(1, transfer::kMaxParallel))
      ->capture_default_str();
  CLI::Option* from_snapshot = restore
                                   ->add_option("--from-snapshot", options->from_snapshot,
                                                "Restore from this snapshot (appvault snapshots)")
                                   ->check(CLI::PositiveNumber);
  CLI::Option* from_device = restore->add_option("--from-device", options->from_device,
                                                 "Restore from the newest snapshot of this device");
  from_snapshot->excludes(from_device);
  restore->add_flag("--dry-run", options->dry_run,
                    "Show what would be installed, from which snapshot, and why; change nothing");
  restore->add_flag("--without-config", options->without_config,
                    "Install the apps with their generated configuration, not the backed-up one");
  restore
      ->add_option("--limit-rate", options->limit_rate,
                   "Cap each download at SIZE bytes per second (e.g. 500K, 2M)")
      ->transform(CLI::AsSizeValue(false));
  registry.Add(restore, [&globals, options] { return RunRestore(globals, *options); });
}

}  // namespace appvault::client::cli
