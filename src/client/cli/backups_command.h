// `appvault backups` and `appvault forget APP…` (CONTRACT §2): the user's backup records.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds both commands to app (globals must outlive the registry's run):
//   backups: what the server holds for the user (GET /v1/backups) — app, version, software,
//     device (its name), time (UTC), configuration yes/no; --json: {"items":[…]} as the
//     server's, each with "device_name" added (null for a device not listed).
//   forget APP…: deletes each app's backup record (DELETE /v1/backups/{app}); an app without
//     a backup is reported and exits 1 after the others are done. --json:
//     {"items":[{"app","status":"forgotten"|"failed","reason"}]}.
void AddBackupsCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
