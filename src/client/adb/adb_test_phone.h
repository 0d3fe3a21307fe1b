// Tests against the project's phone emulator through Debian's real adb: a private adb server
// port, the emulator on port 0 with a temporary state folder; all stopped at the end of each
// test (header-only, for the client/adb tests).
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "client/adb/adb_runner.h"
#include "support/temp_dir.h"

extern char** environ;

namespace appvault::client::adb {

namespace fs = std::filesystem;

// A free TCP port on 127.0.0.1.
inline int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// The emulator as a child process; "listening on HOST:PORT" read from its first line.
class Emulator {
 public:
  Emulator(const std::string& state, std::vector<std::string> flags) {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    std::vector<std::string> argv = {PHONE_EMULATOR_PATH, "--state", state, "--listen",
                                     "127.0.0.1:0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    std::vector<char*> p;
    for (std::string& a : argv)
      p.push_back(a.data());
    p.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    EXPECT_EQ(::posix_spawn(&pid_, p[0], &actions, nullptr, p.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string line;
    char c;
    while (::read(out[0], &c, 1) == 1 && c != '\n')
      line += c;
    ::close(out[0]);
    const std::string prefix = "listening on ";
    EXPECT_EQ(line.rfind(prefix, 0), 0u) << line;
    if (line.rfind(prefix, 0) == 0) serial_ = line.substr(prefix.size());
  }
  ~Emulator() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  const std::string& serial() const { return serial_; }

 private:
  pid_t pid_ = -1;
  std::string serial_;
};

class AdbPhoneTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_ / "home");
    ::setenv("HOME", (dir_ / "home").c_str(), 1);  // adb keeps its key in ~/.android
    options_.server_port = FreePort();
    options_.timeout = std::chrono::milliseconds(20000);
    AdbRunner server(options_);
    auto started = server.Run({"start-server"});
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    ASSERT_EQ(started->exit_status, 0) << started->err;
  }
  void TearDown() override {
    emulator_.reset();
    AdbRunner(options_).Run({"kill-server"}).ok();
  }
  // Starts the emulator and connects adb to it; returns a runner for that phone.
  AdbRunner Connect(std::vector<std::string> flags) {
    emulator_ = std::make_unique<Emulator>((dir_ / "state").string(), std::move(flags));
    AdbRunner host(options_);
    auto connected = host.Run({"connect", emulator_->serial()});
    EXPECT_TRUE(connected.ok() && connected->out.find("connected to") != std::string::npos);
    AdbOptions phone = options_;
    phone.serial = emulator_->serial();
    AdbRunner runner(phone);
    auto ready = runner.Run({"wait-for-device"});
    EXPECT_TRUE(ready.ok() && ready->exit_status == 0);
    return runner;
  }

  appvault::test::TempDir tmp_{"adb_phone_test"};
  const fs::path dir_ = tmp_.path();
  AdbOptions options_;
  std::unique_ptr<Emulator> emulator_;
};

}  // namespace appvault::client::adb
