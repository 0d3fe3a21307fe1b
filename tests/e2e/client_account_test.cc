// `appvault register | login | logout | prefs` as a user meets them: the session kept in the
// device (mode 0600, the token never printed), the exit statuses of CONTRACT §2 (3 not
// logged in or refused, 4 server unreachable, 2 bad input) and one error line on stderr.
#include <sys/stat.h>

#include <csignal>
#include <filesystem>

#include "e2e/client_e2e_util.h"

namespace appvault::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ClientAccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = ClientEnv::Start();
    ASSERT_NE(env_, nullptr);
    env_->InitDevice("phone", "android", "30", "arm64-v8a");
  }

  std::string SessionFile() const { return env_->DevicePath("phone") + "/.appvault/session.json"; }

  // Stops the server (SIGTERM) and waits for it to end.
  void StopServer() {
    env_->server().process().Signal(SIGTERM);
    ASSERT_TRUE(env_->server().process().Wait().has_value());
  }

  std::unique_ptr<ClientEnv> env_;
};

int ModeOf(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int>(info.st_mode & 0777);
}

TEST_F(ClientAccountTest, RegisterLoginLogoutRoundTrip) {
  const std::string password = std::string(kTestPassword) + "\n";
  CommandResult registered = env_->Run("phone", {"register", "ann", "--password-stdin"}, password);
  ASSERT_EQ(registered.status.code, 0) << registered.err;
  EXPECT_NE(registered.out.find("registered ann"), std::string::npos) << registered.out;
  EXPECT_FALSE(fs::exists(SessionFile())) << "registering must not log in";

  CommandResult login = env_->Run("phone", {"login", "ann", "--password-stdin"}, password);
  ASSERT_EQ(login.status.code, 0) << login.err;
  EXPECT_NE(login.out.find("logged in as ann (user)"), std::string::npos) << login.out;
  EXPECT_EQ(ModeOf(SessionFile()), 0600);
  json session = json::parse(ReadBytes(SessionFile()), nullptr, false);
  ASSERT_TRUE(session.is_object());
  const std::string token = session.value("token", "");
  ASSERT_EQ(token.size(), 64u);
  EXPECT_EQ(login.out.find(token), std::string::npos) << "the token was printed";
  EXPECT_EQ(login.err.find(token), std::string::npos) << "the token was printed";
  EXPECT_EQ(env_->server().Call("GET", "/v1/me", token).status, 200);

  json login_json = env_->RunJson("phone", {"login", "ann", "--password-stdin"}, 0, password);
  EXPECT_EQ(login_json.value("username", ""), "ann");
  const std::string second_token =
      json::parse(ReadBytes(SessionFile()), nullptr, false).value("token", "");
  ASSERT_EQ(second_token.size(), 64u);
  EXPECT_EQ(login_json.dump().find(second_token), std::string::npos) << "the token was printed";

  CommandResult logout = env_->Run("phone", {"logout"});
  ASSERT_EQ(logout.status.code, 0) << logout.err;
  EXPECT_NE(logout.out.find("logged out ann"), std::string::npos) << logout.out;
  EXPECT_FALSE(fs::exists(SessionFile()));
  EXPECT_EQ(env_->server().Call("GET", "/v1/me", second_token).status, 401)
      << "logout must end the session on the server";

  CommandResult after = env_->Run("phone", {"prefs"});
  ExpectFailure(after, 3, "not logged in");
  EXPECT_NE(after.err.find("appvault login"), std::string::npos) << after.err;
}

TEST_F(ClientAccountTest, WrongPasswordExits3AndStoresNothing) {
  env_->AddAccount("ann", "user");
  CommandResult login =
      env_->Run("phone", {"login", "ann", "--password-stdin"}, "not the password\n");
  ExpectFailure(login, 3, "wrong username or password");
  EXPECT_FALSE(fs::exists(SessionFile()));

  CommandResult unknown =
      env_->Run("phone", {"login", "nobody", "--password-stdin"}, "whatever password\n");
  ExpectFailure(unknown, 3);
}

// After the server's limit of failed logins for a username (docs/api.md: 10), the next
// attempt — even with the right password — is refused as rate limited: exit 4, and the
// message says so (not "wrong password").
TEST_F(ClientAccountTest, TooManyFailedLoginsExit4SayingSo) {
  env_->AddAccount("ann", "user");
  for (int i = 0; i < 10; ++i) {
    ExpectFailure(env_->Run("phone", {"login", "ann", "--password-stdin"}, "not it\n"), 3);
  }
  CommandResult limited =
      env_->Run("phone", {"login", "ann", "--password-stdin"}, std::string(kTestPassword) + "\n");
  ExpectFailure(limited, 4, "too many failed logins");
  EXPECT_NE(limited.err.find("try again in"), std::string::npos) << limited.err;
  EXPECT_EQ(limited.err.find("wrong username or password"), std::string::npos) << limited.err;
  EXPECT_FALSE(fs::exists(SessionFile()));
}

TEST_F(ClientAccountTest, TakenNameAndShortPasswordAreRefused) {
  env_->AddAccount("ann", "user");
  CommandResult taken = env_->Run("phone", {"register", "ann", "--password-stdin"},
                                  std::string(kTestPassword) + "\n");
  ExpectFailure(taken, 1, "cannot register ann");

  CommandResult short_password =
      env_->Run("phone", {"register", "bob", "--password-stdin"}, "short\n");
  ExpectFailure(short_password, 2, "password");

  CommandResult no_input = env_->Run("phone", {"login", "ann", "--password-stdin"});
  ExpectFailure(no_input, 2);
}

TEST_F(ClientAccountTest, ServerDownExits4WithOneLine) {
  env_->RegisterAndLogin("phone", "ann");
  StopServer();

  CommandResult prefs = env_->Run("phone", {"prefs"});
  ExpectFailure(prefs, 4, "cannot reach the server at " + env_->url());

  CommandResult login =
      env_->Run("phone", {"login", "ann", "--password-stdin"}, std::string(kTestPassword) + "\n");
  ExpectFailure(login, 4);

  json backups = env_->RunJson("phone", {"backups"}, 4);
  EXPECT_EQ(backups["error"].value("code", ""), "unavailable");
}

TEST_F(ClientAccountTest, LogoutWithTheServerDownStillRemovesTheLocalSession) {
  env_->RegisterAndLogin("phone", "ann");
  StopServer();
  CommandResult logout = env_->Run("phone", {"logout"});
  ExpectFailure(logout, 4, "removed the session from this device");
  EXPECT_FALSE(fs::exists(SessionFile()));
  CommandResult prefs = env_->Run("phone", {"prefs"});
  EXPECT_EQ(prefs.status.code, 3) << prefs.err;
}

TEST_F(ClientAccountTest, TokenRefusedByTheServerExits3WithTheHint) {
  env_->RegisterAndLogin("phone", "ann");
  const std::string token =
      json::parse(ReadBytes(SessionFile()), nullptr, false).value("token", "");
  ASSERT_EQ(env_->server().Call("DELETE", "/v1/sessions/current", token).status, 200);
  ExpectFailure(env_->Run("phone", {"backups"}), 3, "run `appvault login ann`");
  // Logging out of a session the server ended already is fine.
  CommandResult logout = env_->Run("phone", {"logout"});
  EXPECT_EQ(logout.status.code, 0) << logout.err;
  EXPECT_FALSE(fs::exists(SessionFile()));
  CommandResult again = env_->Run("phone", {"logout"});
  EXPECT_EQ(again.status.code, 0) << again.err;
  EXPECT_EQ(again.out, "not logged in on this device\n");
}

TEST_F(ClientAccountTest, SessionBelongsToItsServer) {
  env_->RegisterAndLogin("phone", "ann");
  std::vector<std::string> args = {"env",
                                   "-u",
                                   "APPVAULT_SERVER",
                                   kAppvaultPath,
                                   "--server",
                                   "http://127.0.0.1:1",
                                   "--device",
                                   env_->DevicePath("phone"),
                                   "prefs"};
  std::optional<CommandResult> other = RunCommand(args, std::chrono::seconds(60));
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->status.code, 3);
  EXPECT_NE(other->err.find("not logged in to http://127.0.0.1:1"), std::string::npos)
      << other->err;
}

TEST_F(ClientAccountTest, ReadableSessionFileIsRestricted) {
  env_->RegisterAndLogin("phone", "ann");
  ASSERT_EQ(::chmod(SessionFile().c_str(), 0644), 0);
  CommandResult prefs = env_->Run("phone", {"prefs"});
  EXPECT_EQ(prefs.status.code, 0) << prefs.err;
  EXPECT_EQ(ModeOf(SessionFile()), 0600);
}

TEST_F(ClientAccountTest, PrefsSetAndShow) {
  env_->RegisterAndLogin("phone", "ann");
  json initial = env_->RunJson("phone", {"prefs"}, 0);
  EXPECT_EQ(initial, json({{"install_latest", nullptr},
                           {"accept_alternatives", nullptr},
                           {"backup_config", nullptr}}));

  json set =
      env_->RunJson("phone", {"prefs", "set", "install_latest=true", "backup_config=false"}, 0);
  EXPECT_EQ(
      set,
      json({{"install_latest", true}, {"accept_alternatives", nullptr}, {"backup_config", false}}));

  CommandResult shown = env_->Run("phone", {"prefs"});
  ASSERT_EQ(shown.status.code, 0) << shown.err;
  EXPECT_NE(shown.out.find("install_latest       true\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("backup_config        false\n"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("accept_alternatives  false (not set"), std::string::npos) << shown.out;

  json cleared = env_->RunJson("phone", {"prefs", "set", "install_latest=default"}, 0);
  EXPECT_TRUE(cleared["install_latest"].is_null());
}

TEST_F(ClientAccountTest, PrefsSetBadKeyOrValueExits2AndChangesNothing) {
  env_->RegisterAndLogin("phone", "ann");
  CommandResult bad_key = env_->Run("phone", {"prefs", "set", "install_latest=true", "colour=red"});
  ExpectFailure(bad_key, 2, "\"colour\"");

  CommandResult bad_value = env_->Run("phone", {"prefs", "set", "accept_alternatives=yes"});
  ExpectFailure(bad_value, 2, "accept_alternatives");
  EXPECT_NE(bad_value.err.find("\"yes\""), std::string::npos) << bad_value.err;

  CommandResult no_equals = env_->Run("phone", {"prefs", "set", "install_latest"});
  ExpectFailure(no_equals, 2);

  json unchanged = env_->RunJson("phone", {"prefs"}, 0);
  EXPECT_TRUE(unchanged["install_latest"].is_null()) << unchanged;
  EXPECT_TRUE(unchanged["accept_alternatives"].is_null()) << unchanged;
}

}  // namespace
}  // namespace appvault::test
