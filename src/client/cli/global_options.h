// The options every `appvault` command takes: --server, --device, --json (CONTRACT §2), and
// --ca-file (an extension, docs/client.md).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace appvault::client::cli {

struct GlobalOptions {
  std::string server;   // base URL of appvaultd
  std::string device;   // the device folder
  bool json = false;    // stdout is one JSON document
  std::string ca_file;  // PEM certificate authorities for an https server; "" = the system's
};

// The defaults: $APPVAULT_SERVER else http://127.0.0.1:8080; $APPVAULT_DEVICE else ./device;
// $APPVAULT_CA_FILE else "" (an empty variable counts as unset).
GlobalOptions DefaultGlobalOptions();

// Adds --server, --device, --json and --ca-file to app, filling options (which must outlive
// app). They are accepted before or after the command. --ca-file must name an existing file.
void AddGlobalOptions(CLI::App& app, GlobalOptions& options);

}  // namespace appvault::client::cli
