// File replies: a 10 MB file served with ServeBlob (sendfile on plain TCP): whole, ranges,
// 416, 304, and clients that leave mid-download.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "e2e/http_client.h"
#include "e2e/transport_test_util.h"
#include "server/health_handler.h"
#include "server/metrics_handler.h"
#include "server/serve_blob.h"
#include "support/temp_dir.h"

namespace appvault::server {
namespace {

using namespace std::chrono_literals;
using test::HttpReply;
using test::TestConnection;
namespace http = boost::beast::http;

constexpr std::size_t kSize = 10 << 20;
constexpr const char* kTag = "0123abcd";

class DownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = test::PseudoRandomBytes(kSize, 7);
    file_ = test::WriteBlobFile(dir_.path() / "blob", data_);
    ASSERT_NE(file_, nullptr);
    big_ = test::WriteBlobFile(dir_.path() / "big", test::PseudoRandomBytes(64 << 20, 8));
    ASSERT_NE(big_, nullptr);
    metrics_ = std::make_shared<Metrics>();
    Router router;
    AddHealthRoutes(router);
    AddMetricsRoutes(router, metrics_);
    router.Add(http::verb::get, "/blobs/{name}", [this](const Request& request) {
      Reply reply = ServeBlob(request, request.Param("name") == "big" ? big_ : file_, kTag,
                              request.query != "mutable");
      reply.log_user = "alice";
      return reply;
    });
    // A file reply built by hand: bytes 10..19 of the file.
    router.Add(http::verb::get, "/slice", [this](const Request&) {
      return Reply::File(Response(http::status::ok, 11), file_, 10, 10);
    });
    HttpServerOptions options = test::LoopbackOptions();
    options.metrics = metrics_;
    server_ = test::StartTestServer(options, std::move(router));
    ASSERT_NE(server_, nullptr);
  }

  std::optional<HttpReply> Get(std::string_view target, std::string_view headers = "") {
    return test::Fetch(server_->endpoint().port(), "GET", target, headers);
  }

  test::TempDir dir_;
  std::string data_;
  std::shared_ptr<blob::BlobFile> file_;
  std::shared_ptr<blob::BlobFile> big_;
  std::shared_ptr<Metrics> metrics_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(DownloadTest, WholeFileWithCachingHeaders) {
  std::optional<HttpReply> reply = Get("/blobs/b");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body.size(), kSize);
  EXPECT_TRUE(reply->body == data_);
  EXPECT_EQ(reply->Header("Content-Length"), std::to_string(kSize));
  EXPECT_EQ(reply->Header("ETag"), "\"0123abcd\"");
  EXPECT_EQ(reply->Header("Accept-Ranges"), "bytes");
  EXPECT_EQ(reply->Header("Cache-Control"), "private, max-age=31536000, immutable");
  EXPECT_EQ(reply->Header("Content-Type"), "application/octet-stream");
}

TEST_F(DownloadTest, MutableFileIsRevalidated) {
  std::optional<HttpReply> reply = Get("/blobs/b?mutable");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->Header("Cache-Control"), "private, no-cache");
}

TEST_F(DownloadTest, OpenEndedRange) {
  std::optional<HttpReply> reply = Get("/blobs/b", "Range: bytes=100-\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 206);
  EXPECT_EQ(reply->Header("Content-Range"),
            "bytes 100-" + std::to_string(kSize - 1) + "/" + std::to_string(kSize));
  EXPECT_TRUE(reply->body == data_.substr(100));
}

TEST_F(DownloadTest, SuffixRange) {
  std::optional<HttpReply> reply = Get("/blobs/b", "Range: bytes=-500\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 206);
  EXPECT_EQ(reply->body, data_.substr(kSize - 500));
}

TEST_F(DownloadTest, RangePastTheEndIsClipped) {
  std::string header =
      "Range: bytes=" + std::to_string(kSize - 10) + "-" + std::to_string(kSize + 1000) + "\r\n";
  std::optional<HttpReply> reply = Get("/blobs/b", header);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 206);
  EXPECT_EQ(reply->body, data_.substr(kSize - 10));
  EXPECT_EQ(reply->Header("Content-Range"), "bytes " + std::to_string(kSize - 10) + "-" +
                                                std::to_string(kSize - 1) + "/" +
                                                std::to_string(kSize));
}

TEST_F(DownloadTest, UnsatisfiableRangeIs416) {
  std::optional<HttpReply> reply =
      Get("/blobs/b", "Range: bytes=" + std::to_string(kSize) + "-\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 416);
  EXPECT_EQ(reply->Header("Content-Range"), "bytes */" + std::to_string(kSize));
  EXPECT_EQ(nlohmann::json::parse(reply->body)["error"]["code"], "invalid_argument");
}

TEST_F(DownloadTest, SeveralRangesGetTheWholeFile) {
  std::optional<HttpReply> reply = Get("/blobs/b", "Range: bytes=0-1,5-6\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body.size(), kSize);
}

TEST_F(DownloadTest, IfRangeWithAnotherTagIgnoresTheRange) {
  std::optional<HttpReply> reply = Get("/blobs/b", "Range: bytes=0-9\r\nIf-Range: \"old\"\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  std::optional<HttpReply> same = Get("/blobs/b", "Range: bytes=0-9\r\nIf-Range: \"0123abcd\"\r\n");
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ(same->status, 206);
  EXPECT_EQ(same->body, data_.substr(0, 10));
}

TEST_F(DownloadTest, IfNoneMatchIs304WithoutBody) {
  std::optional<HttpReply> reply = Get("/blobs/b", "If-None-Match: \"x\", W/\"0123abcd\"\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 304);
  EXPECT_EQ(reply->body, "");
  EXPECT_EQ(reply->Header("ETag"), "\"0123abcd\"");
  std::optional<HttpReply> other = Get("/blobs/b", "If-None-Match: \"x\"\r\n");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->status, 200);
}

TEST_F(DownloadTest, HandMadeSliceAndKeepAlive) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(server_->endpoint().port());
  ASSERT_NE(connection, nullptr);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection->Send(test::RequestText("GET", i == 1 ? "/blobs/b" : "/slice")));
    std::optional<HttpReply> reply = connection->ReadReply(30s);
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->status, 200);
    EXPECT_TRUE(reply->body == (i == 1 ? data_ : data_.substr(10, 10)));
  }
}

// HEAD of a file reply: the GET's headers, Content-Length the file's, and not one byte of
// the file. The reply pipelined behind it starts right after the HEAD reply's headers (the
// test client reads its first 10 bytes as the HEAD reply's "body"), and a 10 MB file's HEAD
// over a connection that then closes is only a few hundred bytes in all.
TEST_F(DownloadTest, HeadSendsTheHeadersAndNoFileBytes) {
  const std::uint16_t port = server_->endpoint().port();
  std::optional<HttpReply> head = test::PipelinedHead(port, "/slice");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length"), "10");
  EXPECT_EQ(head->body, "HTTP/1.1 2");

  std::unique_ptr<TestConnection> whole = TestConnection::Open(port);
  ASSERT_NE(whole, nullptr);
  ASSERT_TRUE(whole->Send(test::RequestText("HEAD", "/blobs/b", "Connection: close\r\n")));
  EXPECT_FALSE(whole->ReceiveAtLeast(kSize));  // the server closes first
  EXPECT_GT(whole->buffered(), 100u);
  EXPECT_LT(whole->buffered(), 1000u);

  const std::string counted =
      "appvault_http_requests_total{route=\"/blobs/{name}\",method=\"HEAD\",status=\"200\"} 1\n";
  const std::string metrics = test::MetricsContaining(port, {counted});
  EXPECT_NE(metrics.find(counted), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\nappvault_blob_bytes_served_total 0\n"), std::string::npos) << metrics;
}

TEST_F(DownloadTest, ClientLeavingMidDownloadIsHarmless) {
  for (int i = 0; i < 3; ++i) {
    std::unique_ptr<TestConnection> connection = TestConnection::Open(server_->endpoint().port());
    ASSERT_NE(connection, nullptr);
    ASSERT_TRUE(connection->Send(test::RequestText("GET", "/blobs/big")));
    ASSERT_TRUE(connection->ReceiveAtLeast(100 * 1024));
  }  // each closed with most of the 64 MB unsent
  std::optional<HttpReply> health = Get("/healthz");
  ASSERT_TRUE(health.has_value());
  EXPECT_EQ(health->status, 200);
  auto start = std::chrono::steady_clock::now();
  server_->Stop();  // no connection is left hanging
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_LT(metrics_->Counter("appvault_blob_bytes_served_total", "").Value({}), 3.0 * (64 << 20));
}

TEST_F(DownloadTest, BytesServedAndTheRoutePatternAreCounted) {
  ASSERT_TRUE(Get("/blobs/b", "Range: bytes=-500\r\n").has_value());
  ASSERT_TRUE(Get("/slice").has_value());
  const std::vector<std::string> wanted = {
      "\nappvault_blob_bytes_served_total 510\n",
      "appvault_http_requests_total{route=\"/blobs/{name}\",method=\"GET\",status=\"206\"} 1\n"};
  const std::string metrics = test::MetricsContaining(server_->endpoint().port(), wanted);
  for (const std::string& one : wanted)
    EXPECT_NE(metrics.find(one), std::string::npos) << one << " not in\n" << metrics;
}

}  // namespace
}  // namespace appvault::server
