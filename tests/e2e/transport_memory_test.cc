// A large streaming upload does not grow the server's memory: the body goes through a few
// 64 KiB pieces, never held whole. Its own binary, so nothing else moves the numbers.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "e2e/http_client.h"
#include "e2e/transport_test_util.h"

namespace appvault::server {
namespace {

using namespace std::chrono_literals;
namespace http = boost::beast::http;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan's allocator and shadow memory distort RSS
constexpr std::uint64_t kUpload = 256ull << 20;
#else
constexpr bool kSanitized = false;
constexpr std::uint64_t kUpload = 1ull << 30;
#endif

// A field of /proc/self/status, in KiB ("VmRSS", "VmHWM").
long StatusKib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// Resets VmHWM (the peak) to the current RSS; false where the kernel does not allow it.
bool ResetPeak() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

TEST(UploadMemoryTest, OneGigabyteUploadKeepsRssGrowthUnder32Megabytes) {
  std::atomic<std::uint64_t> counted{0};
  Router router;
  router.AddStreaming(
      http::verb::post, "/count",
      [&counted](const Request&, BodyReader& body) -> Reply {
        std::vector<char> buffer(64 * 1024);
        while (true) {
          Result<std::size_t> got = body.Read(buffer.data(), buffer.size());
          if (!got.ok()) return ErrorResponse(got.status());
          if (*got == 0) break;
          counted += *got;
        }
        return Response(http::status::no_content, 11);
      },
      2ull << 30);
  std::unique_ptr<HttpServer> server = test::StartTestServer(test::LoopbackOptions(), router);
  ASSERT_NE(server, nullptr);
  std::string piece = test::PseudoRandomBytes(1 << 20, 5);
  std::unique_ptr<test::TestConnection> connection =
      test::TestConnection::Open(server->endpoint().port());
  ASSERT_NE(connection, nullptr);

  bool peak_reset = ResetPeak();
  long before = StatusKib("VmRSS");
  ASSERT_TRUE(connection->Send("POST /count HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                               std::to_string(kUpload) + "\r\n\r\n"));
  for (std::uint64_t sent = 0; sent < kUpload; sent += piece.size()) {
    ASSERT_TRUE(connection->Send(piece, 60s));
  }
  std::optional<test::HttpReply> reply = connection->ReadReply(60s);
  long peak = peak_reset ? StatusKib("VmHWM") : StatusKib("VmRSS");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 204);
  EXPECT_EQ(counted.load(), kUpload);
  long growth_kib = peak - before;
  std::printf("upload of %llu MiB: RSS %ld KiB before, peak %ld KiB (growth %ld KiB)\n",
              static_cast<unsigned long long>(kUpload >> 20), before, peak, growth_kib);
  if (!kSanitized) {
    EXPECT_LT(growth_kib, 32 * 1024);
  }
}

}  // namespace
}  // namespace appvault::server
