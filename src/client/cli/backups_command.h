// `appvault backups` (CONTRACT §2, §6): the newest backup record of each app.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds the command to app (globals must outlive the registry's run):
//   backups: what the server holds for the user (GET /v1/backups) — app, version, software,
//     device (its name), time (UTC), configuration yes/no; --json: {"items":[…]} as the
//     server's, each with "device_name" added (null for a device not listed).
void AddBackupsCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
