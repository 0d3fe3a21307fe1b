#include "client/cli/server_access.h"

#include "client/cli/device_access.h"
#include "client/cli/output.h"
#include "client/net/curl_handle.h"

namespace appvault::client::cli {

std::optional<SignedIn> OpenSignedIn(const GlobalOptions& globals, int& exit_code) {
  Result<std::unique_ptr<Device>> device = OpenDevice(globals);
  if (!device.ok()) {
    exit_code = Fail(globals, device.status(), FailureOrigin::kDevice);
    return std::nullopt;
  }
  Result<std::pair<ServerConnection, Session>> connected =
      ConnectSignedIn(globals.server, **device);
  if (!connected.ok()) {
    FailureOrigin origin = connected.status().code() == StatusCode::kUnauthenticated
                               ? FailureOrigin::kServer
                               : FailureOrigin::kDevice;
    exit_code = Fail(globals, connected.status(), origin);
    return std::nullopt;
  }
  ApiClient api(connected->first);
  return SignedIn{std::move(*device), std::move(connected->first), std::move(connected->second),
                  std::move(api)};
}

int FailServer(const GlobalOptions& globals, const Status& status, const std::string& username) {
  if (status.code() != StatusCode::kUnauthenticated) {
    return Fail(globals, status, FailureOrigin::kServer);
  }
  const std::string hint =
      "run `appvault login " + (username.empty() ? std::string("USER") : username) + "`";
  return Fail(globals, Status(status.code(), status.message() + " (" + hint + ")"),
              FailureOrigin::kServer);
}

}  // namespace appvault::client::cli
