// `appvaultd serve`: runs the server until SIGTERM or SIGINT.
#pragma once

#include <string>

namespace appvault::cli {

// The values of `appvaultd serve`'s flags, with their defaults.
struct ServeOptions {
  std::string data_dir = "./appvault-data";
  std::string listen = "127.0.0.1:8080";
  int threads = 2;
};

// Creates the data folder if missing, binds, prints `listening on http://HOST:PORT` as the
// first line of stdout, serves, and on SIGTERM/SIGINT stops gracefully.
// Returns the exit status: kExitOk after a graceful stop, kExitUsage for a bad --listen
// value, kExitFailure when the folder cannot be created or the address cannot be bound.
// Errors are one line on stderr. REQUIRES: called once, from the main thread, before any
// other thread is started (it blocks SIGTERM/SIGINT for the process's threads).
int RunServe(const ServeOptions& options);

}  // namespace appvault::cli
