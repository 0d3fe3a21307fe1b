// `appvault prefs` and `appvault prefs set KEY=VALUE…` (CONTRACT §2): the user's stored
// settings install_latest, accept_alternatives and backup_config.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds `prefs` (GET /v1/me) and `prefs set KEY=VALUE…` (PUT /v1/me/preferences) to app.
// VALUE is true, false, or default (clears the setting: the system default, false, applies).
// An unknown key, a bad value or a key given twice exits 2 naming it, before any request.
// Text: one line per setting; --json: {"install_latest","accept_alternatives",
// "backup_config"}, each true, false or null (not set). globals must outlive the run.
void AddPrefsCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
