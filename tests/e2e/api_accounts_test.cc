// Accounts, sessions, the user and their settings, through the real appvaultd.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>
#include <tuple>

#include "e2e/api_test_util.h"

namespace appvault::test {
namespace {

using nlohmann::json;

json Credentials(const std::string& name, const std::string& password) {
  return {{"username", name}, {"password", password}};
}

TEST(ApiAccountsTest, RegisterLoginMeLogout) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  ApiReply created = server->Json("POST", "/v1/accounts", "", Credentials("ann", kTestPassword));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["username"], "ann");
  EXPECT_EQ(created.json["role"], "user");

  ApiReply login = server->Json("POST", "/v1/sessions", "", Credentials("ann", kTestPassword));
  ASSERT_EQ(login.status, 201) << login.body;
  const std::string token = login.json["token"];
  EXPECT_EQ(token.size(), 64u);
  EXPECT_GT(login.json["expires_at"].get<std::int64_t>(), 0);

  ApiReply me = server->Call("GET", "/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json["username"], "ann");
  EXPECT_EQ(me.json["role"], "user");
  EXPECT_EQ(me.json["preferences"], json({{"install_latest", nullptr},
                                          {"accept_alternatives", nullptr},
                                          {"backup_config", nullptr}}));

  EXPECT_EQ(server->Call("DELETE", "/v1/sessions/current", token).status, 200);
  ApiReply after = server->Call("GET", "/v1/me", token);
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.ErrorCode(), "unauthenticated");
}

TEST(ApiAccountsTest, TakenNameIs409AndBadInputIs400NamingTheField) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  ASSERT_EQ(server->Json("POST", "/v1/accounts", "", Credentials("ann", kTestPassword)).status,
            201);
  ApiReply again = server->Json("POST", "/v1/accounts", "", Credentials("ann", kTestPassword));
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.ErrorCode(), "conflict");

  ApiReply short_password = server->Json("POST", "/v1/accounts", "", Credentials("bob", "short"));
  EXPECT_EQ(short_password.status, 400);
  EXPECT_NE(short_password.ErrorMessage().find("password"), std::string::npos);

  ApiReply no_name = server->Json("POST", "/v1/accounts", "", {{"password", kTestPassword}});
  EXPECT_EQ(no_name.status, 400);
  EXPECT_EQ(no_name.ErrorMessage(), "username: missing");

  ApiReply wrong_type =
      server->Json("POST", "/v1/accounts", "", {{"username", 7}, {"password", kTestPassword}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(wrong_type.ErrorMessage(), "username: expected a string, got a number");

  ApiReply not_json = server->Call("POST", "/v1/accounts", "", "{\"username\":");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.ErrorCode(), "invalid_argument");
  EXPECT_NE(not_json.ErrorMessage().find("request body"), std::string::npos);

  // Nothing was stored on bad input: "bob" can still register.
  EXPECT_EQ(server->Json("POST", "/v1/accounts", "", Credentials("bob", kTestPassword)).status,
            201);
}

TEST(ApiAccountsTest, RegistrationOffIs403ButUserAddWorks) {
  auto server = ApiServer::Start({"--no-registration"});
  ASSERT_NE(server, nullptr);
  ApiReply refused = server->Json("POST", "/v1/accounts", "", Credentials("ann", kTestPassword));
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.ErrorCode(), "forbidden");
  std::string token = server->NewUser("ann", "admin");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(server->Call("GET", "/v1/me", token).json["role"], "admin");
}

TEST(ApiAccountsTest, WrongPasswordIs401WithTheSameMessageAsUnknownUser) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  AddUser(server->data_dir(), "ann", "user", kTestPassword);
  ApiReply wrong = server->Json("POST", "/v1/sessions", "", Credentials("ann", "not the one!"));
  ApiReply unknown = server->Json("POST", "/v1/sessions", "", Credentials("zed", "not the one!"));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
}

TEST(ApiAccountsTest, TooManyFailedLoginsAre429WithRetryAfter) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  AddUser(server->data_dir(), "ann", "user", kTestPassword);
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(server->Json("POST", "/v1/sessions", "", Credentials("ann", "wrong password")).status,
              401);
  }
  // Even the right password is refused now, and the reply says when to come back.
  ApiReply limited = server->Json("POST", "/v1/sessions", "", Credentials("ann", kTestPassword));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.ErrorCode(), "rate_limited");
  int retry_after = std::atoi(limited.Header("Retry-After").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  // Another account is not affected.
  AddUser(server->data_dir(), "bob", "user", kTestPassword);
  EXPECT_EQ(server->Json("POST", "/v1/sessions", "", Credentials("bob", kTestPassword)).status,
            201);
}

// Guessing passwords across many usernames from one address is limited too: after 50
// failures a minute from 127.0.0.1, every login from there is 429, even a right password of
// an account never tried.
TEST(ApiAccountsTest, TooManyFailedLoginsFromOneAddressAre429) {
  auto server = ApiServer::Start({"--workers", "8"});
  ASSERT_NE(server, nullptr);
  AddUser(server->data_dir(), "ann", "user", kTestPassword);
  for (int i = 0; i < 50; ++i) {
    const std::string name = "guess" + std::to_string(i);
    ApiReply failed = server->Json("POST", "/v1/sessions", "", Credentials(name, "wrong password"));
    ASSERT_EQ(failed.status, 401) << "attempt " << i << ": " << failed.body;
  }
  ApiReply limited = server->Json("POST", "/v1/sessions", "", Credentials("ann", kTestPassword));
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.ErrorCode(), "rate_limited");
  int retry_after = std::atoi(limited.Header("Retry-After").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  // Only logins are limited: other requests from that address are answered.
  EXPECT_EQ(server->Call("GET", "/healthz").status, 200);
}

TEST(ApiAccountsTest, PreferencesSetClearAndKeep) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  std::string token = server->NewUser("ann");
  ApiReply set = server->Json("PUT", "/v1/me/preferences", token,
                              {{"install_latest", true}, {"backup_config", false}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json["preferences"]["install_latest"], true);
  EXPECT_EQ(set.json["preferences"]["backup_config"], false);
  EXPECT_TRUE(set.json["preferences"]["accept_alternatives"].is_null());

  // A key not sent is kept; null clears one.
  ApiReply cleared = server->Json("PUT", "/v1/me/preferences", token,
                                  {{"install_latest", nullptr}, {"accept_alternatives", true}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  json stored = server->Call("GET", "/v1/me", token).json["preferences"];
  EXPECT_TRUE(stored["install_latest"].is_null());
  EXPECT_EQ(stored["accept_alternatives"], true);
  EXPECT_EQ(stored["backup_config"], false);

  ApiReply bad = server->Json("PUT", "/v1/me/preferences", token, {{"install_latest", "yes"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorMessage(), "install_latest: expected true, false or null, got a string");
  ApiReply unknown = server->Json("PUT", "/v1/me/preferences", token, {{"latest", true}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.ErrorMessage(), "latest: unknown field");
  EXPECT_EQ(server->Call("GET", "/v1/me", token).json["preferences"], stored);
}

TEST(ApiAccountsTest, UserAddRefusesBadInput) {
  TempDir dir;
  const std::string data = (dir.path() / "data").string();
  auto run = [&](const std::string& name, const std::string& role, const std::string& password) {
    return RunCommand({"sh", "-c",
                       "printf '%s\\n' \"$1\" | \"$2\" user add \"$3\" --role \"$4\" "
                       "--password-stdin --data \"$5\"",
                       "sh", password, kAppvaultdPath, name, role, data},
                      std::chrono::seconds(20));
  };
  auto ok = run("ann", "publisher", kTestPassword);
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(ok->status.Ok()) << ok->err;
  EXPECT_EQ(ok->out, "created user ann (publisher)\n");
  auto taken = run("ann", "user", kTestPassword);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->status.code, 1);
  EXPECT_NE(taken->err.find("taken"), std::string::npos);
  auto bad_role = run("bob", "root", kTestPassword);
  ASSERT_TRUE(bad_role.has_value());
  EXPECT_EQ(bad_role->status.code, 2);
  auto short_password = run("bob", "user", "short");
  ASSERT_TRUE(short_password.has_value());
  EXPECT_EQ(short_password->status.code, 2);
  auto no_terminal = RunAppvaultd({"user", "add", "bob", "--data", data});
  ASSERT_TRUE(no_terminal.has_value());
  EXPECT_EQ(no_terminal->status.code, 2);
  EXPECT_NE(no_terminal->err.find("--password-stdin"), std::string::npos);
}

// Every command that opens the database: a PostgreSQL server that cannot be reached is one
// line naming the URL without its password, exit 1, and nothing is left behind; a scheme no
// store has is a usage error (exit 2).
TEST(ApiAccountsTest, AnUnreachableOrUnknownDatabaseIsRefusedByEveryCommandWithOneLine) {
  TempDir dir;
  const std::string data = (dir.path() / "d").string();
  for (const auto& [url, code, error] : std::vector<std::tuple<std::string, int, std::string>>{
           {"postgresql://ann:s3cret@127.0.0.1:1/appvault", 1,
            "appvaultd: cannot connect to the database "
            "postgresql://ann:***@127.0.0.1:1/appvault: "},
           {"mysql://ann:s3cret@localhost/appvault", 2,
            "appvaultd: --database: expected sqlite:PATH or postgresql://USER@HOST:PORT/DB, got "
            "\"mysql://ann:***@localhost/appvault\"\n"}}) {
    std::vector<std::vector<std::string>> commands = {
        {"serve", "--data", data, "--database", url, "--listen", "127.0.0.1:0"},
        {"check", "--data", data, "--database", url},
    };
    // `user add` refuses a bad URL before it reads the password (here: none, stdin is empty).
    if (code == 2) {
      commands.push_back({"user", "add", "ann", "--role", "user", "--password-stdin", "--data",
                          data, "--database", url});
    }
    for (const std::vector<std::string>& command : commands) {
      auto result = RunAppvaultd(command);
      ASSERT_TRUE(result.has_value()) << command[0];
      EXPECT_EQ(result->status.code, code) << command[0] << ": " << result->err;
      EXPECT_EQ(result->out, "") << command[0];
      EXPECT_EQ(result->err.rfind(error, 0), 0u) << command[0] << ": " << result->err;
      EXPECT_EQ(std::count(result->err.begin(), result->err.end(), '\n'), 1) << result->err;
      EXPECT_EQ(result->err.find("s3cret"), std::string::npos) << result->err;
    }
  }
  EXPECT_FALSE(std::filesystem::exists(data));
}

TEST(ApiAccountsTest, UnloadableMalwareDatabaseStopsTheServer) {
  TempDir dir;
  std::filesystem::path bad = dir.path() / "bad.ndb";
  std::ofstream(bad) << "this is not a signature\n";
  auto serve = RunAppvaultd({"serve", "--data", (dir.path() / "d").string(), "--malware-db",
                             bad.string(), "--listen", "127.0.0.1:0"});
  ASSERT_TRUE(serve.has_value());
  EXPECT_EQ(serve->status.code, 1);
  EXPECT_NE(serve->err.find("--malware-db"), std::string::npos) << serve->err;
}

TEST(ApiAccountsTest, ServerSaysWhenMalwareScanningIsOff) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  EXPECT_NE(server->process().Log().find("malware scanning is off"), std::string::npos);
}

}  // namespace
}  // namespace appvault::test
