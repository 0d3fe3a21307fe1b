#include "client/cli/snapshot_commands.h"

#include <iostream>
#include <memory>

#include "api/snapshots.h"
#include "client/cli/device_lookup.h"
#include "client/cli/output.h"
#include "client/cli/server_access.h"
#include "client/cli/snapshot_table.h"
#include "client/cli/text_table.h"

namespace appvault::client::cli {
namespace {

int RunSnapshots(const GlobalOptions& globals, const std::string& from_device) {
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  const std::string& user = signed_in->session.username;
  std::optional<std::string> device_id;
  if (!from_device.empty()) {
    Result<std::string> found = FindDeviceId(signed_in->api, from_device);
    if (!found.ok()) return FailServer(globals, found.status(), user);
    device_id = *found;
  }
  Result<api::SnapshotList> list = signed_in->api.ListSnapshots(device_id);
  if (!list.ok()) return FailServer(globals, list.status(), user);
  if (globals.json) {
    PrintJson(api::ToJson(*list));
  } else {
    PrintSnapshotTable(list->items);
  }
  return kExitOk;
}

void PrintSnapshot(const api::SnapshotDetail& detail) {
  const api::SnapshotSummary& s = detail.snapshot;
  std::cout << "snapshot " << s.snapshot_id << " of "
            << (s.device_name.empty() ? s.device_id : s.device_name) << " ("
            << PlatformName(s.platform) << "), taken " << SnapshotTime(s.created_at) << ", "
            << s.apps << " apps\n";
  if (detail.items.empty()) return;
  std::vector<std::vector<std::string>> rows{{"APP", "PLATFORM", "VERSION", "SOFTWARE", "CONFIG"}};
  for (const api::SnapshotApp& app : detail.items) {
    std::string version = app.version_code;
    if (!app.version_name.empty() && app.version_name != version)
      version += " (" + app.version_name + ")";
    rows.push_back({app.app, std::string(PlatformName(app.platform)), version,
                    app.software_id.value_or("-"),
                    app.config_sha256 ? app.config_sha256->Short() : "no"});
  }
  PrintTextTable(rows);
}

int RunSnapshotShow(const GlobalOptions& globals, std::int64_t id) {
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  Result<api::SnapshotDetail> detail = signed_in->api.GetSnapshot(id);
  if (!detail.ok()) return FailServer(globals, detail.status(), signed_in->session.username);
  if (globals.json) {
    PrintJson(api::ToJson(*detail));
  } else {
    PrintSnapshot(*detail);
  }
  return kExitOk;
}

}  // namespace

void AddSnapshotCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  auto from_device = std::make_shared<std::string>();
  CLI::App* snapshots = app.add_subcommand("snapshots", "List your backup snapshots, newest first");
  snapshots->add_option("--from-device", *from_device, "Only the snapshots of this device");
  registry.Add(snapshots, [&globals, from_device] { return RunSnapshots(globals, *from_device); });

  auto id = std::make_shared<std::int64_t>(0);
  CLI::App* snapshot = app.add_subcommand("snapshot", "One snapshot");
  snapshot->require_subcommand(1);
  CLI::App* show = snapshot->add_subcommand("show", "The apps of a snapshot");
  show->add_option("ID", *id, "The snapshot's id (appvault snapshots)")
      ->required()
      ->check(CLI::PositiveNumber);
  registry.Add(show, [&globals, id] { return RunSnapshotShow(globals, *id); });
}

}  // namespace appvault::client::cli
