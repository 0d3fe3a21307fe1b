// The client's reading of server answers and its session file, without a server: error
// documents to Status codes, URL escaping, the session file's mode and the sign-in check.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>

#include "client/client_test_util.h"
#include "client/net/api_error.h"
#include "client/net/curl_handle.h"
#include "client/net/session.h"

namespace appvault::client {
namespace {

TEST(ApiErrorTest, EveryCodeNameMapsBack) {
  for (int i = static_cast<int>(StatusCode::kInvalidArgument);
       i <= static_cast<int>(StatusCode::kInternal); ++i) {
    StatusCode code = static_cast<StatusCode>(i);
    EXPECT_EQ(CodeFromName(CodeName(code)), code) << CodeName(code);
  }
  EXPECT_FALSE(CodeFromName("ok").has_value());
  EXPECT_FALSE(CodeFromName("teapot").has_value());
}

TEST(ApiErrorTest, ErrorDocumentsBecomeTheirStatus) {
  Result<nlohmann::json> refused = ReadAnswer(
      "POST", "/v1/catalog/packages?software=x", 422,
      R"({"error":{"code":"signer_mismatch","message":"signed by another certificate"}})");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kSignerMismatch);
  EXPECT_EQ(refused.status().message(), "signed by another certificate");

  Result<nlohmann::json> unknown =
      ReadAnswer("GET", "/v1/me", 418, R"({"error":{"code":"teapot","message":"short"}})");
  EXPECT_EQ(unknown.status().code(), StatusCode::kInternal);
  EXPECT_NE(unknown.status().message().find("teapot"), std::string::npos);
}

TEST(ApiErrorTest, AnswersWithoutAnErrorDocument) {
  EXPECT_EQ(ReadAnswer("GET", "/v1/me", 502, "<html>bad gateway</html>").status().code(),
            StatusCode::kUnavailable);
  EXPECT_EQ(ReadAnswer("GET", "/v1/me", 401, "").status().code(), StatusCode::kUnauthenticated);
  Result<nlohmann::json> odd = ReadAnswer("GET", "/v1/me?q=secret", 302, "");
  EXPECT_EQ(odd.status().code(), StatusCode::kInternal);
  EXPECT_EQ(odd.status().message(), "GET /v1/me: unexpected answer HTTP 302");
  Result<nlohmann::json> not_json = ReadAnswer("GET", "/v1/backups", 200, "{truncated");
  EXPECT_EQ(not_json.status().code(), StatusCode::kInternal);
  EXPECT_EQ(not_json.status().message(), "GET /v1/backups: the server's answer is not JSON");
  Result<nlohmann::json> fine = ReadAnswer("GET", "/v1/me", 200, R"({"username":"ann"})");
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ((*fine)["username"], "ann");
}

TEST(UrlEscapeTest, OnlyUnreservedCharactersStay) {
  EXPECT_EQ(UrlEscape("Notes & more"), "Notes%20%26%20more");
  EXPECT_EQ(UrlEscape("a.b_c~d-e09"), "a.b_c~d-e09");
  EXPECT_EQ(UrlEscape("x/y?z=1#\xc3\xa9"), "x%2Fy%3Fz%3D1%23%C3%A9");
}

TEST(ServerConnectionTest, UnreachableServerIsUnavailable) {
  ServerConnection server("http://127.0.0.1:1/", "");
  EXPECT_EQ(server.BaseUrl(), "http://127.0.0.1:1");
  Result<nlohmann::json> answer = server.Call("GET", "/healthz");
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(answer.status().message().rfind("cannot reach the server at http://127.0.0.1:1: ", 0),
            0u)
      << answer.status().message();
}

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override { device_ = test::MakeDevice(dir_.Join("phone"), test::Android(30)); }
  std::string SessionFile() const { return device_->StateDirectory() + "/session.json"; }

  test::TempDir dir_;
  std::unique_ptr<FolderDevice> device_;
};

int ModeOf(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? static_cast<int>(info.st_mode & 0777) : -1;
}

std::string InSeconds(std::int64_t delta) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return std::to_string(now.count() + delta);
}

TEST_F(SessionTest, SavedWithMode0600AndLoadedBack) {
  ASSERT_NE(device_, nullptr);
  Result<std::optional<Session>> none = LoadSession(*device_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  Session saved{"http://h:1", "ann", std::string(64, 'a'), InSeconds(3600)};
  ASSERT_TRUE(SaveSession(*device_, saved).ok());
  EXPECT_EQ(ModeOf(SessionFile()), 0600);
  Result<std::optional<Session>> loaded = LoadSession(*device_);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->token, saved.token);
  EXPECT_EQ((*loaded)->expires_at, saved.expires_at);

  ASSERT_EQ(::chmod(SessionFile().c_str(), 0644), 0);
  ASSERT_TRUE(LoadSession(*device_).ok());
  EXPECT_EQ(ModeOf(SessionFile()), 0600) << "a readable session file is restricted";

  ASSERT_TRUE(ClearSession(*device_).ok());
  ASSERT_TRUE(ClearSession(*device_).ok());  // twice is fine
  EXPECT_EQ(ModeOf(SessionFile()), -1);
}

TEST_F(SessionTest, ConnectSignedInNeedsAValidSessionForThisServer) {
  ASSERT_NE(device_, nullptr);
  Result<std::pair<ServerConnection, Session>> none = ConnectSignedIn("http://h:1", *device_);
  EXPECT_EQ(none.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(none.status().message(), "not logged in to http://h:1: run `appvault login USER`");

  ASSERT_TRUE(SaveSession(*device_, {"http://h:1", "ann", "t", InSeconds(3600)}).ok());
  Result<std::pair<ServerConnection, Session>> ok = ConnectSignedIn("http://h:1/", *device_);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->first.Token(), "t");
  EXPECT_EQ(ConnectSignedIn("http://other:1", *device_).status().code(),
            StatusCode::kUnauthenticated);

  ASSERT_TRUE(SaveSession(*device_, {"http://h:1", "ann", "t", InSeconds(-1)}).ok());
  Result<std::pair<ServerConnection, Session>> expired = ConnectSignedIn("http://h:1", *device_);
  EXPECT_EQ(expired.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired: run `appvault login ann`"), std::string::npos)
      << expired.status().message();
}

TEST_F(SessionTest, DamagedSessionFileSaysToLogInAgain) {
  ASSERT_NE(device_, nullptr);
  test::WriteFile(SessionFile(), "{\"server\":1}");
  Result<std::optional<Session>> loaded = LoadSession(*device_);
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(loaded.status().message().find("appvault login"), std::string::npos);
}

}  // namespace
}  // namespace appvault::client
