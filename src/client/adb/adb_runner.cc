#include "client/adb/adb_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

extern char** environ;

namespace appvault::client::adb {
namespace {

using Clock = std::chrono::steady_clock;

// Closes the descriptors it holds.
struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void Close(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

std::vector<std::string> ChildEnvironment(const AdbOptions& options) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    if (options.server_port && entry.rfind("ANDROID_ADB_SERVER_PORT=", 0) == 0) continue;
    env.emplace_back(entry);
  }
  if (options.server_port) {
    env.push_back("ANDROID_ADB_SERVER_PORT=" + std::to_string(*options.server_port));
  }
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

Status Fail(const std::string& call, const std::string& why) {
  return Status(StatusCode::kUnavailable, call + ": " + why);
}

}  // namespace

std::string QuoteForPhoneShell(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out.append("'\\''");
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::string DescribeCall(const AdbOptions& options, const std::vector<std::string>& args) {
  std::string out = "adb";
  if (!options.serial.empty()) out += " -s " + options.serial;
  for (const std::string& a : args)
    out += " " + a;
  return out;
}

Result<AdbOutput> AdbRunner::Run(const std::vector<std::string>& args, std::string_view stdin_bytes,
                                 std::optional<std::chrono::milliseconds> timeout) const {
  const std::string call = DescribeCall(options_, args);
  // A write to adb's stdin after adb exited must fail with EPIPE, not kill the client.
  static std::once_flag ignore_sigpipe;
  std::call_once(ignore_sigpipe, [] { ::signal(SIGPIPE, SIG_IGN); });
  std::vector<std::string> argv = {options_.adb_path};
  if (!options_.serial.empty()) argv.insert(argv.end(), {"-s", options_.serial});
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> env = ChildEnvironment(options_);
  Pipe in, out, err;
  if (::pipe2(in.fd, O_CLOEXEC) != 0 || ::pipe2(out.fd, O_CLOEXEC) != 0 ||
      ::pipe2(err.fd, O_CLOEXEC) != 0) {
    return Fail(call, std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  pid_t pid = 0;
  std::vector<char*> argp = Pointers(argv), envp = Pointers(env);
  int rc = options_.adb_path.find('/') == std::string::npos
               ? ::posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, argp.data(), envp.data())
               : ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Fail(call, std::string("cannot start adb: ") + std::strerror(rc));
  in.Close(0);
  out.Close(1);
  err.Close(1);
  ::fcntl(in.fd[1], F_SETFL, O_NONBLOCK);
  if (stdin_bytes.empty()) in.Close(1);

  const auto deadline = Clock::now() + timeout.value_or(options_.timeout);
  AdbOutput result;
  std::size_t written = 0;
  std::string failure;
  int status = 0;
  bool exited = false;
  // Until adb exits and its pipes are drained. A server that adb starts may inherit the
  // pipes and keep them open: once adb itself has exited, what is readable now is the end.
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      failure =
          "timed out after " + std::to_string(timeout.value_or(options_.timeout).count()) + " ms";
      break;
    }
    pollfd fds[3] = {{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}, {in.fd[1], POLLOUT, 0}};
    int wait_ms = exited ? 0 : static_cast<int>(std::min<long long>(left.count(), 50));
    int ready = ::poll(fds, 3, wait_ms);
    if (ready < 0 && errno != EINTR) {
      failure = std::string("poll: ") + std::strerror(errno);
      break;
    }
    if (fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) {
      ssize_t n = ::write(in.fd[1], stdin_bytes.data() + written, stdin_bytes.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 && errno != EAGAIN) written = stdin_bytes.size();  // adb stopped reading
      if (written == stdin_bytes.size()) in.Close(1);
    }
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        (i == 0 ? out : err).Close(0);
        continue;
      }
      (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
    }
    if (result.out.size() + result.err.size() > options_.max_output_bytes) {
      failure = "printed more than " + std::to_string(options_.max_output_bytes) + " bytes";
      break;
    }
    if (exited && ready == 0) break;
    if (!exited && ::waitpid(pid, &status, WNOHANG) == pid) exited = true;
  }
  if (!exited) {
    if (!failure.empty()) ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (!failure.empty()) return Fail(call, failure);
  if (!WIFEXITED(status))
    return Fail(call, "adb died of signal " + std::to_string(WTERMSIG(status)));
  result.exit_status = WEXITSTATUS(status);
  return result;
}

Result<AdbOutput> AdbRunner::Shell(const std::vector<std::string>& argv,
                                   std::optional<std::chrono::milliseconds> timeout,
                                   std::string_view stdin_bytes) const {
  std::string line;
  for (const std::string& word : argv)
    line.append(line.empty() ? "" : " ").append(QuoteForPhoneShell(word));
  // One argument to `adb shell`: adb sends it as the command line, unchanged.
  return Run({"shell", line}, stdin_bytes, timeout);
}

}  // namespace appvault::client::adb
