#include "client/cli/global_options.h"

#include <cstdlib>

namespace appvault::client::cli {
namespace {

std::string FromEnvironment(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

GlobalOptions DefaultGlobalOptions() {
  return GlobalOptions{FromEnvironment("APPVAULT_SERVER", "http://127.0.0.1:8080"),
                       FromEnvironment("APPVAULT_DEVICE", "./device"), false,
                       FromEnvironment("APPVAULT_CA_FILE", "")};
}

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  app.add_option("--server", options.server, "appvaultd URL ($APPVAULT_SERVER)")
      ->capture_default_str();
  app.add_option("--device", options.device, "The device folder ($APPVAULT_DEVICE)")
      ->capture_default_str();
  app.add_flag("--json", options.json, "Print one JSON document on stdout");
  app.add_option("--ca-file", options.ca_file,
                 "PEM certificate authorities to verify an https server with, instead of the "
                 "system's ($APPVAULT_CA_FILE)")
      ->check(CLI::ExistingFile);
  app.fallthrough();  // inherited by commands: `appvault apps --json` works too
}

}  // namespace appvault::client::cli
