#include "client/cli/account_commands.h"

#include <chrono>
#include <iostream>
#include <memory>

#include "client/cli/device_access.h"
#include "client/cli/output.h"
#include "client/cli/password_prompt.h"
#include "client/cli/server_access.h"
#include "client/device_json.h"
#include "client/net/json_fields.h"
#include "client/net/session.h"

namespace appvault::client::cli {
namespace {

using nlohmann::json;

struct AccountOptions {
  std::string username;
  bool password_stdin = false;
};

// "2024-06-01T12:00:00Z" for seconds since the epoch given as text; the text itself when it
// is not a number.
std::string TimeText(const std::string& seconds) {
  char* end = nullptr;
  long long value = std::strtoll(seconds.c_str(), &end, 10);
  if (seconds.empty() || end == nullptr || *end != '\0') return seconds;
  return FormatUtc(std::chrono::system_clock::from_time_t(static_cast<std::time_t>(value)));
}

// The route that takes {username, password}: registration or login.
template <typename Answer>
using CredentialsCall = Result<Answer> (ApiClient::*)(const api::Credentials&) const;

// Reads the password and sends the credentials with `call`. The password's errors are
// kInvalidArgument (exit 2 whatever the origin); the server's are prefixed with failure.
template <typename Answer>
Result<Answer> SendCredentials(const ApiClient& api, CredentialsCall<Answer> call,
                               const AccountOptions& options, bool new_password,
                               const std::string& failure) {
  Result<std::string> password =
      ReadPassword(options.password_stdin, new_password, "Password for " + options.username + ": ");
  if (!password.ok()) return password.status();
  Result<Answer> answer = (api.*call)({options.username, *password});
  if (!answer.ok()) {
    return Status(answer.status().code(), failure + ": " + answer.status().message());
  }
  return answer;
}

int RunRegister(const GlobalOptions& globals, const AccountOptions& options) {
  ServerConnection server(globals.server, "");
  Result<api::Account> created = SendCredentials(ApiClient(server), &ApiClient::Register, options,
                                                 true, "cannot register " + options.username);
  if (!created.ok()) return Fail(globals, created.status(), FailureOrigin::kServer);
  if (globals.json) {
    PrintJson(
        {{"username", created->username}, {"role", created->role}, {"server", server.BaseUrl()}});
  } else {
    std::cout << "registered " << created->username << " on " << server.BaseUrl()
              << "; log in with `appvault login " << options.username << "`\n";
  }
  return kExitOk;
}

int RunLogin(const GlobalOptions& globals, const AccountOptions& options) {
  Result<std::unique_ptr<Device>> device = OpenDevice(globals);
  if (!device.ok()) return Fail(globals, device.status(), FailureOrigin::kDevice);
  ServerConnection server(globals.server, "");
  Result<api::SessionInfo> opened = SendCredentials(ApiClient(server), &ApiClient::Login, options,
                                                    false, "cannot log in as " + options.username);
  if (!opened.ok()) return Fail(globals, opened.status(), FailureOrigin::kServer);
  Session session{server.BaseUrl(), opened->username, opened->token,
                  std::to_string(opened->expires_at)};
  Status saved = SaveSession(**device, session);
  if (!saved.ok()) return Fail(globals, saved, FailureOrigin::kDevice);
  const std::string& role = opened->role;
  if (globals.json) {
    PrintJson({{"username", session.username},
               {"role", role},
               {"server", session.server},
               {"expires_at", opened->expires_at}});
  } else {
    std::cout << "logged in as " << session.username << " (" << role << ") on " << session.server
              << "; the session lasts until " << TimeText(session.expires_at) << "\n";
  }
  return kExitOk;
}

int RunLogout(const GlobalOptions& globals) {
  Result<std::unique_ptr<Device>> device = OpenDevice(globals);
  if (!device.ok()) return Fail(globals, device.status(), FailureOrigin::kDevice);
  Result<std::optional<Session>> session = LoadSession(**device);
  if (!session.ok()) return Fail(globals, session.status(), FailureOrigin::kDevice);
  if (!session->has_value()) {
    if (globals.json) PrintJson({{"logged_out", false}, {"reason", "not logged in"}});
    if (!globals.json) std::cout << "not logged in on this device\n";
    return kExitOk;
  }
  const Session& s = **session;
  Result<api::SignedOut> ended = ApiClient(ServerConnection(s.server, s.token)).Logout();
  // A token the server no longer accepts is a session that has ended already.
  const bool server_ended = ended.ok() || ended.status().code() == StatusCode::kUnauthenticated;
  Status cleared = ClearSession(**device);
  if (!cleared.ok()) return Fail(globals, cleared, FailureOrigin::kDevice);
  if (globals.json) {
    PrintJson({{"logged_out", true},
               {"username", s.username},
               {"server", s.server},
               {"server_session_ended", server_ended},
               {"reason", server_ended ? "" : ended.status().message()}});
  } else {
    std::cout << "logged out " << s.username << " from " << s.server << "\n";
  }
  if (server_ended) return kExitOk;
  PrintError("removed the session from this device, but the server did not end it (" +
             ended.status().message() + "); it stays valid until " + TimeText(s.expires_at));
  return ExitCodeFor(ended.status(), FailureOrigin::kServer);
}

void AddAccountCommand(CLI::App& app, const std::string& name, const std::string& description,
                       const GlobalOptions& globals, CommandRegistry& registry,
                       int (*run)(const GlobalOptions&, const AccountOptions&)) {
  auto options = std::make_shared<AccountOptions>();
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("USER", options->username, "The username")->required();
  command->add_flag("--password-stdin", options->password_stdin,
                    "Read the password from the first line of stdin");
  registry.Add(command, [&globals, options, run] { return run(globals, *options); });
}

}  // namespace

void AddAccountCommands(CLI::App& app, const GlobalOptions& globals, CommandRegistry& registry) {
  AddAccountCommand(app, "register", "Create an account on the server", globals, registry,
                    RunRegister);
  AddAccountCommand(app, "login", "Log this device in to the server", globals, registry, RunLogin);
  CLI::App* logout = app.add_subcommand("logout", "End this device's session");
  registry.Add(logout, [&globals] { return RunLogout(globals); });
}

}  // namespace appvault::client::cli
