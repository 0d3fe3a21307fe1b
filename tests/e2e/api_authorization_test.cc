// Every route of the API's table (server/api/routes.h) behind its access level: a route
// added without authorization fails here.
#include <gtest/gtest.h>

#include <boost/beast/http/verb.hpp>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "e2e/api_test_util.h"
#include "server/api/routes.h"

namespace appvault::test {
namespace {

using nlohmann::json;
using server::api::Access;
using server::api::ApiRoutes;
using server::api::RouteSpec;
using namespace std::chrono_literals;

// The pattern with every {param} filled in with a plausible value.
std::string Target(const std::string& pattern) {
  std::string out;
  std::size_t at = 0;
  while (at < pattern.size()) {
    std::size_t open = pattern.find('{', at);
    if (open == std::string::npos) {
      out += pattern.substr(at);
      break;
    }
    std::size_t close = pattern.find('}', open);
    out += pattern.substr(at, open - at);
    std::string name = pattern.substr(open + 1, close - open - 1);
    out += name == "sha256" ? std::string(64, 'a') : name == "app" ? "org.example.app" : "x";
    at = close + 1;
  }
  return out;
}

std::string Method(const RouteSpec& route) {
  return std::string(boost::beast::http::to_string(route.method));
}

// The status of a HEAD request, through curl (the test client frames replies by their
// Content-Length, which a HEAD reply announces without sending).
int HeadStatus(ApiServer& server, const std::string& target, const std::string& token) {
  std::vector<std::string> argv = {"curl", "-s", "-I", "-o", "/dev/null", "-w", "%{http_code}"};
  if (!token.empty()) argv.insert(argv.end(), {"-H", "Authorization: Bearer " + token});
  argv.push_back("http://127.0.0.1:" + std::to_string(server.port()) + target);
  std::optional<CommandResult> result = RunCommand(argv);
  return result.has_value() ? std::atoi(result->out.c_str()) : 0;
}

// The status of one call of the route (with a plausible target and a "{}" body).
int StatusOf(ApiServer& server, const RouteSpec& route, const std::string& token) {
  return server.Call(Method(route), Target(route.pattern), token, "{}").status;
}

std::string Describe(const RouteSpec& route) {
  return Method(route) + " " + route.pattern + " (" +
         std::string(server::api::AccessName(route.access)) + ")";
}

TEST(ApiAuthorizationTest, EveryRouteDeclaresItsAccessAndHealthzIsPublic) {
  bool healthz = false;
  for (const RouteSpec& route : ApiRoutes()) {
    if (route.pattern == "/healthz") healthz = route.access == Access::kPublic;
    if (route.access == Access::kPublic) {
      EXPECT_TRUE(route.pattern == "/healthz" || route.pattern == "/v1/accounts" ||
                  route.pattern == "/v1/sessions")
          << Describe(route) << " is public: is that meant?";
    }
  }
  EXPECT_TRUE(healthz);
}

TEST(ApiAuthorizationTest, NoTokenAndBadTokenAre401OnEveryNonPublicRoute) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  const std::string bogus(64, 'f');
  for (const RouteSpec& route : ApiRoutes()) {
    if (route.access == Access::kPublic) continue;
    EXPECT_EQ(StatusOf(*server, route, ""), 401) << Describe(route) << " without a token";
    EXPECT_EQ(StatusOf(*server, route, bogus), 401) << Describe(route) << " with a bad token";
    EXPECT_EQ(StatusOf(*server, route, "not-hex at all"), 401) << Describe(route);
    if (route.method == boost::beast::http::verb::get) {  // its HEAD too
      EXPECT_EQ(HeadStatus(*server, Target(route.pattern), ""), 401) << "HEAD " << route.pattern;
      EXPECT_EQ(HeadStatus(*server, Target(route.pattern), bogus), 401) << "HEAD " << route.pattern;
    }
  }
}

TEST(ApiAuthorizationTest, ExpiredTokenIs401OnEveryNonPublicRoute) {
  auto server = ApiServer::Start({"--session-ttl-seconds", "1"});
  ASSERT_NE(server, nullptr);
  std::string token = server->NewUser("ann", "admin");
  ASSERT_FALSE(token.empty());
  std::this_thread::sleep_for(2100ms);
  for (const RouteSpec& route : ApiRoutes()) {
    if (route.access == Access::kPublic) continue;
    EXPECT_EQ(StatusOf(*server, route, token), 401) << Describe(route) << " with an expired token";
  }
  ApiReply me = server->Call("GET", "/v1/me", token);
  EXPECT_EQ(me.ErrorMessage(), "the session has expired; sign in again");
}

TEST(ApiAuthorizationTest, RolesBelowTheRoutesLevelAre403) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  const std::string user = server->NewUser("ann", "user");
  const std::string publisher = server->NewUser("pat", "publisher");
  for (const RouteSpec& route : ApiRoutes()) {
    if (route.access == Access::kPublisher || route.access == Access::kAdmin) {
      EXPECT_EQ(StatusOf(*server, route, user), 403) << Describe(route) << " as a user";
    }
    if (route.access == Access::kAdmin) {
      EXPECT_EQ(StatusOf(*server, route, publisher), 403) << Describe(route) << " as a publisher";
    }
    if (route.access == Access::kUser && route.pattern != "/v1/sessions/current") {
      int status = StatusOf(*server, route, user);
      EXPECT_NE(status, 401) << Describe(route);
      EXPECT_NE(status, 403) << Describe(route);
    }
  }
  // Last, as it ends the session.
  EXPECT_EQ(server->Call("DELETE", "/v1/sessions/current", user).status, 200);
}

// Another user's token, route by route. Ann (a publisher) has a device, a private
// configuration blob, a backup that names it, and software in the library; Bob is a
// publisher too. What Bob may do with Ann's things, for every route of the table: a route
// with no entry here fails the test, so a new route comes with its answer.
class OtherUsersTokenTest : public ::testing::Test {
 public:  // the checks of OtherUserChecks() read the fixture
  void SetUp() override {
    server_ = ApiServer::Start();
    ASSERT_NE(server_, nullptr);
    ann_ = server_->NewUser("ann", "publisher");
    bob_ = server_->NewUser("bob", "publisher");
    ASSERT_EQ(server_->Publish(ann_, "notes_v1.apk", "software=notes&category=tools").status, 201);
    ann_device_ = server_->NewDevice(ann_, "android", "30", {"arm64-v8a"});
    bob_device_ = server_->NewDevice(bob_, "android", "30", {"arm64-v8a"});
    ann_config_ = server_->UploadSha(ann_, "ann's settings");
    ASSERT_FALSE(ann_config_.empty());
    ApiReply backup = server_->Backup(
        ann_, ann_device_,
        {{{"app", "org.example.notes"}, {"version_code", 1}, {"config_sha256", ann_config_}}});
    ASSERT_EQ(backup.status, 200) << backup.body;
    ASSERT_EQ(backup.json["items"][0]["status"], "backed_up") << backup.body;
    ann_snapshot_ = backup.json["snapshot_id"].get<std::int64_t>();
  }

  std::string AnnsSnapshot() const { return "/v1/snapshots/" + std::to_string(ann_snapshot_); }

  // Ann's backups as she sees them: unchanged by anything Bob does.
  void ExpectAnnsBackupIntact() {
    json items = server_->Call("GET", "/v1/backups", ann_).json["items"];
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0]["app"], "org.example.notes");
    EXPECT_EQ(items[0]["config_sha256"], ann_config_);
  }

  std::unique_ptr<ApiServer> server_;
  std::string ann_, bob_, ann_device_, bob_device_, ann_config_;
  std::int64_t ann_snapshot_ = 0;
};

using OtherUserCheck = std::function<void(OtherUsersTokenTest&)>;

// "METHOD pattern" -> what Bob's token gets.
std::map<std::string, OtherUserCheck> OtherUserChecks();

TEST_F(OtherUsersTokenTest, EveryRouteKeepsAnotherUsersThingsTheirs) {
  std::map<std::string, OtherUserCheck> checks = OtherUserChecks();
  for (const RouteSpec& route : ApiRoutes()) {
    const std::string key = Method(route) + " " + route.pattern;
    auto check = checks.find(key);
    if (check == checks.end()) {
      ADD_FAILURE() << key << ": no other-user check; add one to OtherUserChecks()";
      continue;
    }
    SCOPED_TRACE(key);
    check->second(*this);
  }
}

std::map<std::string, OtherUserCheck> OtherUserChecks() {
  using T = OtherUsersTokenTest;
  auto nothing_to_own = [](T&) {};  // public routes: no token, nothing of anyone's
  return {
      {"GET /healthz", nothing_to_own},
      {"POST /v1/accounts", nothing_to_own},
      {"POST /v1/sessions", nothing_to_own},
      {"GET /v1/me",
       [](T& t) { EXPECT_EQ(t.server_->Call("GET", "/v1/me", t.bob_).json["username"], "bob"); }},
      {"PUT /v1/me/preferences",
       [](T& t) {
         ASSERT_EQ(t.server_->Json("PUT", "/v1/me/preferences", t.bob_, {{"install_latest", true}})
                       .status,
                   200);
         EXPECT_TRUE(t.server_->Call("GET", "/v1/me", t.ann_)
                         .json["preferences"]["install_latest"]
                         .is_null());
       }},
      {"POST /v1/devices",
       [](T& t) {
         EXPECT_EQ(t.server_
                       ->Json("POST", "/v1/devices", t.bob_,
                              {{"platform", "android"}, {"os_version", "30"}, {"abis", {"x86_64"}}})
                       .status,
                   201);
         EXPECT_EQ(t.server_->Call("GET", "/v1/devices", t.ann_).json["items"].size(), 1u);
       }},
      {"GET /v1/devices",
       [](T& t) {
         for (const json& device : t.server_->Call("GET", "/v1/devices", t.bob_).json["items"])
           EXPECT_NE(device["device_id"], t.ann_device_);
       }},
      // The library is shared by everyone signed in: browsing and voting are meant.
      {"GET /v1/catalog/software",
       [](T& t) {
         EXPECT_EQ(t.server_->Call("GET", "/v1/catalog/software", t.bob_).json["items"].size(), 1u);
       }},
      {"GET /v1/catalog/software/{id}",
       [](T& t) {
         EXPECT_EQ(t.server_->Call("GET", "/v1/catalog/software/notes", t.bob_).status, 200);
       }},
      {"POST /v1/catalog/software/{id}/votes",
       [](T& t) {
         EXPECT_EQ(t.server_->Call("POST", "/v1/catalog/software/notes/votes", t.bob_).status, 201);
       }},
      // Another publisher's software: refused before the body is read.
      {"POST /v1/catalog/packages",
       [](T& t) {
         ApiReply reply = t.server_->Publish(t.bob_, "notes_v2.apk", "software=notes");
         EXPECT_EQ(reply.status, 403) << reply.body;
         EXPECT_EQ(
             t.server_->Call("GET", "/v1/catalog/software/notes", t.bob_).json["packages"].size(),
             1u);
       }},
      // Uploading makes a blob Bob's own; Ann's stays hers.
      {"POST /v1/blobs",
       [](T& t) {
         EXPECT_EQ(t.server_->Upload(t.bob_, "bob's settings").status, 201);
         EXPECT_EQ(t.server_->Call("GET", "/v1/blobs/" + t.ann_config_, t.bob_).status, 404);
       }},
      {"GET /v1/blobs/{sha256}",
       [](T& t) {
         const std::string url = "/v1/blobs/" + t.ann_config_;
         ApiReply reply = t.server_->Call("GET", url, t.bob_);
         EXPECT_EQ(reply.status, 404);
         EXPECT_EQ(reply.body.find("ann's settings"), std::string::npos);
         EXPECT_EQ(HeadStatus(*t.server_, url, t.bob_), 404);
         EXPECT_EQ(t.server_->Call("GET", url, t.ann_).body, "ann's settings");
       }},
      {"GET /v1/backups",
       [](T& t) {
         EXPECT_EQ(t.server_->Call("GET", "/v1/backups", t.bob_).json["items"].size(), 0u);
       }},
      // Ann's device is not Bob's (404), nor is her configuration blob.
      {"POST /v1/backups",
       [](T& t) {
         json app = {{"app", "org.example.notes"}, {"version_code", 1}};
         EXPECT_EQ(t.server_->Backup(t.bob_, t.ann_device_, json::array({app})).status, 404);
         app["config_sha256"] = t.ann_config_;
         ApiReply reply = t.server_->Backup(t.bob_, t.bob_device_, json::array({app}));
         EXPECT_EQ(reply.status, 200);
         EXPECT_EQ(reply.json["items"][0]["status"], "failed") << reply.body;
         t.ExpectAnnsBackupIntact();
       }},
      {"DELETE /v1/backups/{app}",
       [](T& t) {
         EXPECT_EQ(t.server_->Call("DELETE", "/v1/backups/org.example.notes", t.bob_).status, 404);
         t.ExpectAnnsBackupIntact();
       }},
      // Bob cannot plan on Ann's device, and Ann's backup is not his to restore.
      {"POST /v1/restore-plans",
       [](T& t) {
         EXPECT_EQ(t.server_
                       ->Json("POST", "/v1/restore-plans", t.bob_,
                              {{"device_id", t.ann_device_}, {"all", true}})
                       .status,
                   404);
         for (const auto& [field, value] :
              {std::pair<std::string, json>{"snapshot_id", t.ann_snapshot_},
               std::pair<std::string, json>{"source_device_id", t.ann_device_}}) {
           ApiReply from_anns =
               t.server_->Json("POST", "/v1/restore-plans", t.bob_,
                               {{"device_id", t.bob_device_}, {"all", true}, {field, value}});
           EXPECT_EQ(from_anns.status, 404) << field << ": " << from_anns.body;
         }
         ApiReply plan =
             t.server_->Json("POST", "/v1/restore-plans", t.bob_,
                             {{"device_id", t.bob_device_}, {"apps", {"org.example.notes"}}});
         EXPECT_EQ(plan.status, 200);
         EXPECT_EQ(plan.json["items"][0]["outcome"], "not_backed_up") << plan.body;
         EXPECT_TRUE(plan.json["items"][0]["config"].is_null());
       }},
      {"POST /v1/snapshots",
       [](T& t) {
         ApiReply made =
             t.server_->Json("POST", "/v1/snapshots", t.bob_,
                             {{"device_id", t.ann_device_},
                              {"apps", {{{"app", "org.example.notes"}, {"version_code", 1}}}}});
         EXPECT_EQ(made.status, 404) << made.body;
         ApiReply append =
             t.server_->Json("POST", "/v1/snapshots", t.bob_,
                             {{"device_id", t.bob_device_},
                              {"snapshot_id", t.ann_snapshot_},
                              {"apps", {{{"app", "org.example.notes"}, {"version_code", 1}}}}});
         EXPECT_EQ(append.status, 404) << append.body;
         t.ExpectAnnsBackupIntact();
       }},
      {"GET /v1/snapshots",
       [](T& t) {
         EXPECT_EQ(t.server_->Call("GET", "/v1/snapshots", t.bob_).json["items"].size(), 0u);
         EXPECT_EQ(
             t.server_->Call("GET", "/v1/snapshots?device_id=" + t.ann_device_, t.bob_).status,
             404);
       }},
      {"GET /v1/snapshots/{id}",
       [](T& t) { EXPECT_EQ(t.server_->Call("GET", t.AnnsSnapshot(), t.bob_).status, 404); }},
      {"DELETE /v1/snapshots/{id}",
       [](T& t) {
         EXPECT_EQ(t.server_->Call("DELETE", t.AnnsSnapshot(), t.bob_).status, 404);
         EXPECT_EQ(t.server_->Call("GET", t.AnnsSnapshot(), t.ann_).status, 200);
       }},
      {"POST /v1/snapshots/forget",
       [](T& t) {
         EXPECT_EQ(t.server_
                       ->Json("POST", "/v1/snapshots/forget", t.bob_,
                              {{"keep_last", 1}, {"device_id", t.ann_device_}})
                       .status,
                   404);
         ApiReply own = t.server_->Json("POST", "/v1/snapshots/forget", t.bob_, {{"keep_last", 1}});
         EXPECT_EQ(own.status, 200) << own.body;
         EXPECT_EQ(own.json["removed"].size(), 0u);
         EXPECT_EQ(t.server_->Call("GET", t.AnnsSnapshot(), t.ann_).status, 200);
       }},
      // Last in the table's order: Bob signing out ends his session only.
      {"DELETE /v1/sessions/current",
       [](T& t) {
         std::string bob_again = t.server_->Login("bob", kTestPassword);
         EXPECT_EQ(t.server_->Call("DELETE", "/v1/sessions/current", bob_again).status, 200);
         EXPECT_EQ(t.server_->Call("GET", "/v1/me", bob_again).status, 401);
         EXPECT_EQ(t.server_->Call("GET", "/v1/me", t.ann_).status, 200);
         EXPECT_EQ(t.server_->Call("GET", "/v1/me", t.bob_).status, 200);
       }},
  };
}

}  // namespace
}  // namespace appvault::test
