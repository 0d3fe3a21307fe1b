// The HTTP server in-process, with limits and timeouts small enough to observe.
#include "server/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "e2e/http_client.h"
#include "server/health_handler.h"

namespace appvault::server {
namespace {

using namespace std::chrono_literals;
using test::CanConnect;
using test::Fetch;
using test::HttpReply;
using test::RequestText;
using test::TestConnection;
namespace http = boost::beast::http;

HttpServerOptions LoopbackOptions() {
  HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  return options;
}

Router TestRouter() {
  Router router;
  AddHealthRoutes(router);
  router.Add(http::verb::post, "/echo", [](const Request& request) {
    Response response(http::status::ok, 11);
    response.body() = request.message.body();
    return response;
  });
  router.Add(http::verb::get, "/throw",
             [](const Request&) -> Response { throw std::runtime_error("boom"); });
  return router;
}

std::unique_ptr<HttpServer> StartServer(HttpServerOptions options, Router router = TestRouter()) {
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(options, std::move(router));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(server).value() : nullptr;
}

std::uint16_t PortOf(const HttpServer& server) {
  return server.endpoint().port();
}

TEST(HttpServerTest, PortZeroBindsAFreePort) {
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions());
  ASSERT_NE(server, nullptr);
  EXPECT_NE(PortOf(*server), 0);
  EXPECT_EQ(server->Url(), "http://127.0.0.1:" + std::to_string(PortOf(*server)));
  std::optional<HttpReply> reply = Fetch(PortOf(*server), "GET", "/healthz");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
}

TEST(HttpServerTest, AddressInUseIsUnavailable) {
  std::unique_ptr<HttpServer> first = StartServer(LoopbackOptions());
  ASSERT_NE(first, nullptr);
  HttpServerOptions options = LoopbackOptions();
  options.port = PortOf(*first);
  Result<std::unique_ptr<HttpServer>> second = HttpServer::Start(options, TestRouter());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
}

TEST(HttpServerTest, HostMustBeAnIpAddress) {
  HttpServerOptions options = LoopbackOptions();
  options.host = "example.com";
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(options, TestRouter());
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kInvalidArgument);
}

TEST(HttpServerTest, BodyLimitIsConfigurable) {
  HttpServerOptions options = LoopbackOptions();
  options.body_limit = 10;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  std::optional<HttpReply> fits = Fetch(PortOf(*server), "POST", "/echo", "", "0123456789");
  ASSERT_TRUE(fits.has_value());
  EXPECT_EQ(fits->status, 200);
  EXPECT_EQ(fits->body, "0123456789");
  std::optional<HttpReply> too_big = Fetch(PortOf(*server), "POST", "/echo", "", "0123456789A");
  ASSERT_TRUE(too_big.has_value());
  EXPECT_EQ(too_big->status, 413);
}

TEST(HttpServerTest, ExpectContinueGetsInterimResponse) {
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions());
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(PortOf(*server));
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  std::optional<HttpReply> interim = connection->ReadReply(2s);
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(connection->Send("hello"));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "hello");
}

TEST(HttpServerTest, ExpectContinueWithOversizedBodyIs413) {
  HttpServerOptions options = LoopbackOptions();
  options.body_limit = 4;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(PortOf(*server));
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  std::optional<HttpReply> reply = connection->ReadReply(2s);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
}

TEST(HttpServerTest, HandlerExceptionIs500) {
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions());
  ASSERT_NE(server, nullptr);
  std::optional<HttpReply> reply = Fetch(PortOf(*server), "GET", "/throw");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 500);
  EXPECT_EQ(reply->body, R"({"error":{"code":"internal","message":"internal error"}})");
}

TEST(HttpServerTest, MalformedRequestIs400) {
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions());
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(PortOf(*server));
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send("GET /healthz NOT-HTTP\r\n\r\n"));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 400);
}

TEST(HttpServerTest, Http10ClosesAfterTheResponse) {
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions());
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(PortOf(*server));
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send("GET /healthz HTTP/1.0\r\n\r\n"));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_TRUE(connection->WaitForClose(2s));
}

TEST(HttpServerTest, ConnectionsBeyondTheLimitAreClosed) {
  HttpServerOptions options = LoopbackOptions();
  options.max_connections = 1;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> first = TestConnection::Open(PortOf(*server));
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(first->Send(RequestText("GET", "/healthz")));
  ASSERT_TRUE(first->ReadReply().has_value());

  std::unique_ptr<TestConnection> second = TestConnection::Open(PortOf(*server));
  ASSERT_NE(second, nullptr);  // the kernel completes the handshake; the server closes it
  EXPECT_TRUE(second->WaitForClose(2s));

  ASSERT_TRUE(first->Send(RequestText("GET", "/healthz")));
  std::optional<HttpReply> again = first->ReadReply();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, 200);
}

TEST(HttpServerTest, IdleTimeoutClosesKeepAliveConnection) {
  HttpServerOptions options = LoopbackOptions();
  options.idle_timeout = 200ms;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(PortOf(*server));
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(RequestText("GET", "/healthz")));
  ASSERT_TRUE(connection->ReadReply().has_value());
  EXPECT_TRUE(connection->WaitForClose(3s));
}

TEST(HttpServerTest, ReadTimeoutClosesPartialRequest) {
  HttpServerOptions options = LoopbackOptions();
  options.read_timeout = 200ms;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(PortOf(*server));
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send("GET /healthz HTTP/1.1\r\n"));
  EXPECT_TRUE(connection->WaitForClose(3s));
}

TEST(HttpServerTest, StopLetsARunningHandlerFinish) {
  std::promise<void> entered;
  std::atomic<bool> entered_once{false};
  Router router;
  router.Add(http::verb::get, "/slow", [&](const Request&) {
    if (!entered_once.exchange(true)) entered.set_value();
    std::this_thread::sleep_for(300ms);
    return JsonResponse(http::status::ok, {{"slow", true}});
  });
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions(), std::move(router));
  ASSERT_NE(server, nullptr);
  std::uint16_t port = PortOf(*server);
  std::future<std::optional<HttpReply>> reply =
      std::async(std::launch::async, [port] { return Fetch(port, "GET", "/slow"); });
  ASSERT_EQ(entered.get_future().wait_for(5s), std::future_status::ready);

  server->Stop();
  EXPECT_FALSE(CanConnect(port));
  ASSERT_EQ(reply.wait_for(5s), std::future_status::ready);
  std::optional<HttpReply> answer = reply.get();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, R"({"slow":true})");
  EXPECT_EQ(answer->Header("Connection"), "close");
}

TEST(HttpServerTest, DrainTimeoutBoundsStop) {
  HttpServerOptions options = LoopbackOptions();
  options.drain_timeout = 200ms;
  std::unique_ptr<HttpServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(PortOf(*server));
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send("GET /healthz HTTP/1.1\r\n"));  // and never the rest
  std::this_thread::sleep_for(100ms);

  auto start = std::chrono::steady_clock::now();
  server->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(connection->WaitForClose(1s));
}

TEST(HttpServerTest, StopIsIdempotent) {
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions());
  ASSERT_NE(server, nullptr);
  server->Stop();
  server->Stop();
}

}  // namespace
}  // namespace appvault::server
