// `appvault device init | info | sideload` (CONTRACT §2).
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds the `device` command and its subcommands to app.
//   init --platform android|ios --os-version V --abi A[,A…] [--name N]: creates the device;
//        a bad --os-version or --abi exits 2, an existing device 1.
//   info: prints the profile.
//   sideload FILE: installs a package file; a refused install exits 1 with the reason.
// globals must outlive the registry's run.
void AddDeviceCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
