// Starting the real appvaultd from tests: a server in a fresh data folder on a free port,
// and one-shot runs of other commands. Every wait has a deadline; a process that hangs is
// killed, never waited for forever.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace appvault::test {

// The path of the appvaultd built with the tests.
inline constexpr const char* kAppvaultdPath = APPVAULTD_PATH;

// How a process ended.
struct ExitStatus {
  bool exited = false;  // by exit(); otherwise killed by `signal`
  int code = -1;        // the exit code when exited
  int signal = 0;

  bool Ok() const { return exited && code == 0; }
  // "exit 0", "signal 9".
  std::string ToString() const;
};

// `appvaultd serve --listen 127.0.0.1:0 --data DIR/data [extra args]`, stdout read for the
// `listening on` line, stderr kept in DIR/appvaultd.log. The destructor kills the process
// (SIGKILL) if it still runs and removes DIR. Not thread-safe.
class ServerProcess {
 public:
  // Starts it and waits up to `timeout` for the first line of stdout. nullptr (after
  // recording a test failure with the reason and the log) when it did not start.
  static std::unique_ptr<ServerProcess> Start(
      const std::vector<std::string>& extra_args = {},
      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // The first line the server printed.
  const std::string& first_line() const { return first_line_; }

  // Kills the server (SIGKILL) if it still runs and starts it again on the same data folder
  // and the same port, with extra_args; stderr is appended to the log. False (after
  // recording a test failure) when it did not start.
  bool Restart(const std::vector<std::string>& extra_args = {},
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Sends `signal_number` (SIGTERM, SIGINT, …). REQUIRES: Wait has not returned yet.
  void Signal(int signal_number);
  // Waits up to `timeout` for the process to end. On timeout kills it (SIGKILL), reaps it
  // and returns nullopt.
  std::optional<ExitStatus> Wait(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // What the server wrote on stderr so far.
  std::string Log() const;

 private:
  ServerProcess() = default;
  bool ReadFirstLine(std::chrono::milliseconds timeout);
  // Spawns appvaultd serve on data_dir_ and 127.0.0.1:port (0: any free one) and reads its
  // address; log_flags: O_TRUNC or O_APPEND.
  bool Launch(std::uint16_t port, const std::vector<std::string>& extra_args,
              std::chrono::milliseconds timeout, int log_flags);

  TempDir dir_;
  std::filesystem::path data_dir_;
  pid_t pid_ = -1;  // -1 once reaped
  int stdout_fd_ = -1;
  std::uint16_t port_ = 0;
  std::string first_line_;
};

// What a finished command did.
struct CommandResult {
  ExitStatus status;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `appvaultd args…` with stdin from /dev/null; nullopt (after killing it) when it has
// not ended within `timeout`.
std::optional<CommandResult> RunAppvaultd(
    const std::vector<std::string>& args,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Runs argv (argv[0] a path, or a name looked up in PATH) likewise.
std::optional<CommandResult> RunCommand(
    const std::vector<std::string>& argv,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A self-signed certificate for localhost and 127.0.0.1 (P-256, one day) and its key, made
// with openssl into cert and key (PEM). Records a test failure and returns false when
// openssl fails.
bool MakeSelfSignedCertificate(const std::string& cert, const std::string& key);

}  // namespace appvault::test
