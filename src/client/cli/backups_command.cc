#include "client/cli/backups_command.h"

#include <chrono>
#include <iostream>
#include <map>

#include "client/cli/output.h"
#include "client/cli/server_access.h"
#include "client/cli/text_table.h"
#include "client/device_json.h"
#include "client/net/json_fields.h"

namespace appvault::client::cli {
namespace {

using nlohmann::json;

// device id → name, for the user's devices.
Result<std::map<std::string, std::string>> DeviceNames(const ApiClient& api) {
  Result<api::DeviceList> devices = api.ListDevices();
  if (!devices.ok()) return devices.status();
  std::map<std::string, std::string> names;
  for (const api::DeviceInfo& device : devices->items)
    names[device.device_id] = device.name;
  return names;
}

std::string TimeText(const json& item) {
  std::optional<std::int64_t> seconds = Integer(item, "backed_up_at");
  if (!seconds) return Text(item, "backed_up_at");
  return FormatUtc(std::chrono::system_clock::from_time_t(static_cast<std::time_t>(*seconds)));
}

void PrintBackups(const json& items) {
  if (items.empty()) {
    std::cout << "no backups\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{
      {"APP", "VERSION", "SOFTWARE", "DEVICE", "BACKED UP", "CONFIG"}};
  for (const json& item : items) {
    std::string version = Text(item, "version_code");
    const std::string name = Text(item, "version_name");
    if (!name.empty() && name != version) version += " (" + name + ")";
    std::string software = Text(item, "software_id");
    rows.push_back({Text(item, "app"), version, software.empty() ? "-" : software,
                    Text(item, "device_name"), TimeText(item),
                    Text(item, "config_sha256").empty() ? "no" : "yes"});
  }
  PrintTextTable(rows);
}

int RunBackups(const GlobalOptions& globals) {
  int exit_code = kExitOk;
  std::optional<SignedIn> signed_in = OpenSignedIn(globals, exit_code);
  if (!signed_in) return exit_code;
  const std::string& user = signed_in->session.username;
  Result<api::BackupList> backups = signed_in->api.ListBackups();
  if (!backups.ok()) return FailServer(globals, backups.status(), user);
  Result<std::map<std::string, std::string>> names = DeviceNames(signed_in->api);
  if (!names.ok()) return FailServer(globals, names.status(), user);
  json items = json::array();
  for (const api::BackupListItem& backup : backups->items) {
    json item = api::ToJson(backup);
    auto name = names->find(backup.device_id);
    item["device_name"] = name == names->end() ? json(nullptr) : json(name->second);
    items.push_back(std::move(item));
  }
  if (globals.json) {
    PrintJson({{"items", items}});
  } else {
    PrintBackups(items);
  }
  return kExitOk;
}

}  // namespace

void AddBackupsCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  CLI::App* backups = app.add_subcommand("backups", "List your backups on the server");
  registry.Add(backups, [&globals] { return RunBackups(globals); });
}

}  // namespace appvault::client::cli
