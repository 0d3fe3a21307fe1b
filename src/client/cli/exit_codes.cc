#include "client/cli/exit_codes.h"

namespace appvault::client::cli {

int ExitCodeFor(const Status& status, FailureOrigin origin) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kUnauthenticated:
      return kExitNotLoggedIn;
    case StatusCode::kUnavailable:
    case StatusCode::kInternal:
    case StatusCode::kDataLoss:
    case StatusCode::kRateLimited:
      return origin == FailureOrigin::kServer ? kExitServer : kExitNotDone;
    case StatusCode::kQuotaExceeded:  // the server refused more of this user's data
    default:
      return kExitNotDone;
  }
}

}  // namespace appvault::client::cli
