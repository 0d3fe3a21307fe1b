// Issue 14, findings 1, 3, 4 and 5: what one client, or someone on the network, can no longer
// do to the real appvaultd — hold every worker with slow uploads, grow /metrics without
// bound, flood registrations, lock an account's owner out. Real sockets, a real process.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "e2e/api_test_util.h"

namespace appvault::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

std::string CredentialsBody(const std::string& name, const std::string& password) {
  return json({{"username", name}, {"password", password}}).dump();
}

// POST /v1/sessions on `connection` (kept alive), from X-Forwarded-For `address` when set.
std::optional<HttpReply> LoginOn(TestConnection& connection, const std::string& name,
                                 const std::string& password, const std::string& address = "") {
  std::string headers = "Content-Type: application/json\r\n";
  if (!address.empty()) headers += "X-Forwarded-For: " + address + "\r\n";
  if (!connection.Send(
          RequestText("POST", "/v1/sessions", headers, CredentialsBody(name, password)))) {
    return std::nullopt;
  }
  return connection.ReadReply(20s);
}

// prefix + the decimal `number` (built by appending: GCC 12 warns falsely on
// "literal" + std::to_string(n)).
std::string Numbered(std::string prefix, long number) {
  prefix += std::to_string(number);
  return prefix;
}

std::chrono::milliseconds Since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

// ann logs in with the right password from an address never used (198.51.100.7, through
// the trusted proxy 127.0.0.1); records a failure unless it is 201. How long it took.
std::chrono::milliseconds OwnerLogin(ApiServer& server) {
  std::unique_ptr<TestConnection> owner = TestConnection::Open(server.port());
  EXPECT_NE(owner, nullptr);
  if (owner == nullptr) return {};
  const Clock::time_point start = Clock::now();
  std::optional<HttpReply> login = LoginOn(*owner, "ann", kTestPassword, "198.51.100.7");
  const std::chrono::milliseconds took = Since(start);
  EXPECT_TRUE(login.has_value());
  if (login) {
    EXPECT_EQ(login->status, 201) << login->body;
  }
  return took;
}

// An upload that sent its header and `first` body bytes of a declared 1 MB, then nothing.
std::unique_ptr<TestConnection> StartTrickle(std::uint16_t port, const std::string& token,
                                             std::size_t first = 1024) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port);
  if (connection == nullptr) return nullptr;
  const std::string head = "POST /v1/blobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                           "\r\nContent-Length: 1000000\r\n\r\n";
  if (!connection->Send(head + std::string(first, 'b'))) return nullptr;
  return connection;
}

// The number of HTTP series /metrics shows (lines of appvault_http_… families): those a
// request's method and path could add to. (Store series come and go with what the server
// does in the background, whatever clients send.)
std::size_t SeriesCount(ApiServer& server) {
  ApiReply metrics = server.Call("GET", "/metrics");
  std::size_t series = 0, start = 0;
  while (start < metrics.body.size()) {
    std::size_t end = metrics.body.find('\n', start);
    if (end == std::string::npos) end = metrics.body.size();
    if (metrics.body.compare(start, 14, "appvault_http_") == 0) ++series;
    start = end + 1;
  }
  return series;
}

// Finding 1: twice as many uploads as workers trickle in; none holds a worker, so a login
// is answered at once and /healthz says so truthfully.
TEST(ApiAbuseTest, TricklingUploadsHoldNoWorkerAndALoginIsAnsweredWithinOneSecond) {
  auto server = ApiServer::Start({"--workers", "2"});  // 4 uploads: the default per user
  ASSERT_NE(server, nullptr);
  const std::string token = server->NewUser("ann");
  std::vector<std::unique_ptr<TestConnection>> uploads;
  for (int i = 0; i < 4; ++i) {
    uploads.push_back(StartTrickle(server->port(), token));
    ASSERT_NE(uploads.back(), nullptr);
  }
  std::this_thread::sleep_for(500ms);  // every upload admitted and waiting for bytes
  const Clock::time_point start = Clock::now();
  ApiReply login =
      server->Json("POST", "/v1/sessions", "", {{"username", "ann"}, {"password", kTestPassword}});
  EXPECT_EQ(login.status, 201) << login.body;
  EXPECT_LT(Since(start), 1000ms);
  ApiReply health = server->Call("GET", "/healthz");
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(health.json["status"], "ok");
  EXPECT_EQ(health.json["uploads_receiving"], 4);
  EXPECT_EQ(health.json["queued"], 0);
  // The uploads were only waiting: one finished now is stored whole.
  ASSERT_TRUE(uploads[0]->Send(std::string(1000000 - 1024, 'b')));
  std::optional<HttpReply> stored = uploads[0]->ReadReply(10s);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->status, 201) << stored->body;
}

// Finding 1: below the minimum rate an upload is cut off (408 naming the flag), even though
// it never stalls for the read timeout.
TEST(ApiAbuseTest, AnUploadBelowTheMinimumRateIsCutOff) {
  auto server = ApiServer::Start({"--min-upload-rate", "1000", "--upload-rate-grace", "1"});
  ASSERT_NE(server, nullptr);
  const std::string token = server->NewUser("ann");
  std::unique_ptr<TestConnection> upload = StartTrickle(server->port(), token, 50);
  ASSERT_NE(upload, nullptr);
  const Clock::time_point start = Clock::now();
  // 50 bytes every half second: 100 bytes per second, a tenth of the minimum.
  while (Since(start) < 15s && !upload->ReceiveAtLeast(1, 500ms)) {
    if (!upload->Send(std::string(50, 'b'))) break;
  }
  std::optional<HttpReply> reply = upload->ReadReply(5s);
  ASSERT_TRUE(reply.has_value()) << "no reply after " << Since(start).count() << " ms\n"
                                 << server->process().Log();
  EXPECT_EQ(reply->status, 408) << reply->body;
  EXPECT_NE(reply->body.find("--min-upload-rate"), std::string::npos) << reply->body;
  EXPECT_LT(Since(start), 10s);
  EXPECT_TRUE(upload->WaitForClose(5s));
}

// Finding 1: one user cannot have more uploads arriving at once than the limit; others can.
TEST(ApiAbuseTest, UploadsArrivingAtOncePerUserAreLimited) {
  auto server = ApiServer::Start({"--max-uploads-per-user", "2"});
  ASSERT_NE(server, nullptr);
  const std::string ann = server->NewUser("ann");
  const std::string bob = server->NewUser("bob");
  std::unique_ptr<TestConnection> first = StartTrickle(server->port(), ann);
  std::unique_ptr<TestConnection> second = StartTrickle(server->port(), ann);
  ASSERT_TRUE(first && second);
  std::this_thread::sleep_for(300ms);
  ApiReply third = server->Upload(ann, "settings");
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(third.ErrorCode(), "rate_limited");
  EXPECT_NE(third.ErrorMessage().find("--max-uploads-per-user"), std::string::npos);
  EXPECT_EQ(server->Upload(bob, "settings").status, 201);
  first.reset();  // one of ann's ends: her slot comes back
  ApiReply again;
  for (const Clock::time_point start = Clock::now(); Since(start) < 5s;) {
    again = server->Upload(ann, "settings");
    if (again.status != 429) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(again.status, 201) << again.body;
}

// Finding 3: invented methods (and paths) never become label values.
TEST(ApiAbuseTest, TenThousandInventedMethodsAddNoMetricsSeries) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server->port());
  ASSERT_NE(connection, nullptr);
  auto send_batch = [&](int from, int count) {
    std::string batch;
    for (int i = from; i < from + count; ++i) {
      batch += RequestText(Numbered("M", i).append("X"),
                           i % 2 ? std::string("/healthz") : Numbered("/x/", i));
    }
    ASSERT_TRUE(connection->Send(batch, 20s));
    for (int i = 0; i < count; ++i) {
      std::optional<HttpReply> reply = connection->ReadReply(20s);
      ASSERT_TRUE(reply.has_value()) << "request " << from + i;
      ASSERT_TRUE(reply->status == 404 || reply->status == 405) << reply->status;
    }
  };
  send_batch(0, 2);            // the "other" series exist from here on
  (void)SeriesCount(*server);  // and those of /metrics itself
  const std::size_t before = SeriesCount(*server);
  for (int from = 2; from < 10002; from += 500)
    send_batch(from, 500);
  EXPECT_EQ(SeriesCount(*server), before) << server->Call("GET", "/metrics").body;
  EXPECT_NE(server->Call("GET", "/metrics").body.find("method=\"other\""), std::string::npos);
}

// Finding 4: a registration flood from one address is refused at once, past the limit,
// while an existing user's login keeps its latency.
TEST(ApiAbuseTest, ARegistrationFloodIsRefusedQuicklyWhileLoginsKeepTheirLatency) {
  auto server = ApiServer::Start();
  ASSERT_NE(server, nullptr);
  AddUser(server->data_dir(), "ann", "user", kTestPassword);
  std::atomic<int> created{0}, refused{0}, busy{0}, other{0};
  std::atomic<long> slowest_refusal_ms{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 8; ++t) {
    flood.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const Clock::time_point start = Clock::now();
        std::optional<HttpReply> reply =
            Fetch(server->port(), "POST", "/v1/accounts", "Content-Type: application/json\r\n",
                  CredentialsBody(Numbered("flood", t * 100 + i), kTestPassword));
        const long ms = Since(start).count();
        if (reply && reply->status == 201) {
          ++created;
        } else if (reply && reply->status == 429 &&
                   reply->body.find("--max-registrations-per-address") != std::string::npos) {
          ++refused;
          long seen = slowest_refusal_ms.load();
          while (ms > seen && !slowest_refusal_ms.compare_exchange_weak(seen, ms)) {
          }
        } else if (reply && reply->status == 429) {
          ++busy;  // the hashes registrations may use at once were taken
        } else {
          ++other;
        }
      }
    });
  }
  std::this_thread::sleep_for(100ms);  // the flood is on
  const Clock::time_point start = Clock::now();
  ApiReply login =
      server->Json("POST", "/v1/sessions", "", {{"username", "ann"}, {"password", kTestPassword}});
  const std::chrono::milliseconds login_took = Since(start);
  for (std::thread& thread : flood)
    thread.join();
  EXPECT_EQ(login.status, 201) << login.body;
  EXPECT_LT(login_took, 2000ms);
  EXPECT_GE(created, 1);
  EXPECT_LE(created, 10);  // --max-registrations-per-address's default, an hour
  EXPECT_GE(refused, 190 - busy);
  EXPECT_EQ(created + refused + busy, 200);
  EXPECT_EQ(other, 0);
  EXPECT_LT(slowest_refusal_ms.load(), 1000);
}

// Finding 4: registrations in all are limited too, whatever the address.
TEST(ApiAbuseTest, RegistrationsInAllAreLimited) {
  auto server = ApiServer::Start({"--trusted-proxy", "127.0.0.1/32", "--max-registrations", "3"});
  ASSERT_NE(server, nullptr);
  for (int i = 0; i < 4; ++i) {
    ApiReply reply = server->Call("POST", "/v1/accounts", "",
                                  CredentialsBody(Numbered("user", i), kTestPassword),
                                  Numbered("X-Forwarded-For: 198.51.100.", i).append("\r\n"));
    if (i < 3) {
      EXPECT_EQ(reply.status, 201) << reply.body;
    } else {
      EXPECT_EQ(reply.status, 429) << reply.body;
      EXPECT_NE(reply.ErrorMessage().find("--max-registrations)"), std::string::npos);
      EXPECT_GE(std::atoi(reply.Header("Retry-After").c_str()), 1);
    }
  }
}

// Finding 5: a thousand wrong passwords from one address lock that address out of the
// account, never the owner, who logs in at once from another address.
TEST(ApiAbuseTest, AThousandWrongPasswordsFromOneAddressDoNotLockTheOwnerOut) {
  auto server = ApiServer::Start({"--trusted-proxy", "127.0.0.1/32"});
  ASSERT_NE(server, nullptr);
  AddUser(server->data_dir(), "ann", "user", kTestPassword);
  std::unique_ptr<TestConnection> attacker = TestConnection::Open(server->port());
  ASSERT_NE(attacker, nullptr);
  int wrong = 0, limited = 0;
  for (int i = 0; i < 1000; ++i) {
    std::optional<HttpReply> reply =
        LoginOn(*attacker, "ann", Numbered("guess ", i), "203.0.113.9");
    ASSERT_TRUE(reply.has_value()) << "attempt " << i;
    wrong += reply->status == 401;
    limited += reply->status == 429;
  }
  EXPECT_EQ(wrong, 10);  // --max-login-failures
  EXPECT_EQ(limited, 990);
  EXPECT_LT(OwnerLogin(*server), 2000ms);
  // The address that failed stays refused, even with the right password.
  std::optional<HttpReply> from_attacker = LoginOn(*attacker, "ann", kTestPassword, "203.0.113.9");
  ASSERT_TRUE(from_attacker.has_value());
  EXPECT_EQ(from_attacker->status, 429);
}

// Finding 5: failures of an account from many addresses only slow its logins (a bounded
// delay); the right password from a clean address is never refused.
TEST(ApiAbuseTest, AccountWideFailuresSlowLoginsButNeverRefuseThem) {
  auto server = ApiServer::Start({"--trusted-proxy", "127.0.0.1/32", "--max-login-failures", "2",
                                  "--login-slowdown-after", "4", "--login-max-delay-ms", "1500"});
  ASSERT_NE(server, nullptr);
  AddUser(server->data_dir(), "ann", "user", kTestPassword);
  std::unique_ptr<TestConnection> attacker = TestConnection::Open(server->port());
  ASSERT_NE(attacker, nullptr);
  for (int i = 0; i < 12; ++i) {
    const std::string address = Numbered("203.0.113.", i / 2);
    std::optional<HttpReply> reply = LoginOn(*attacker, "ann", "guess", address);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->status, 401) << "attempt " << i << ": " << reply->body;
  }
  const std::chrono::milliseconds took = OwnerLogin(*server);
  EXPECT_GE(took, 1000ms);  // slowed: 12 failures are past 4
  EXPECT_LT(took, 5000ms);  // but bounded by --login-max-delay-ms
}

// Finding 5: X-Forwarded-For from a peer that is not a trusted proxy is ignored: varying
// it does not escape the per-address limit.
TEST(ApiAbuseTest, AnUntrustedPeersForwardedForIsIgnored) {
  auto server =
      ApiServer::Start({"--trusted-proxy", "10.0.0.0/8", "--max-login-failures-per-address", "5"});
  ASSERT_NE(server, nullptr);
  AddUser(server->data_dir(), "ann", "user", kTestPassword);
  std::unique_ptr<TestConnection> client = TestConnection::Open(server->port());
  ASSERT_NE(client, nullptr);
  for (int i = 0; i < 5; ++i) {
    std::optional<HttpReply> reply =
        LoginOn(*client, Numbered("guess", i), "wrong password", Numbered("198.51.100.", i));
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->status, 401);
  }
  std::optional<HttpReply> limited = LoginOn(*client, "ann", kTestPassword, "198.51.100.99");
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(limited->status, 429) << limited->body;
  EXPECT_NE(limited->body.find("--max-login-failures-per-address"), std::string::npos);
}

TEST(ApiAbuseTest, ABadTrustedProxyIsAUsageError) {
  std::optional<CommandResult> run =
      RunAppvaultd({"serve", "--listen", "127.0.0.1:0", "--data", "/nonexistent-never-used",
                    "--trusted-proxy", "10.0.0.0/99"});
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->status.code, 2);
  EXPECT_NE(run->err.find("10.0.0.0/99"), std::string::npos) << run->err;
}

}  // namespace
}  // namespace appvault::test
