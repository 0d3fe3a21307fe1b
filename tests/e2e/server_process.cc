#include "e2e/server_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "e2e/e2e_database.h"

namespace appvault::test {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kListeningPrefix = "listening on ";
constexpr std::string_view kLoopback = "127.0.0.1:";

ExitStatus Decode(int wait_status) {
  ExitStatus status;
  status.exited = WIFEXITED(wait_status);
  if (status.exited) status.code = WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) status.signal = WTERMSIG(wait_status);
  return status;
}

// Starts `argv` with stdin from /dev/null, stdout and stderr on the given descriptors, no
// signal blocked and the stop signals at their default action. -1 when it cannot start.
pid_t Spawn(const std::vector<std::string>& argv, int stdout_fd, int stderr_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, stderr_fd, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal_number : {SIGTERM, SIGINT, SIGPIPE})
    sigaddset(&defaults, signal_number);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int error = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? pid : -1;
}

// Waits for `pid` to end; after `timeout` kills and reaps it and returns nullopt.
std::optional<ExitStatus> WaitForExit(pid_t pid, std::chrono::milliseconds timeout) {
  Clock::time_point deadline = Clock::now() + timeout;
  int wait_status = 0;
  while (Clock::now() < deadline) {
    pid_t reaped = waitpid(pid, &wait_status, WNOHANG);
    if (reaped == pid) return Decode(wait_status);
    if (reaped < 0 && errno != EINTR) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
  }
  return std::nullopt;
}

int OpenForWriting(const std::filesystem::path& path) {
  return open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::optional<std::uint16_t> PortOf(std::string_view line) {
  if (line.substr(0, kListeningPrefix.size()) != kListeningPrefix) return std::nullopt;
  std::string_view url = line.substr(kListeningPrefix.size());
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.substr(0, scheme.size()) == scheme) url.remove_prefix(scheme.size());
  }
  if (url.substr(0, kLoopback.size()) != kLoopback) return std::nullopt;
  std::string_view digits = url.substr(kLoopback.size());
  unsigned port = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || port == 0 ||
      port > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(port);
}

}  // namespace

std::string ExitStatus::ToString() const {
  return exited ? "exit " + std::to_string(code) : "signal " + std::to_string(signal);
}

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::vector<std::string>& extra_args,
                                                    std::chrono::milliseconds timeout) {
  std::unique_ptr<ServerProcess> server(new ServerProcess());
  server->data_dir_ = server->dir_.path() / "data";
  if (!server->Launch(0, extra_args, timeout, O_TRUNC)) return nullptr;
  return server;
}

bool ServerProcess::Restart(const std::vector<std::string>& extra_args,
                            std::chrono::milliseconds timeout) {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int ignored = 0;
    while (waitpid(pid_, &ignored, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  const std::uint16_t port = port_;
  port_ = 0;
  first_line_.clear();
  return Launch(port, extra_args, timeout, O_APPEND);
}

bool ServerProcess::Launch(std::uint16_t port, const std::vector<std::string>& extra_args,
                           std::chrono::milliseconds timeout, int log_flags) {
  std::vector<std::string> argv = {kAppvaultdPath, "serve",
                                   "--listen",     "127.0.0.1:" + std::to_string(port),
                                   "--data",       data_dir_.string()};
  const std::vector<std::string> database = DatabaseArgs(data_dir_);
  argv.insert(argv.end(), database.begin(), database.end());
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe2: " << std::strerror(errno);
    return false;
  }
  int log_fd = open((dir_.path() / "appvaultd.log").c_str(),
                    O_WRONLY | O_CREAT | O_CLOEXEC | log_flags, 0644);
  pid_ = Spawn(argv, out[1], log_fd);
  close(out[1]);
  close(log_fd);
  stdout_fd_ = out[0];
  if (pid_ < 0) {
    ADD_FAILURE() << "cannot start " << kAppvaultdPath;
    return false;
  }
  if (!ReadFirstLine(timeout)) {
    ADD_FAILURE() << "appvaultd did not print its address; first line: \"" << first_line_
                  << "\"; stderr:\n"
                  << Log();
    return false;
  }
  return true;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int ignored = 0;
    while (waitpid(pid_, &ignored, 0) < 0 && errno == EINTR) {
    }
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  ForgetDatabase(data_dir_);
}

bool ServerProcess::ReadFirstLine(std::chrono::milliseconds timeout) {
  Clock::time_point deadline = Clock::now() + timeout;
  std::string received;
  while (received.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd entry{stdout_fd_, POLLIN, 0};
    if (left.count() <= 0 || poll(&entry, 1, static_cast<int>(left.count())) <= 0) break;
    char chunk[256];
    ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
    if (n <= 0) break;
    received.append(chunk, static_cast<std::size_t>(n));
  }
  first_line_ = received.substr(0, received.find('\n'));
  std::optional<std::uint16_t> port = PortOf(first_line_);
  if (port) port_ = *port;
  return port.has_value() && received.find('\n') != std::string::npos;
}

void ServerProcess::Signal(int signal_number) {
  if (pid_ > 0) kill(pid_, signal_number);
}

std::optional<ExitStatus> ServerProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  std::optional<ExitStatus> status = WaitForExit(pid_, timeout);
  pid_ = -1;
  return status;
}

std::string ServerProcess::Log() const {
  return ReadFile(dir_.path() / "appvaultd.log");
}

std::optional<CommandResult> RunAppvaultd(const std::vector<std::string>& args,
                                          std::chrono::milliseconds timeout) {
  std::vector<std::string> argv = {kAppvaultdPath};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, timeout);
}

std::optional<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                        std::chrono::milliseconds timeout) {
  TempDir dir;
  int out_fd = OpenForWriting(dir.path() / "stdout");
  int err_fd = OpenForWriting(dir.path() / "stderr");
  pid_t pid = Spawn(argv, out_fd, err_fd);
  close(out_fd);
  close(err_fd);
  if (pid < 0) return std::nullopt;
  std::optional<ExitStatus> status = WaitForExit(pid, timeout);
  if (!status) return std::nullopt;
  return CommandResult{*status, ReadFile(dir.path() / "stdout"), ReadFile(dir.path() / "stderr")};
}

bool MakeSelfSignedCertificate(const std::string& cert, const std::string& key) {
  std::optional<CommandResult> made =
      RunCommand({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext",
                  "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", cert},
                 std::chrono::seconds(30));
  const bool ok = made.has_value() && made->status.Ok();
  EXPECT_TRUE(ok) << "openssl req: " << (made ? made->err : "timeout");
  return ok;
}

}  // namespace appvault::test
