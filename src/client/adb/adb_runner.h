// Runs Debian's `adb` as a child process: an argument vector (posix_spawn, never a shell),
// a deadline on every call, stdout and stderr collected with a size bound. The adb server
// port (ANDROID_ADB_SERVER_PORT) and the serial (-s) come from AdbOptions, so tests use a
// private server and a chosen phone.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::client::adb {

struct AdbOptions {
  std::string adb_path = "adb";  // found on PATH when it has no '/'
  std::string serial;            // -s SERIAL; "" = adb's choice (the only device, $ANDROID_SERIAL)
  std::optional<int> server_port;  // ANDROID_ADB_SERVER_PORT for the child; else inherited
  std::chrono::milliseconds timeout{30000};    // per call, unless the call gives its own
  std::uint64_t max_output_bytes = 64u << 20;  // stdout + stderr of one call
};

struct AdbOutput {
  int exit_status = 0;  // adb's own exit status
  std::string out, err;
};

// Thread-safety: a value holding options; Run may be called from several threads. The first
// Run sets SIGPIPE to be ignored in the process (a write to an exited adb is then an error).
class AdbRunner {
 public:
  explicit AdbRunner(AdbOptions options) : options_(std::move(options)) {}

  // Runs `adb [-s SERIAL] ARGS...`, feeding stdin_bytes to its stdin. Success means adb ran
  // to its end (whatever its exit status). Errors: kUnavailable naming the command — adb
  // cannot be started, it was killed after the timeout ("timed out after N ms"), it died of a
  // signal, or its output exceeded max_output_bytes.
  Result<AdbOutput> Run(const std::vector<std::string>& args, std::string_view stdin_bytes = {},
                        std::optional<std::chrono::milliseconds> timeout = std::nullopt) const;

  // Runs one command on the phone: `adb shell` with each word single-quoted for the phone's
  // sh (so an app id or path with a quote, space or `;` stays one word), over shell v2 so the
  // command's exit status comes back; stdin_bytes go to the command's stdin. Errors: as Run.
  Result<AdbOutput> Shell(const std::vector<std::string>& argv,
                          std::optional<std::chrono::milliseconds> timeout = std::nullopt,
                          std::string_view stdin_bytes = {}) const;

  const AdbOptions& options() const { return options_; }

 private:
  AdbOptions options_;
};

// `'word'` with each `'` written as `'\''`: one word to Android's sh (mksh).
std::string QuoteForPhoneShell(std::string_view word);

// "adb -s SERIAL shell pm list packages": how errors name a call.
std::string DescribeCall(const AdbOptions& options, const std::vector<std::string>& args);

}  // namespace appvault::client::adb
