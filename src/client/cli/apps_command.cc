#include "client/cli/apps_command.h"

#include <cstdio>
#include <iostream>

#include "client/cli/device_access.h"
#include "client/cli/output.h"
#include "client/cli/views.h"

namespace appvault::client::cli {
namespace {

struct Row {
  std::string app, version, name, signer;
};

Row RowOf(const InstalledApp& app) {
  Row row{app.app.str(), "?", "", "-"};
  if (app.package) {
    row.version = app.package->version.text();
    row.name = app.package->version_name;
    if (app.package->signer_sha256) row.signer = app.package->signer_sha256->Short();
  } else if (app.record) {
    row.version = app.record->version_code;
    row.name = app.record->version_name;
  }
  if (!app.healthy()) row.signer += "  DAMAGED";
  return row;
}

void PrintTable(const std::vector<InstalledApp>& apps) {
  if (apps.empty()) {
    std::cout << "no apps installed\n";
    return;
  }
  std::vector<Row> rows{{"APP", "VERSION", "NAME", "SIGNER"}};
  std::size_t widths[3] = {0, 0, 0};
  for (const InstalledApp& app : apps)
    rows.push_back(RowOf(app));
  for (const Row& row : rows) {
    widths[0] = std::max(widths[0], row.app.size());
    widths[1] = std::max(widths[1], row.version.size());
    widths[2] = std::max(widths[2], row.name.size());
  }
  for (const Row& row : rows) {
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(widths[0]), row.app.c_str(),
                static_cast<int>(widths[1]), row.version.c_str(), static_cast<int>(widths[2]),
                row.name.c_str(), row.signer.c_str());
  }
}

int RunApps(const GlobalOptions& globals) {
  Result<std::unique_ptr<Device>> device = OpenDevice(globals);
  if (!device.ok()) return Fail(globals, device.status(), FailureOrigin::kDevice);
  Result<std::vector<InstalledApp>> apps = (*device)->InstalledApps();
  if (!apps.ok()) return Fail(globals, apps.status(), FailureOrigin::kDevice);
  if (globals.json) {
    nlohmann::json items = nlohmann::json::array();
    for (const InstalledApp& app : *apps)
      items.push_back(InstalledAppJson(app));
    PrintJson({{"items", items}});
  } else {
    PrintTable(*apps);
  }
  int status = kExitOk;
  for (const InstalledApp& app : *apps) {
    if (app.healthy()) continue;
    PrintError(app.app.str() + " is damaged: " + app.problem);
    status = kExitNotDone;
  }
  return status;
}

}  // namespace

void AddAppsCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  CLI::App* apps = app.add_subcommand("apps", "List the installed apps");
  registry.Add(apps, [&globals] { return RunApps(globals); });
}

}  // namespace appvault::client::cli
