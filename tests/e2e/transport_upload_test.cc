// Streaming uploads: the io side receives the body into a spool (no worker held while it
// arrives, never in memory as a whole), then the route's handler reads it through a
// BodyReader on a worker; a gate may refuse before any of the body is read.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "base/sha256_hasher.h"
#include "e2e/http_client.h"
#include "e2e/transport_test_util.h"
#include "server/health_handler.h"

namespace appvault::server {
namespace {

using namespace std::chrono_literals;
using test::HttpReply;
using test::TestConnection;
namespace http = boost::beast::http;

constexpr std::uint64_t kLimit = 64ull << 20;
constexpr std::chrono::milliseconds kBigTimeout = 120s;

// What the streaming handlers saw, for the tests to check.
struct Seen {
  std::atomic<int> runs{0};  // handlers started
  std::mutex mu;
  std::vector<StatusCode> errors;  // the failed Reads
  std::size_t head_body_size = 0;
  std::optional<std::uint64_t> content_length;
  std::promise<StatusCode> first_error;
  bool promised = false;

  void Error(StatusCode code) {
    std::lock_guard lock(mu);
    errors.push_back(code);
    if (!promised) {
      promised = true;
      first_error.set_value(code);
    }
  }
  std::vector<StatusCode> Errors() {
    std::lock_guard lock(mu);
    return errors;
  }
};

// POST /sha: reads the body in 16 KiB steps while hashing it; {"sha256","size"}.
Reply HashBody(const Request& head, BodyReader& body, Seen& seen) {
  ++seen.runs;
  {
    std::lock_guard lock(seen.mu);
    seen.head_body_size = head.message.body().size();
    seen.content_length = body.content_length();
  }
  base::Sha256Hasher hasher;
  std::vector<char> buffer(16 * 1024);
  std::uint64_t size = 0;
  while (true) {
    Result<std::size_t> got = body.Read(buffer.data(), buffer.size());
    if (!got.ok()) {
      seen.Error(got.status().code());
      return ErrorResponse(got.status());
    }
    if (*got == 0) break;
    hasher.Update(std::string_view(buffer.data(), *got));
    size += *got;
  }
  return JsonResponse(http::status::ok, {{"sha256", hasher.Finish().Hex()}, {"size", size}});
}

Router UploadRouter(Seen& seen) {
  Router router;
  AddHealthRoutes(router);
  router.AddStreaming(
      http::verb::post, "/sha",
      [&seen](const Request& head, BodyReader& body) { return HashBody(head, body, seen); },
      kLimit);
  // Its gate refuses without an Authorization header; else it reads 10 bytes and answers.
  router.AddStreaming(
      http::verb::post, "/peek",
      [](const Request&, BodyReader& body) -> Reply {
        char ten[10];
        std::size_t total = 0;
        while (total < sizeof ten) {
          Result<std::size_t> got = body.Read(ten + total, sizeof ten - total);
          if (!got.ok() || *got == 0) break;
          total += *got;
        }
        return JsonResponse(http::status::ok, {{"peeked", std::string(ten, total)}});
      },
      kLimit,
      [](const Request& head) {
        if (!head.Header(http::field::authorization).empty()) return UploadAdmission{};
        return UploadAdmission{ErrorResponse(Status(StatusCode::kUnauthenticated, "who are you?")),
                               nullptr};
      });
  return router;
}

class UploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = test::StartTestServer(test::LoopbackOptions(), UploadRouter(seen_));
    ASSERT_NE(server_, nullptr);
  }
  std::uint16_t port() const { return server_->endpoint().port(); }

  Seen seen_;
  std::unique_ptr<HttpServer> server_;
};

std::string Header(std::string_view target, std::string_view extra) {
  return "POST " + std::string(target) + " HTTP/1.1\r\nHost: x\r\n" + std::string(extra) + "\r\n";
}

nlohmann::json BodyOf(const HttpReply& reply) {
  return nlohmann::json::parse(reply.body, nullptr, false);
}

TEST_F(UploadTest, FiftyMegabytesWithContentLengthAreHashedWhileRead) {
  std::string data = test::PseudoRandomBytes(50 << 20, 1);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(
      Header("/sha", "Content-Length: " + std::to_string(data.size()) + "\r\n") + data,
      kBigTimeout));
  std::optional<HttpReply> reply = connection->ReadReply(kBigTimeout);
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(BodyOf(*reply)["sha256"], test::Sha256Hex(data));
  EXPECT_EQ(BodyOf(*reply)["size"], data.size());
  EXPECT_EQ(seen_.head_body_size, 0u);  // streaming routes never buffer the body
  EXPECT_EQ(seen_.content_length, data.size());
  EXPECT_TRUE(seen_.Errors().empty());
  // The whole body was read: the connection stays open for the next request.
  ASSERT_TRUE(connection->Send(test::RequestText("GET", "/healthz")));
  std::optional<HttpReply> again = connection->ReadReply();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, 200);
}

TEST_F(UploadTest, FiftyMegabytesChunkedAreHashedWhileRead) {
  std::string data = test::PseudoRandomBytes(50 << 20, 2);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(
      Header("/sha", "Transfer-Encoding: chunked\r\n") + test::ChunkedBody(data, 100'003),
      kBigTimeout));
  std::optional<HttpReply> reply = connection->ReadReply(kBigTimeout);
  ASSERT_TRUE(reply.has_value());
  ASSERT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(BodyOf(*reply)["sha256"], test::Sha256Hex(data));
  EXPECT_EQ(seen_.content_length, std::nullopt);
  ASSERT_TRUE(connection->Send(test::RequestText("GET", "/healthz")));
  ASSERT_TRUE(connection->ReadReply().has_value());
}

TEST_F(UploadTest, EmptyBodyReadsAsEnd) {
  std::optional<HttpReply> reply = test::Fetch(port(), "POST", "/sha");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(BodyOf(*reply)["size"], 0);
  EXPECT_EQ(seen_.content_length, 0u);
}

TEST_F(UploadTest, DeclaredLengthOverTheLimitIs413AndTheHandlerNeverRuns) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(
      Header("/sha", "Content-Length: " + std::to_string(kLimit + 1) + "\r\n") + "some"));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
  EXPECT_EQ(BodyOf(*reply)["error"]["code"], "payload_too_large");
  EXPECT_EQ(reply->Header("Connection"), "close");
  EXPECT_EQ(seen_.runs, 0);
  EXPECT_TRUE(connection->WaitForClose(5s));
}

TEST_F(UploadTest, ChunkedBodyOverTheLimitIs413AndTheHandlerNeverRuns) {
  std::string data = test::PseudoRandomBytes(kLimit + 1000, 3);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
  ASSERT_NE(connection, nullptr);
  // Sent while the reply is read: the server closes before all is sent.
  auto sent = std::async(std::launch::async, [&] {
    return connection->Send(
        Header("/sha", "Transfer-Encoding: chunked\r\n") + test::ChunkedBody(data, 1 << 20),
        kBigTimeout);
  });
  std::optional<HttpReply> reply = connection->ReadReply(kBigTimeout);
  sent.wait();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
  EXPECT_EQ(seen_.runs, 0);
}

TEST_F(UploadTest, ExpectContinueIsSentOnceTheRequestIsAdmitted) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(Header("/sha", "Expect: 100-continue\r\nContent-Length: 5\r\n")));
  std::optional<HttpReply> interim = connection->ReadReply(5s);
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(connection->Send("hello"));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(BodyOf(*reply)["sha256"], test::Sha256Hex("hello"));
}

TEST_F(UploadTest, AGateRefusingGetsNoContinueSentAndNoBodyRead) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(
      connection->Send(Header("/peek", "Expect: 100-continue\r\nContent-Length: 1000000\r\n")));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 401);  // not 100: the body was never asked for
  EXPECT_EQ(reply->Header("Connection"), "close");
  EXPECT_TRUE(connection->WaitForClose(5s));
}

TEST_F(UploadTest, MalformedChunkIs400AndTheHandlerNeverRuns) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(
      connection->Send(Header("/sha", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\nzz\r\n"));
  std::optional<HttpReply> reply = connection->ReadReply();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(BodyOf(*reply)["error"]["code"], "invalid_argument");
  EXPECT_EQ(seen_.runs, 0);
}

TEST_F(UploadTest, ClientGoingAwayMidBodyNeverRunsTheHandler) {
  {
    std::unique_ptr<TestConnection> connection = TestConnection::Open(port());
    ASSERT_NE(connection, nullptr);
    ASSERT_TRUE(connection->Send(Header("/sha", "Content-Length: 1000000\r\n") + "partial"));
  }  // closed
  // The server is still serving, and nothing ran for the half-sent body.
  std::optional<HttpReply> health = test::Fetch(port(), "GET", "/healthz");
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(seen_.runs, 0);
}

TEST(UploadTimeoutTest, ClientStallingMidBodyIsClosedAfterTheReadTimeout) {
  Seen seen;
  HttpServerOptions options = test::LoopbackOptions();
  options.read_timeout = 300ms;
  std::unique_ptr<HttpServer> server = test::StartTestServer(options, UploadRouter(seen));
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server->endpoint().port());
  ASSERT_NE(connection, nullptr);
  ASSERT_TRUE(connection->Send(Header("/sha", "Content-Length: 1000\r\n") + "partial"));
  EXPECT_TRUE(connection->WaitForClose(10s));
  EXPECT_EQ(seen.runs, 0);
}

// Issue 14, finding 1 at the server's level: bodies that have not arrived hold no worker,
// so with one worker and two uploads trickling in, a request for a worker is answered.
TEST(UploadWorkerTest, TricklingUploadsHoldNoWorker) {
  Seen seen;
  Router router = UploadRouter(seen);
  router.Add(http::verb::get, "/work", [](const Request&) -> Reply {
    return JsonResponse(http::status::ok, {{"worked", true}});
  });
  HttpServerOptions options = test::LoopbackOptions();
  options.worker_threads = 1;
  std::unique_ptr<HttpServer> server = test::StartTestServer(options, std::move(router));
  ASSERT_NE(server, nullptr);
  std::vector<std::unique_ptr<TestConnection>> uploads;
  for (int i = 0; i < 2; ++i) {
    uploads.push_back(TestConnection::Open(server->endpoint().port()));
    ASSERT_NE(uploads.back(), nullptr);
    ASSERT_TRUE(uploads.back()->Send(Header("/sha", "Content-Length: 100000\r\n") + "some"));
  }
  std::optional<HttpReply> worked = test::Fetch(server->endpoint().port(), "GET", "/work");
  ASSERT_TRUE(worked.has_value());
  EXPECT_EQ(worked->status, 200);
  EXPECT_EQ(seen.runs, 0);
}

// /healthz tells the truth: once a request has waited longer than the bound for a worker,
// it answers 503 "overloaded" with the numbers; 200 again when the queue drains.
TEST(HealthTest, HealthzSaysOverloadedWhileRequestsWaitForAWorker) {
  auto load = std::make_shared<ServerLoad>();
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Router router;
  AddHealthRoutes(router, load, 100ms);
  router.Add(http::verb::get, "/block", [released](const Request&) -> Reply {
    released.wait();
    return Response(http::status::no_content, 11);
  });
  HttpServerOptions options = test::LoopbackOptions();
  options.worker_threads = 1;
  options.load = load;
  std::unique_ptr<HttpServer> server = test::StartTestServer(options, std::move(router));
  ASSERT_NE(server, nullptr);
  const std::uint16_t port = server->endpoint().port();
  auto first =
      std::async(std::launch::async, [port] { return test::Fetch(port, "GET", "/block"); });
  auto second =
      std::async(std::launch::async, [port] { return test::Fetch(port, "GET", "/block"); });
  std::this_thread::sleep_for(400ms);
  std::optional<HttpReply> busy = test::Fetch(port, "GET", "/healthz");
  ASSERT_TRUE(busy.has_value());
  EXPECT_EQ(busy->status, 503) << busy->body;
  EXPECT_EQ(BodyOf(*busy)["status"], "overloaded");
  EXPECT_EQ(BodyOf(*busy)["busy"], 1);
  EXPECT_EQ(BodyOf(*busy)["queued"], 1);
  release.set_value();
  ASSERT_TRUE(first.get().has_value());
  ASSERT_TRUE(second.get().has_value());
  std::optional<HttpReply> idle = test::Fetch(port, "GET", "/healthz");
  ASSERT_TRUE(idle.has_value());
  EXPECT_EQ(idle->status, 200) << idle->body;
  EXPECT_EQ(BodyOf(*idle)["queued"], 0);
}

TEST(UploadStopTest, StopWithAnUploadArrivingEndsPromptly) {
  Seen seen;
  HttpServerOptions options = test::LoopbackOptions();
  options.drain_timeout = 100ms;
  std::unique_ptr<HttpServer> server = test::StartTestServer(options, UploadRouter(seen));
  ASSERT_NE(server, nullptr);
  std::string part = test::PseudoRandomBytes(1 << 20, 9);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server->endpoint().port());
  ASSERT_TRUE(connection &&
              connection->Send(Header("/sha", "Content-Length: 10000000\r\n") + part));
  std::this_thread::sleep_for(200ms);
  auto stopped = std::async(std::launch::async, [&server] { server->Stop(); });
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(seen.runs, 0);
}

}  // namespace
}  // namespace appvault::server
