// `appvaultd serve` as users and scripts see it: the real binary on a free loopback port.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "e2e/http_client.h"
#include "e2e/server_process.h"

namespace appvault::test {
namespace {

using namespace std::chrono_literals;

// /healthz of an idle server with the default 4 workers: ok, and the load it reports.
void ExpectHealthy(const std::string& body) {
  nlohmann::json health = nlohmann::json::parse(body, nullptr, false);
  ASSERT_TRUE(health.is_object()) << body;
  EXPECT_EQ(health.value("status", ""), "ok") << body;
  EXPECT_EQ(health.value("workers", -1), 4) << body;
  EXPECT_EQ(health.value("queued", -1), 0) << body;
  EXPECT_EQ(health.value("uploads_receiving", -1), 0) << body;
}

// The `code` of a JSON error body, by text search (the tests do not parse JSON).
bool HasErrorCode(const HttpReply& reply, std::string_view code) {
  return reply.body.find(R"({"error":{"code":")" + std::string(code) + "\"") == 0;
}

// Stops `server` with `signal_number` and expects a clean exit within a few seconds.
void ExpectGracefulExit(ServerProcess& server, int signal_number) {
  server.Signal(signal_number);
  std::optional<ExitStatus> status = server.Wait(5s);
  ASSERT_TRUE(status.has_value()) << "appvaultd did not exit; log:\n" << server.Log();
  EXPECT_TRUE(status->Ok()) << status->ToString() << "; log:\n" << server.Log();
}

TEST(ServeTest, PrintsBoundAddressAndCreatesDataFolder) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->first_line(),
            "listening on http://127.0.0.1:" + std::to_string(server->port()));
  EXPECT_TRUE(std::filesystem::is_directory(server->data_dir()));
}

TEST(ServeTest, HealthzAnswersOk) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::optional<HttpReply> reply = Fetch(server->port(), "GET", "/healthz");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  ExpectHealthy(reply->body);
  EXPECT_EQ(reply->Header("Content-Type"), "application/json");
}

TEST(ServeTest, UnknownRouteIs404WithJsonError) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::optional<HttpReply> reply = Fetch(server->port(), "GET", "/x");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 404);
  EXPECT_EQ(reply->body, R"({"error":{"code":"not_found","message":"no route for GET /x"}})");
}

TEST(ServeTest, WrongMethodIs405WithAllowHeader) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::optional<HttpReply> reply = Fetch(server->port(), "POST", "/healthz", "", "{}");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 405);
  EXPECT_EQ(reply->Header("Allow"), "GET, HEAD");
  EXPECT_EQ(
      reply->body,
      R"({"error":{"code":"invalid_argument","message":"method POST not allowed on /healthz"}})");
}

// Headers beyond 16 KiB: 431 Request Header Fields Too Large, code `payload_too_large`.
TEST(ServeTest, OversizedHeadersAre431) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::string big = "X-Big: " + std::string(20 * 1024, 'a') + "\r\n";
  std::optional<HttpReply> reply = Fetch(server->port(), "GET", "/healthz", big);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 431);
  EXPECT_TRUE(HasErrorCode(*reply, "payload_too_large")) << reply->body;
  EXPECT_EQ(reply->Header("Connection"), "close");
}

// A body beyond the 1 MiB default is refused from its Content-Length, before it is read.
TEST(ServeTest, OversizedBodyIs413) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(
      connection->Send("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n"
                       "\r\n" +
                       std::string(1000, 'b')));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
  EXPECT_TRUE(HasErrorCode(*reply, "payload_too_large")) << reply->body;
}

TEST(ServeTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server->port());
  ASSERT_NE(connection, nullptr);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection->Send(RequestText("GET", "/healthz")));
    std::optional<HttpReply> reply = connection->ReadReply();
    ASSERT_TRUE(reply.has_value()) << "request " << i;
    EXPECT_EQ(reply->status, 200);
    EXPECT_NE(reply->Header("Connection"), "close");
  }
}

TEST(ServeTest, SigtermExitsZeroAndClosesThePort) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(CanConnect(server->port()));
  ExpectGracefulExit(*server, SIGTERM);
  EXPECT_FALSE(CanConnect(server->port()));
}

TEST(ServeTest, SigintExitsZero) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  ExpectGracefulExit(*server, SIGINT);
}

// Half a request is in flight when SIGTERM comes: the port closes at once, yet the request
// is answered in full (with `Connection: close`) and then the server exits 0.
TEST(ServeTest, RequestInFlightSurvivesSigterm) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  std::this_thread::sleep_for(100ms);  // the server has read the first half

  server->Signal(SIGTERM);
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(CanConnect(server->port())) << "a new connection was accepted while stopping";

  ASSERT_TRUE(connection->Send("User-Agent: serve_test\r\n\r\n"));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value()) << "log:\n" << server->Log();
  EXPECT_EQ(reply->status, 200);
  ExpectHealthy(reply->body);
  EXPECT_EQ(reply->Header("Connection"), "close");
  EXPECT_TRUE(connection->WaitForClose());

  std::optional<ExitStatus> status = server->Wait(5s);
  ASSERT_TRUE(status.has_value()) << "log:\n" << server->Log();
  EXPECT_TRUE(status->Ok()) << status->ToString();
}

// An idle keep-alive connection does not hold the stop back until the drain timeout.
TEST(ServeTest, IdleConnectionIsClosedAtOnceOnSigterm) {
  std::unique_ptr<ServerProcess> server = ServerProcess::Start();
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server->port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(RequestText("GET", "/healthz")));
  ASSERT_TRUE(connection->ReadReply().has_value());

  auto start = std::chrono::steady_clock::now();
  server->Signal(SIGTERM);
  EXPECT_TRUE(connection->WaitForClose(3s));
  std::optional<ExitStatus> status = server->Wait(3s);
  ASSERT_TRUE(status.has_value()) << "log:\n" << server->Log();
  EXPECT_TRUE(status->Ok()) << status->ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST(ServeCommandTest, BadListenValueExitsTwoWithOneLine) {
  TempDir dir;
  for (const char* listen : {"nonsense", "127.0.0.1:99999", "127.0.0.1"}) {
    std::optional<CommandResult> result =
        RunAppvaultd({"serve", "--listen", listen, "--data", (dir.path() / "data").string()});
    ASSERT_TRUE(result.has_value()) << listen;
    EXPECT_EQ(result->status.ToString(), "exit 2") << listen;
    EXPECT_EQ(result->out, "") << listen;
    EXPECT_NE(result->err.find("--listen"), std::string::npos) << result->err;
    EXPECT_EQ(result->err.find('\n'), result->err.size() - 1) << result->err;
  }
}

TEST(ServeCommandTest, UnknownOptionIsUsageError) {
  std::optional<CommandResult> result = RunAppvaultd({"serve", "--no-such-flag"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status.ToString(), "exit 2");
}

TEST(ServeCommandTest, AddressInUseExitsOne) {
  std::unique_ptr<ServerProcess> first = ServerProcess::Start();
  ASSERT_NE(first, nullptr);
  TempDir dir;
  std::optional<CommandResult> result =
      RunAppvaultd({"serve", "--listen", "127.0.0.1:" + std::to_string(first->port()), "--data",
                    (dir.path() / "data").string()});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status.ToString(), "exit 1");
  EXPECT_NE(result->err.find("cannot listen on"), std::string::npos) << result->err;
}

}  // namespace
}  // namespace appvault::test
