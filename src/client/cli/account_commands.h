// `appvault register USER`, `login USER` and `logout` (CONTRACT §2): the account and this
// device's session (net/session.h).
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds the three commands to app (globals must outlive the registry's run):
//   register USER [--password-stdin]: creates the account (POST /v1/accounts); does not log
//     in. Exit 1 when the name is taken or registration is off, 2 for a refused name or
//     password, 4 when the server cannot be reached.
//   login USER [--password-stdin]: opens a session (POST /v1/sessions) and stores it in the
//     device (mode 0600); the token is never printed. Exit 3 for a wrong name or password,
//     4 when the server cannot be reached or rate-limits the logins.
//   logout: ends the session on the server (DELETE /v1/sessions/current) and removes it
//     from the device — the local file also when the server cannot be reached, which exits
//     4 and says that the server's session stays valid until it expires.
// The password is prompted without echo on a terminal, or read from stdin's first line.
void AddAccountCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
