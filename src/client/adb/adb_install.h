// Installing an app — one APK or an app set — onto a phone through one PackageInstaller
// session (CONTRACT §8), as `adb install-multiple` does: `pm install-create -S TOTAL`, one
// `pm install-write -S SIZE SESSION NAME -` per APK with its bytes on stdin, then
// `pm install-commit SESSION`. Any failure before the commit abandons the session
// (`pm install-abandon`): the phone is left as it was.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "client/adb/adb_runner.h"
#include "core/status.h"

namespace appvault::client::adb {

// Limits: the bytes of one APK read into memory to stream it (a larger one is refused), and
// how long one install-write may take: kWriteTimeoutBase plus a second per kWriteBytesPerSecond.
inline constexpr std::uint64_t kMaxStreamedApkBytes = std::uint64_t{2} << 30;
inline constexpr std::chrono::milliseconds kWriteTimeoutBase{30000};
inline constexpr std::uint64_t kWriteBytesPerSecond = 4u << 20;

// Installs the APK files at paths (the base first, then its splits) in one session. sdk: the
// phone's API level (Android 14, API 34, and later need --bypass-low-target-sdk-block for
// apps targeting old APIs, as appvault restores what the user had). Errors: the phone's
// refusal as RefusalStatus gives it; kNotFound / kUnavailable for a file that cannot be read;
// kUnavailable naming the command when adb or pm fails or answers what does not parse.
Status InstallApks(const AdbRunner& runner, const std::vector<std::string>& paths, int sdk);

// The Status of the phone's `Failure [INSTALL_FAILED_CODE: message]`: kSignerMismatch for
// INSTALL_FAILED_UPDATE_INCOMPATIBLE (another signer), kConflict for …_VERSION_DOWNGRADE,
// …_ALREADY_EXISTS, …_OLDER_SDK, …_NO_MATCHING_ABIS, …_DEPRECATED_SDK_VERSION (does not fit or
// would downgrade), kInvalidPackage for …_INVALID_APK, …_MISSING_SPLIT, …_PARSE_FAILED… and
// other package defects, kQuotaExceeded for …_INSUFFICIENT_STORAGE; anything else
// kUnavailable. The message is "the phone refused the install: CODE: message".
Status RefusalStatus(std::string_view failure);

}  // namespace appvault::client::adb
