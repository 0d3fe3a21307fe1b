// `appvault snapshots` and `appvault snapshot show ID` (CONTRACT §6): the user's backup
// history, one snapshot per backup run of a device.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds both commands to app (globals must outlive the registry's run):
//   snapshots [--from-device NAME|ID]: the user's snapshots, newest first (GET /v1/snapshots)
//     — id, device, platform, time (UTC), apps, configuration yes/no; --json: the server's
//     {"items":[{"snapshot_id","device_id","device_name","platform","created_at","apps",
//     "with_config"}]}.
//   snapshot show ID: the snapshot's apps (GET /v1/snapshots/{id}); --json: the snapshot with
//     "items":[{"app","platform","software_id","version_code","version_name",
//     "signer_sha256","config_sha256"}]. An id that is not the user's exits 1.
void AddSnapshotCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
