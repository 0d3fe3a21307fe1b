// How `appvault` reports: one JSON document on stdout with --json, errors as one line on
// stderr ("appvault: …").
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "client/cli/exit_codes.h"
#include "client/cli/global_options.h"
#include "core/status.h"

namespace appvault::client::cli {

// Prints "appvault: message" on stderr as one line (line breaks become spaces, other
// control characters are escaped: TerminalSafe).
void PrintError(std::string_view message);

// Prints document on stdout, one line (invalid UTF-8 replaced).
void PrintJson(const nlohmann::json& document);

// {"code":…,"message":…} of a failure, as in the HTTP API's errors.
nlohmann::json ErrorJson(const Status& status);

// Reports a failed command — the error line; with --json also {"error":{…}} on stdout —
// and returns its exit status, ExitCodeFor(status, origin).
int Fail(const GlobalOptions& globals, const Status& status, FailureOrigin origin);

}  // namespace appvault::client::cli
