// Exit statuses of appvaultd.
#pragma once

namespace appvault::cli {

inline constexpr int kExitOk = 0;       // done; for `serve`, a graceful stop
inline constexpr int kExitFailure = 1;  // could not do it (the error line says why)
inline constexpr int kExitUsage = 2;    // bad command line

}  // namespace appvault::cli
