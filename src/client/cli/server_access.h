// What every command that talks to appvaultd starts with: the device (which holds the
// session), the signed-in connection, and the one way server failures are reported.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "client/cli/global_options.h"
#include "client/device.h"
#include "client/net/api_client.h"
#include "client/net/server_connection.h"
#include "client/net/session.h"

namespace appvault::client::cli {

// A device with a signed-in session on the server of --server.
struct SignedIn {
  std::unique_ptr<Device> device;
  ServerConnection server;  // for downloads (client/transfer)
  Session session;
  ApiClient api;  // every other call, over `server`
};

// Opens the device of --device and its session for --server. On failure reports it (one
// line on stderr; {"error":…} with --json), sets exit_code and returns nullopt: no device →
// 1, no session or an expired one → 3 ("not logged in to URL: run `appvault login USER`").
std::optional<SignedIn> OpenSignedIn(const GlobalOptions& globals, int& exit_code);

// Reports a failure of a server request and returns its exit status (ExitCodeFor with
// FailureOrigin::kServer: 401 → 3, unreachable or 5xx → 4, 400 → 2, others 1). A refused
// token (kUnauthenticated) gets the hint "run `appvault login USERNAME`"; username may be "".
int FailServer(const GlobalOptions& globals, const Status& status,
               const std::string& username = "");

}  // namespace appvault::client::cli
