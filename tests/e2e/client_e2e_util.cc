#include "e2e/client_e2e_util.h"

#include <algorithm>

namespace appvault::test {

using nlohmann::json;

void ExpectOneErrorLine(const std::string& err) {
  EXPECT_EQ(err.rfind("appvault: ", 0), 0u) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
}

void ExpectFailure(const CommandResult& result, int exit_code, const std::string& says) {
  EXPECT_EQ(result.status.code, exit_code) << result.err;
  ExpectOneErrorLine(result.err);
  EXPECT_NE(result.err.find(says), std::string::npos)
      << "expected \"" << says << "\" in " << result.err;
}

std::unique_ptr<ClientEnv> ClientEnv::Start(const std::vector<std::string>& server_args) {
  auto env = std::unique_ptr<ClientEnv>(new ClientEnv());
  env->server_ = ApiServer::Start(server_args);
  if (env->server_ == nullptr) return nullptr;
  return env;
}

std::string ClientEnv::url() const {
  return scheme_ + "://127.0.0.1:" + std::to_string(server_->port());
}

std::string ClientEnv::DevicePath(const std::string& name) const {
  return (devices_.path() / name).string();
}

CommandResult ClientEnv::Run(const std::string& device, const std::vector<std::string>& args,
                             const std::string& input, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv = {"env",
                                   "-u",
                                   "APPVAULT_DEVICE",
                                   "-u",
                                   "APPVAULT_SERVER",
                                   "-u",
                                   "APPVAULT_CA_FILE",
                                   kAppvaultPath,
                                   "--server",
                                   url(),
                                   "--device",
                                   DevicePath(device)};
  if (!ca_file_.empty()) argv.insert(argv.end(), {"--ca-file", ca_file_});
  argv.insert(argv.end(), args.begin(), args.end());
  if (!input.empty()) {
    // sh -c 'printf %s "$1" | { shift; exec "$@"; }' sh INPUT argv…
    argv.insert(argv.begin(),
                {"sh", "-c", "printf '%s' \"$1\" | { shift; exec \"$@\"; }", "sh", input});
  }
  std::optional<CommandResult> result = RunCommand(argv, timeout);
  EXPECT_TRUE(result.has_value()) << "appvault did not finish: " << args.front();
  return result.value_or(CommandResult{});
}

json ClientEnv::RunJson(const std::string& device, const std::vector<std::string>& args,
                        int expected_exit, const std::string& input) {
  std::vector<std::string> with_json = args;
  with_json.push_back("--json");
  CommandResult result = Run(device, with_json, input);
  EXPECT_EQ(result.status.code, expected_exit) << result.err << result.out;
  json document = json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(document.is_object()) << "not one JSON document: " << result.out;
  return document.is_object() ? document : json::object();
}

void ClientEnv::InitDevice(const std::string& name, const std::string& platform,
                           const std::string& os_version, const std::string& abis) {
  CommandResult init = Run(name, {"device", "init", "--platform", platform, "--os-version",
                                  os_version, "--abi", abis, "--name", name});
  EXPECT_EQ(init.status.code, 0) << init.err;
}

void ClientEnv::AddAccount(const std::string& name, const std::string& role) {
  AddUser(server_->data_dir(), name, role, kTestPassword);
}

void ClientEnv::Login(const std::string& device, const std::string& user) {
  CommandResult login =
      Run(device, {"login", user, "--password-stdin"}, std::string(kTestPassword) + "\n");
  EXPECT_EQ(login.status.code, 0) << login.err;
}

void ClientEnv::RegisterAndLogin(const std::string& device, const std::string& user) {
  CommandResult registered =
      Run(device, {"register", user, "--password-stdin"}, std::string(kTestPassword) + "\n");
  EXPECT_EQ(registered.status.code, 0) << registered.err;
  Login(device, user);
}

void ClientEnv::EnsurePublisher() {
  if (publisher_ready_) return;
  InitDevice("publisher", "android", "33", "arm64-v8a");
  AddAccount("publisher", "publisher");
  Login("publisher", "publisher");
  publisher_ready_ = true;
}

json ClientEnv::Publish(const std::string& package, const std::vector<std::string>& args) {
  EnsurePublisher();
  std::vector<std::string> publish = {"publish", PackagePath(package)};
  publish.insert(publish.end(), args.begin(), args.end());
  return RunJson("publisher", publish, 0);
}

void ClientEnv::Sideload(const std::string& device, const std::string& package) {
  CommandResult sideload = Run(device, {"device", "sideload", PackagePath(package)});
  EXPECT_EQ(sideload.status.code, 0) << sideload.err;
}

}  // namespace appvault::test
