// The options every `appvault` command takes: --server, --device, --json (CONTRACT §2).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace appvault::client::cli {

struct GlobalOptions {
  std::string server;  // base URL of appvaultd
  std::string device;  // the device folder
  bool json = false;   // stdout is one JSON document
};

// The defaults: $APPVAULT_SERVER else http://127.0.0.1:8080; $APPVAULT_DEVICE else ./device
// (an empty variable counts as unset).
GlobalOptions DefaultGlobalOptions();

// Adds --server, --device and --json to app, filling options (which must outlive app).
// They are accepted before or after the command.
void AddGlobalOptions(CLI::App& app, GlobalOptions& options);

}  // namespace appvault::client::cli
