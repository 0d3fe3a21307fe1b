// Exit statuses of `appvault` (CONTRACT §2), and the one mapping from a StatusCode to them.
#pragma once

#include "core/status.h"

namespace appvault::client::cli {

inline constexpr int kExitOk = 0;           // all that was asked was done
inline constexpr int kExitNotDone = 1;      // some item was not done (the report says why)
inline constexpr int kExitUsage = 2;        // bad command line or argument
inline constexpr int kExitNotLoggedIn = 3;  // not logged in, or credentials refused
inline constexpr int kExitServer = 4;       // server unreachable, or a server error

// Where a failure came from: the device (local files) or the server (network, HTTP). A disk
// that cannot be read is not a server that cannot be reached.
enum class FailureOrigin { kDevice, kServer };

// The exit status of a command that failed with status: ok → 0; kInvalidArgument → 2;
// kUnauthenticated → 3; from the server, kUnavailable, kInternal, kDataLoss and
// kRateLimited → 4; everything else (kQuotaExceeded included: the user must free or ask
// for room, retrying does not help) → 1.
int ExitCodeFor(const Status& status, FailureOrigin origin);

}  // namespace appvault::client::cli
