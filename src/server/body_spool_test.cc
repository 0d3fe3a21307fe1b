#include "server/body_spool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "server/body_reader.h"
#include "server/router.h"
#include "support/temp_dir.h"

namespace appvault::server {
namespace {

namespace http = boost::beast::http;

// Reads `reader` to its end (or first error) in pieces of `step` bytes.
Result<std::string> ReadAll(BodyReader& reader, std::size_t step = 7) {
  std::string all;
  std::vector<char> buffer(step);
  while (true) {
    Result<std::size_t> got = reader.Read(buffer.data(), buffer.size());
    if (!got.ok()) return got.status();
    if (*got == 0) return all;
    all.append(buffer.data(), *got);
  }
}

TEST(StringBodyReaderTest, ReadsEverythingThenZero) {
  StringBodyReader reader("hello world", 100);
  EXPECT_EQ(reader.content_length(), 11u);
  Result<std::string> all = ReadAll(reader, 4);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, "hello world");
}

TEST(StringBodyReaderTest, OverTheLimitIsPayloadTooLarge) {
  StringBodyReader reader("hello world", 5);
  Result<std::string> all = ReadAll(reader);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), StatusCode::kPayloadTooLarge);
}

TEST(BodySpoolTest, AppendedBytesReadBackInOrderAndLeaveNoFile) {
  const appvault::test::TempDir tmp("spool-test");
  const std::filesystem::path& dir = tmp.path();
  {
    Result<BodySpool> spool = BodySpool::Create(dir.string(), std::nullopt);
    ASSERT_TRUE(spool.ok()) << spool.status().ToString();
    ASSERT_TRUE(spool->Append("hello ").ok());
    ASSERT_TRUE(spool->Append(std::string(100000, 'x')).ok());
    EXPECT_EQ(spool->size(), 100006u);
    EXPECT_EQ(spool->content_length(), std::nullopt);
    Result<std::string> all = ReadAll(*spool, 4096);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, "hello " + std::string(100000, 'x'));
    // Anonymous: nothing in the folder even while it is open.
    EXPECT_TRUE(std::filesystem::is_empty(dir));
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(BodySpoolTest, AMissingFolderIsUnavailableNamingIt) {
  Result<BodySpool> spool = BodySpool::Create("/nonexistent/spool", 10);
  ASSERT_FALSE(spool.ok());
  EXPECT_EQ(spool.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(spool.status().message().find("/nonexistent/spool"), std::string::npos);
}

TEST(RouterStreamingTest, DispatchRunsTheGateFirst) {
  Router router;
  bool ran = false;
  router.AddStreaming(
      http::verb::post, "/upload",
      [&ran](const Request&, BodyReader&) -> Reply {
        ran = true;
        return Response(http::status::ok, 11);
      },
      8,
      [](const Request& head) {
        if (!head.Header(http::field::authorization).empty()) return UploadAdmission{};
        return UploadAdmission{ErrorResponse(Status(StatusCode::kUnauthenticated, "who?")), {}};
      });
  Request anonymous(HttpRequest(http::verb::post, "/upload", 11, "1234"));
  EXPECT_EQ(router.Dispatch(anonymous).result(), http::status::unauthorized);
  EXPECT_FALSE(ran);
  Request signed_in(HttpRequest(http::verb::post, "/upload", 11, "1234"));
  signed_in.message.set(http::field::authorization, "Bearer t");
  EXPECT_EQ(router.Dispatch(signed_in).result(), http::status::ok);
  EXPECT_TRUE(ran);
}

TEST(RouterStreamingTest, DispatchFeedsTheBodyThroughAReader) {
  Router router;
  router.AddStreaming(
      http::verb::post, "/upload/{name}",
      [](const Request& head, BodyReader& body) -> Reply {
        Result<std::string> all = ReadAll(body);
        if (!all.ok()) return ErrorResponse(all.status());
        Response response(http::status::ok, 11);
        response.body() = std::string(head.Param("name")) + ":" + *all + ":" +
                          std::to_string(head.message.body().size());
        return response;
      },
      8);
  Request fits(HttpRequest(http::verb::post, "/upload/a", 11, "12345678"));
  EXPECT_EQ(router.Dispatch(fits).body(), "a:12345678:0");
  Request too_big(HttpRequest(http::verb::post, "/upload/b", 11, "123456789"));
  EXPECT_EQ(router.Dispatch(too_big).result(), http::status::payload_too_large);
}

TEST(RouterStreamingTest, ResolveTellsStreamingRoutesAndPatterns) {
  Router router;
  router.AddStreaming(
      http::verb::post, "/v1/blobs", [](const Request&, BodyReader&) -> Reply { return {}; },
      1 << 30);
  router.Add(http::verb::get, "/v1/blobs/{sha256}", [](const Request&) -> Reply { return {}; });
  Request post(HttpRequest(http::verb::post, "/v1/blobs", 11));
  Router::Match upload = router.Resolve(post);
  ASSERT_NE(upload.route, nullptr);
  EXPECT_TRUE(upload.route->streaming());
  EXPECT_EQ(upload.route->body_limit, 1u << 30);
  Request get(HttpRequest(http::verb::get, "/v1/blobs/abc", 11));
  Router::Match download = router.Resolve(get);
  ASSERT_NE(download.route, nullptr);
  EXPECT_FALSE(download.route->streaming());
  EXPECT_EQ(download.pattern(), "/v1/blobs/{sha256}");
  EXPECT_EQ(get.Param("sha256"), "abc");
  Request other(HttpRequest(http::verb::get, "/nowhere", 11));
  Router::Match none = router.Resolve(other);
  EXPECT_EQ(none.route, nullptr);
  ASSERT_TRUE(none.refusal.has_value());
  EXPECT_EQ(none.refusal->result(), http::status::not_found);
  EXPECT_EQ(none.pattern(), kUnmatchedRoute);
}

}  // namespace
}  // namespace appvault::server
