// `appvault search`, `vote` and `publish` (CONTRACT §2): the server's library.
#pragma once

#include <CLI/CLI.hpp>

#include "client/cli/command_registry.h"
#include "client/cli/global_options.h"

namespace appvault::client::cli {

// Adds the three commands to app (globals must outlive the registry's run); each needs a
// signed-in device (exit 3 otherwise) and a reachable server (exit 4 otherwise).
//   search [QUERY] [--category C]: the library's software whose id, name or publisher
//     contains QUERY — id, name, category, votes and versions per platform; --json:
//     {"items":[…]} as GET /v1/catalog/software (every page read, at most 10 000 items).
//   vote SOFTWARE_ID: one vote; a second vote or an unknown id exits 1 naming why.
//   publish FILE [--software ID] [--name N] [--publisher P] [--category C]
//     [--description D]: streams FILE to POST /v1/catalog/packages and prints the stored
//     package's facts (--json: the server's document). A refused package exits 1 with
//     "refused (CODE): reason"; a user without the publisher role exits 1 with the server's
//     message (forbidden is not "not logged in").
void AddCatalogCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry);

}  // namespace appvault::client::cli
