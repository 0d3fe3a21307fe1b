// Helpers of the client end-to-end tests: a real appvaultd on a free port, device folders in
// a temporary folder, and the real `appvault` binary run as a process against them —
// accounts (publishers made with `appvaultd user add`), logins and published packages
// (those of api_make_packages.sh, see PackagePath).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/api_test_util.h"
#include "e2e/server_process.h"
#include "support/temp_dir.h"

namespace appvault::test {

// The path of the appvault built with the tests.
inline constexpr const char* kAppvaultPath = APPVAULT_PATH;

// Exactly one line on stderr, starting "appvault: " (records a test failure otherwise).
void ExpectOneErrorLine(const std::string& err);
// result exited with exit_code and wrote exactly one error line, which contains says.
void ExpectFailure(const CommandResult& result, int exit_code, const std::string& says = "");

// A server and the device folders of one test. Not thread-safe.
class ClientEnv {
 public:
  // Starts appvaultd serve with server_args; nullptr (after a test failure) if it did not.
  static std::unique_ptr<ClientEnv> Start(const std::vector<std::string>& server_args = {});

  ApiServer& server() { return *server_; }
  // "http://127.0.0.1:PORT" ("https://…" after UseHttps).
  std::string url() const;
  // Runs talk to the server over https (REQUIRES: it was started with --tls-cert/--tls-key),
  // with `--ca-file ca_file` unless ca_file is "".
  void UseHttps(const std::string& ca_file) {
    scheme_ = "https";
    ca_file_ = ca_file;
  }
  // The folder of the device called name (it need not exist yet).
  std::string DevicePath(const std::string& name) const;

  // Runs `appvault --server URL --device DEVICE args…` (device: a name given to DevicePath)
  // with no APPVAULT_* variable set; input, when not empty, is its stdin (else /dev/null).
  // A run that does not end within timeout is killed and fails the test.
  CommandResult Run(const std::string& device, const std::vector<std::string>& args,
                    const std::string& input = "",
                    std::chrono::milliseconds timeout = std::chrono::seconds(120));
  // Run with --json; expects exit status expected_exit and one JSON document on stdout.
  nlohmann::json RunJson(const std::string& device, const std::vector<std::string>& args,
                         int expected_exit, const std::string& input = "");

  // `appvault device init` of an Android or iOS device called name.
  void InitDevice(const std::string& name, const std::string& platform,
                  const std::string& os_version, const std::string& abis);
  // `appvaultd user add NAME --role ROLE` with kTestPassword.
  void AddAccount(const std::string& name, const std::string& role);
  // `appvault login USER --password-stdin` (kTestPassword) on device; must succeed.
  void Login(const std::string& device, const std::string& user);
  // `appvault register` then `login` of user (kTestPassword) on device; must succeed.
  void RegisterAndLogin(const std::string& device, const std::string& user);
  // A device "publisher" logged in as a new publisher account "publisher" (made once).
  void EnsurePublisher();
  // `appvault publish PackagePath(package) args…` from the publisher's device; must succeed.
  // Returns the stored package's document.
  nlohmann::json Publish(const std::string& package, const std::vector<std::string>& args = {});
  // `appvault device sideload PackagePath(package)` on device; must succeed.
  void Sideload(const std::string& device, const std::string& package);

 private:
  ClientEnv() = default;

  std::unique_ptr<ApiServer> server_;
  TempDir devices_;
  bool publisher_ready_ = false;
  std::string scheme_ = "http";
  std::string ca_file_;
};

}  // namespace appvault::test
