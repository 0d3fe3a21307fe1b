// `appvault apps`: the installed apps — app id, version code and name, signer (CONTRACT §2).
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds `apps` to app. Text: one line per app; --json: {"items":[…]} (views.h). Exits 1
// when an installed app is damaged (each is named on stderr with its problem).
// globals must outlive the registry's run.
void AddAppsCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
