// The HTTP server in-process, with limits and timeouts small enough to observe.
#include "server/http_server.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "e2e/http_client.h"
#include "e2e/transport_test_util.h"
#include "server/health_handler.h"
#include "server/metrics_handler.h"

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

// HEAD on a GET route: the GET reply's status and headers (Content-Length included), no
// body. Pipelined behind it, the next request's reply follows the HEAD reply's headers
// directly: the test client, framing by Content-Length, reads it as the HEAD reply's "body".
TEST(HttpServerTest, HeadAnswersEveryGetRouteWithoutABody) {
  std::unique_ptr<HttpServer> server = StartServer(LoopbackOptions());
  ASSERT_NE(server, nullptr);
  std::optional<HttpReply> get = Fetch(PortOf(*server), "GET", "/healthz");
  ASSERT_TRUE(get.has_value());
  std::optional<HttpReply> head = test::PipelinedHead(PortOf(*server), "/healthz", "/x");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length"), get->Header("Content-Length"));
  EXPECT_EQ(head->Header("Content-Type"), get->Header("Content-Type"));
  EXPECT_EQ(head->body.rfind("HTTP/1.1 404 ", 0), 0u) << head->body;
  // A path without a GET route has no HEAD either (405, its JSON error not sent); the
  // Allow header names HEAD with GET.
  std::optional<HttpReply> echo = test::PipelinedHead(PortOf(*server), "/echo", "/x");
  ASSERT_TRUE(echo.has_value());
  EXPECT_EQ(echo->status, 405);
  EXPECT_EQ(echo->Header("Allow"), "POST");
  EXPECT_EQ(echo->body.rfind("HTTP/1.1 404 ", 0), 0u) << echo->body;
  std::optional<HttpReply> put = Fetch(PortOf(*server), "PUT", "/healthz");
  ASSERT_TRUE(put.has_value());
  EXPECT_EQ(put->Header("Allow"), "GET, HEAD");
}

// Requests refused before any handler runs — malformed, headers too large, a declared body
// over the limit, no route, wrong method — are counted like the others, under "unmatched".
TEST(HttpServerTest, RefusedRequestsAreCountedInMetrics) {
  auto metrics = std::make_shared<Metrics>();
  Router router = TestRouter();
  AddMetricsRoutes(router, metrics);
  HttpServerOptions options = LoopbackOptions();
  options.metrics = metrics;
  options.header_limit = 1024;
  options.body_limit = 100;
  std::unique_ptr<HttpServer> server = StartServer(options, std::move(router));
  ASSERT_NE(server, nullptr);
  const std::uint16_t port = PortOf(*server);
  auto status_of = [port](const std::string& bytes) {
    std::unique_ptr<TestConnection> connection = TestConnection::Open(port);
    if (connection == nullptr || !connection->Send(bytes)) return 0;
    std::optional<HttpReply> reply = connection->ReadReply();
    return reply ? reply->status : 0;
  };
  EXPECT_EQ(status_of("GET /healthz NOT-HTTP\r\n\r\n"), 400);
  EXPECT_EQ(status_of(RequestText("GET", "/healthz", "X-Big: " + std::string(2000, 'a') + "\r\n")),
            431);
  EXPECT_EQ(status_of("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n"), 413);
  EXPECT_EQ(status_of("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n"), 413);
  EXPECT_EQ(status_of(RequestText("DELETE", "/healthz")), 405);
  EXPECT_EQ(status_of(RequestText("GET", "/nowhere")), 404);
  std::vector<std::string> wanted;
  for (const char* series : {
           R"(route="unmatched",method="other",status="400"} 1)",  // no method read
           R"(route="unmatched",method="GET",status="431"} 1)",
           R"(route="unmatched",method="POST",status="413"} 1)",
           R"(route="/echo",method="POST",status="413"} 1)",
           R"(route="unmatched",method="DELETE",status="405"} 1)",
           R"(route="unmatched",method="GET",status="404"} 1)",
       }) {
    wanted.push_back(std::string("appvault_http_requests_total{") + series);
  }
  const std::string text = test::MetricsContaining(port, wanted);
  for (const std::string& series : wanted)
    EXPECT_NE(text.find(series), std::string::npos) << series << " not in\n" << text;
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

// A meeting point for `parties` threads that gives up after a timeout instead of hanging
// (a std::latch would hang the test forever if handlers ran one at a time).
class Rendezvous {
 public:
  explicit Rendezvous(int parties) : parties_(parties) {}
  // True when all parties arrived within `timeout`.
  bool ArriveAndWait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    ++arrived_;
    all_.notify_all();
    return all_.wait_for(lock, timeout, [this] { return arrived_ >= parties_; });
  }

 private:
  const int parties_;
  std::mutex mu_;
  std::condition_variable all_;
  int arrived_ = 0;
};

TEST(HttpServerTest, HandlersRunConcurrentlyOffTheIoThread) {
  Rendezvous both(2);
  Router router;
  AddHealthRoutes(router);
  router.Add(http::verb::get, "/meet", [&both](const Request&) {
    bool met = both.ArriveAndWait(10s);
    return JsonResponse(met ? http::status::ok : http::status::gateway_timeout, {{"met", met}});
  });
  HttpServerOptions options = LoopbackOptions();
  options.threads = 1;  // one io thread: a blocked handler must not hold it
  options.worker_threads = 2;
  std::unique_ptr<HttpServer> server = StartServer(options, std::move(router));
  ASSERT_NE(server, nullptr);
  std::uint16_t port = PortOf(*server);
  auto first = std::async(std::launch::async, [port] { return Fetch(port, "GET", "/meet"); });
  // While the first handler blocks, the io thread still answers.
  std::optional<HttpReply> health = Fetch(port, "GET", "/healthz");
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->status, 200);
  auto second = std::async(std::launch::async, [port] { return Fetch(port, "GET", "/meet"); });
  for (auto* reply : {&first, &second}) {
    std::optional<HttpReply> answer = reply->get();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, 200);
  }
}

TEST(HttpServerTest, WorkerThreadsMustBePositive) {
  HttpServerOptions options = LoopbackOptions();
  options.worker_threads = 0;
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(options, TestRouter());
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), StatusCode::kInvalidArgument);
}

TEST(HttpServerTest, MetricsCountRequestsByRoutePatternAndTheLogNamesTheUser) {
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));

  auto metrics = std::make_shared<Metrics>();
  Router router = TestRouter();
  AddMetricsRoutes(router, metrics);
  router.Add(http::verb::get, "/v1/items/{id}", [](const Request& request) {
    Reply reply = JsonResponse(http::status::ok, {{"id", request.Param("id")}});
    reply.log_user = "alice";
    return reply;
  });
  HttpServerOptions options = LoopbackOptions();
  options.metrics = metrics;
  std::unique_ptr<HttpServer> server = StartServer(options, std::move(router));
  ASSERT_NE(server, nullptr);
  std::uint16_t port = PortOf(*server);
  for (std::string_view target : {"/healthz", "/healthz", "/v1/items/41", "/v1/items/42", "/x"})
    ASSERT_TRUE(Fetch(port, "GET", target).has_value());
  const std::string text = test::MetricsContaining(
      port,
      {"appvault_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2\n",
       "appvault_http_requests_total{route=\"/v1/items/{id}\",method=\"GET\",status=\"200\"} 2\n",
       "appvault_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n"});
  server->Stop();
  spdlog::set_default_logger(previous);

  EXPECT_NE(
      text.find(
          "appvault_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("appvault_http_requests_total{route=\"/v1/items/{id}\",method=\"GET\","
                      "status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("appvault_http_requests_total{route=\"unmatched\",method=\"GET\","
                      "status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(text.find("/v1/items/41"), std::string::npos);  // raw paths never become labels
  EXPECT_NE(text.find("appvault_http_request_duration_seconds_count{route=\"/v1/items/{id}\"} 2"),
            std::string::npos);
  std::string lines = log.str();
  EXPECT_NE(lines.find("GET /v1/items/{id} /v1/items/42 200 "), std::string::npos) << lines;
  EXPECT_NE(lines.find("ms alice "), std::string::npos) << lines;
  EXPECT_NE(lines.find("GET unmatched /x 404 "), std::string::npos) << lines;
  EXPECT_NE(lines.find("ms - "), std::string::npos) << lines;
}

}  // namespace
}  // namespace appvault::server
