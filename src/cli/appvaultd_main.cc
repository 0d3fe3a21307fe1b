// appvaultd: the appvault server. Argument parsing and wiring only; each command lives in
// its own file.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cli/exit_codes.h"
#include "cli/inspect_command.h"
#include "cli/serve_command.h"

namespace {

// Logs go to stderr; stdout carries only what scripts read (`listening on …`).
void LogToStderr() {
  spdlog::set_default_logger(spdlog::stderr_color_mt("appvaultd"));
}

}  // namespace

int main(int argc, char** argv) {
  using appvault::cli::kExitUsage;
  CLI::App app{"appvaultd: the appvault server (app backup and reinstall)"};
  app.require_subcommand(1);

  appvault::cli::ServeOptions serve;
  CLI::App* serve_command = app.add_subcommand("serve", "Serve the HTTP API");
  serve_command->add_option("--data", serve.data_dir, "Data folder (created if missing)")
      ->capture_default_str();
  serve_command->add_option("--listen", serve.listen, "HOST:PORT to listen on; port 0 picks one")
      ->capture_default_str();
  serve_command->add_option("--threads", serve.threads, "Server threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  appvault::cli::InspectOptions inspect;
  CLI::App* inspect_command =
      app.add_subcommand("inspect", "Read a package file as the library would: facts or refusal");
  inspect_command->add_option("FILE", inspect.file, "An APK or IPA")->required();
  inspect_command->add_flag("--json", inspect.json, "Print one JSON object");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int status = app.exit(error);
    return status == 0 ? 0 : kExitUsage;
  }
  LogToStderr();
  if (*serve_command) return appvault::cli::RunServe(serve);
  if (*inspect_command) return appvault::cli::RunInspect(inspect);
  return kExitUsage;
}
