#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "server/body_channel.h"
#include "server/body_reader.h"
#include "server/router.h"

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

std::vector<char> Bytes(std::string_view text) {
  return std::vector<char>(text.begin(), text.end());
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

TEST(BodyChannelTest, PiecesArriveInOrderThenTheEnd) {
  std::atomic<int> wakes{0};
  BodyChannel channel(std::nullopt, [&wakes] { ++wakes; });
  EXPECT_FALSE(channel.Requested());
  std::thread producer([&channel] {
    for (std::string_view piece : {"abc", "defgh", "ij"}) {
      while (!channel.WantsMore())
        std::this_thread::yield();
      channel.Push(Bytes(piece));
    }
    channel.Finish(Status::Ok());
  });
  Result<std::string> all = ReadAll(channel, 2);
  producer.join();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(*all, "abcdefghij");
  EXPECT_TRUE(channel.Requested());
  EXPECT_GE(wakes.load(), 4);  // the first Read, then each used-up piece
  EXPECT_EQ(channel.content_length(), std::nullopt);
}

TEST(BodyChannelTest, QueueIsBounded) {
  BodyChannel channel(10, [] {});
  for (std::size_t i = 0; i < BodyChannel::kMaxQueued; ++i) {
    ASSERT_TRUE(channel.WantsMore());
    channel.Push(Bytes("x"));
  }
  EXPECT_FALSE(channel.WantsMore());
  char byte;
  ASSERT_TRUE(channel.Read(&byte, 1).ok());
  EXPECT_TRUE(channel.WantsMore());
}

TEST(BodyChannelTest, ErrorComesAfterTheQueuedBytesAndStays) {
  BodyChannel channel(100, [] {});
  channel.Push(Bytes("abc"));
  channel.Finish(Status(StatusCode::kUnavailable, "peer gone"));
  char buffer[8];
  Result<std::size_t> first = channel.Read(buffer, sizeof buffer);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 3u);
  for (int i = 0; i < 2; ++i) {
    Result<std::size_t> next = channel.Read(buffer, sizeof buffer);
    ASSERT_FALSE(next.ok());
    EXPECT_EQ(next.status().code(), StatusCode::kUnavailable);
  }
}

TEST(BodyChannelTest, AbandonedChannelDropsPushes) {
  BodyChannel channel(100, [] {});
  channel.Push(Bytes("abc"));
  channel.Abandon();
  EXPECT_FALSE(channel.WantsMore());
  channel.Push(Bytes("def"));  // dropped, no growth
  channel.Finish(Status::Ok());
  char buffer[8];
  Result<std::size_t> got = channel.Read(buffer, sizeof buffer);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, 0u);
}

TEST(BodyChannelTest, BuffersAreRecycled) {
  BodyChannel channel(100, [] {});
  std::vector<char> piece = channel.TakeBuffer();
  EXPECT_GE(piece.capacity(), BodyChannel::kPieceSize);
  piece.assign(3, 'x');
  const char* storage = piece.data();
  channel.Push(std::move(piece));
  char buffer[8];
  ASSERT_TRUE(channel.Read(buffer, sizeof buffer).ok());
  std::vector<char> again = channel.TakeBuffer();
  EXPECT_EQ(again.data(), storage);
  EXPECT_TRUE(again.empty());
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
