// appvault: the device client. Argument parsing and wiring only; each command lives in its
// own file and registers itself (command_registry.h).
#include <CLI/CLI.hpp>

#include "client/cli/account_commands.h"
#include "client/cli/apps_command.h"
#include "client/cli/backup_command.h"
#include "client/cli/backups_command.h"
#include "client/cli/catalog_commands.h"
#include "client/cli/command_registry.h"
#include "client/cli/device_commands.h"
#include "client/cli/exit_codes.h"
#include "client/cli/forget_command.h"
#include "client/cli/global_options.h"
#include "client/cli/output.h"
#include "client/cli/prefs_command.h"
#include "client/cli/restore_command.h"
#include "client/cli/snapshot_commands.h"
#include "client/net/curl_handle.h"

namespace {

using namespace appvault::client::cli;

// Help prints and exits 0; any other parse error is one line on stderr and exit 2.
int ParseFailure(const CLI::App& app, const CLI::ParseError& error) {
  if (error.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
    return app.exit(error);
  }
  std::vector<std::string> unknown = app.remaining();
  std::string what = error.what();
  if (!unknown.empty() && error.get_name() == "RequiredError") {
    what = "unknown command \"" + unknown.front() + "\"";
  }
  PrintError(what + " (see appvault --help)");
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"appvault: back up the apps of a device and reinstall them from appvaultd"};
  app.require_subcommand(1);
  GlobalOptions globals = DefaultGlobalOptions();
  AddGlobalOptions(app, globals);
  CommandRegistry registry;
  AddDeviceCommands(app, globals, registry);
  AddAppsCommand(app, globals, registry);
  AddAccountCommands(app, globals, registry);
  AddPrefsCommand(app, globals, registry);
  AddCatalogCommands(app, globals, registry);
  AddBackupCommand(app, globals, registry);
  AddBackupsCommands(app, globals, registry);
  AddSnapshotCommands(app, globals, registry);
  AddForgetCommand(app, globals, registry);
  AddRestoreCommand(app, globals, registry);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return ParseFailure(app, error);
  }
  appvault::client::SetCaFile(globals.ca_file);
  return registry.Run();
}
