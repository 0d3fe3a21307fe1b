#include "client/cli/forget_command.h"

#include <iostream>
#include <memory>

#include "api/limits.h"
#include "api/snapshots.h"
#include "client/cli/device_lookup.h"
#include "client/cli/output.h"
#include "client/cli/server_access.h"
#include "client/cli/snapshot_table.h"

namespace appvault::client::cli {
namespace {

using nlohmann::json;

struct ForgetOptions {
  std::vector<std::string> apps;
  std::int64_t snapshot = 0;
  api::ForgetRequest policy;
  std::string from_device;
  bool dry_run = false;

  bool keeps() const {
    return policy.keep_last > 0 || policy.keep_daily > 0 || policy.keep_weekly > 0 ||
           policy.keep_monthly > 0;
  }
};

Status Usage(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

// Why these options are not one form of forget, or "".
std::string UsageProblem(const ForgetOptions& options) {
  const int forms =
      (options.apps.empty() ? 0 : 1) + (options.snapshot > 0 ? 1 : 0) + (options.keeps() ? 1 : 0);
  if (forms == 0) return "name the apps to forget, or --snapshot ID, or --keep-last N …";
  if (forms > 1) return "give one of APP…, --snapshot ID or --keep-…, not several";
  if (!options.from_device.empty() && !options.keeps()) return "--from-device goes with --keep-…";
  if (options.dry_run && !options.apps.empty()) return "--dry-run goes with --snapshot or --keep-…";
  return "";
}

int ForgetApps(const GlobalOptions& globals, const SignedIn& signed_in,
               const std::vector<std::string>& apps) {
  json items = json::array();
  std::vector<std::string> failures;
  for (const std::string& app : apps) {
    Result<api::ForgottenApp> deleted = signed_in.api.ForgetApp(app);
    if (deleted.ok()) {
      items.push_back({{"app", app}, {"status", "forgotten"}, {"reason", ""}});
      if (!globals.json) std::cout << "forgot the backup of " << app << "\n";
      continue;
    }
    const Status& status = deleted.status();
    if (status.code() != StatusCode::kNotFound && status.code() != StatusCode::kInvalidArgument) {
      return FailServer(globals, status, signed_in.session.username);
    }
    const std::string reason =
        status.code() == StatusCode::kNotFound ? "no backup of this app" : status.message();
    items.push_back({{"app", app}, {"status", "failed"}, {"reason", reason}});
    failures.push_back("cannot forget " + app + ": " + reason);
  }
  if (globals.json) PrintJson({{"items", items}});
  for (const std::string& failure : failures)
    PrintError(failure);
  return failures.empty() ? kExitOk : kExitNotDone;
}

// The reply of --snapshot: the snapshot removed (or, with dry_run, only found).
Result<api::ForgetReply> ForgetSnapshot(const SignedIn& signed_in, std::int64_t id, bool dry_run) {
  if (!dry_run) return signed_in.api.DeleteSnapshot(id);
  Result<api::SnapshotDetail> found = signed_in.api.GetSnapshot(id);
  if (!found.ok()) return found.status();
  return api::ForgetReply{{found->snapshot}, {}, true};
}

Result<api::ForgetReply> ForgetByPolicy(const SignedIn& signed_in, ForgetOptions options) {
  if (!options.from_device.empty()) {
    Result<std::string> device_id = FindDeviceId(signed_in.api, options.from_device);
    if (!device_id.ok()) return device_id.status();
    options.policy.device_id = *device_id;
  }
  options.policy.dry_run = options.dry_run;
  return signed_in.api.ForgetSnapshots(options.policy);
}

void PrintForgetReply(const api::ForgetReply& reply) {
  const std::string verb = reply.dry_run ? "would remove" : "removed";
  if (reply.removed.empty()) {
    std::cout << "no snapshot to remove\n";
  } else {
    std::cout << verb << " " << reply.removed.size() << " snapshot"
              << (reply.removed.size() == 1 ? "" : "s") << ":\n";
    PrintSnapshotTable(reply.removed);
  }
  if (!reply.kept.empty()) std::cout << "kept " << reply.kept.size() << " snapshots\n";
}

int RunForget(const GlobalOptions& globals, const ForgetOptions& options) {
  const std::string problem = UsageProblem(options);
  if (!problem.empty()) return Fail(globals, Usage(problem), FailureOrigin::kDevice);
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  if (!options.apps.empty()) return ForgetApps(globals, *signed_in, options.apps);
  Result<api::ForgetReply> reply =
      options.snapshot > 0 ? ForgetSnapshot(*signed_in, options.snapshot, options.dry_run)
                           : ForgetByPolicy(*signed_in, options);
  if (!reply.ok()) return FailServer(globals, reply.status(), signed_in->session.username);
  if (globals.json) {
    PrintJson(api::ToJson(*reply));
  } else {
    PrintForgetReply(*reply);
  }
  return kExitOk;
}

}  // namespace

void AddForgetCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  auto options = std::make_shared<ForgetOptions>();
  CLI::App* forget =
      app.add_subcommand("forget", "Remove backups: apps, a snapshot, or old snapshots");
  forget->add_option("APP", options->apps, "App ids to remove from every snapshot");
  forget->add_option("--snapshot", options->snapshot, "Remove this snapshot")
      ->check(CLI::PositiveNumber);
  const auto count = CLI::Range(std::int64_t{1}, api::kMaxKeepCount);
  forget->add_option("--keep-last", options->policy.keep_last, "Keep the N newest snapshots")
      ->check(count);
  forget
      ->add_option("--keep-daily", options->policy.keep_daily,
                   "Keep the newest snapshot of each of the last N days with one")
      ->check(count);
  forget
      ->add_option("--keep-weekly", options->policy.keep_weekly,
                   "Keep the newest snapshot of each of the last N weeks with one")
      ->check(count);
  forget
      ->add_option("--keep-monthly", options->policy.keep_monthly,
                   "Keep the newest snapshot of each of the last N months with one")
      ->check(count);
  forget->add_option("--from-device", options->from_device,
                     "Apply the --keep-… rules to this device only");
  forget->add_flag("--dry-run", options->dry_run, "Remove nothing; say what would be removed");
  registry.Add(forget, [&globals, options] { return RunForget(globals, *options); });
}

}  // namespace appvault::client::cli
