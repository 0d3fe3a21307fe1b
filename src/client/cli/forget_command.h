// `appvault forget` (CONTRACT §6): removing backups — an app from every snapshot, one
// snapshot, or the snapshots a retention policy does not keep.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds `forget` to app (globals must outlive the registry's run), in one of three forms:
//   forget APP…: removes each app from every snapshot (DELETE /v1/backups/{app}); an app
//     without a backup is reported and exits 1 after the others are done. --json:
//     {"items":[{"app","status":"forgotten"|"failed","reason"}]}.
//   forget --snapshot ID: removes that snapshot (DELETE /v1/snapshots/{id}).
//   forget --keep-last N [--keep-daily N] [--keep-weekly N] [--keep-monthly N]
//     [--from-device NAME|ID]: per device, keeps the snapshots a rule keeps (restic's
//     meaning) and removes the rest (POST /v1/snapshots/forget).
//   With --snapshot or --keep-…, --dry-run removes nothing and says what would go; --json:
//   {"removed":[snapshot…],"kept":[snapshot…],"dry_run"}.
// Removed snapshots' configuration bytes are freed by the server's garbage collection.
void AddForgetCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
