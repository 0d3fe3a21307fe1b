// `appvault backup [APP…|--all] [--with-config|--without-config]` (CONTRACT §2).
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds `backup` to app (globals must outlive the registry's run). It backs up the named
// installed apps, or every one with --all, in one POST /v1/backups (1 000 apps a request):
// each app's facts come from its installed package (a damaged app is reported failed and
// not backed up; an app not installed likewise). With configuration (--with-config, else
// the stored backup_config setting, which defaults to false) each app's configuration is
// packed into a bundle and uploaded as a private blob unless the server holds it already.
// Text: one line per app and a summary; failures also on stderr. --json:
// {"items":[{"app","status":"backed_up"|"failed","version_code","version_name",
// "software_id","config_sha256","config_uploaded","reason"}]}. Exit 0 when every app was
// backed up, 1 when one was not, 2 without APP or --all (or with both, or a bad app id),
// 3 not logged in, 4 server unreachable or failing.
void AddBackupCommand(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
