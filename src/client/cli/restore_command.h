// `appvault restore [APP…|--all] [--latest|--backed-up] [--accept-alternatives|
// --no-alternatives] [--parallel N] [--limit-rate SIZE]`: install apps from the user's
// backup onto this device (CONTRACT §2 and §4; docs/client.md, "Restore").
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds `restore` to app. One POST /v1/restore-plans for every app asked (preferences sent
// only for the flags given), then the restore engine (client/restore/restore_engine.h) with
// a progress display (progress_display.h). Text: a line per app and a summary; --json:
// {"items":[…]} and nothing else. Exit: 0 when every item was done (already_installed
// counts as done), 1 when one was not, 2 usage, 3 not logged in, 4 the plan request failed.
// globals must outlive the registry's run.
void AddRestoreCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
