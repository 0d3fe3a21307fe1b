// ReplyCache: an answer is served again only to the same session asking the same thing,
// while the store is unchanged and the session lasts; memory stays within its budget.
#include "server/api/reply_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace appvault::server::api {
namespace {

namespace http = boost::beast::http;

Sha256 Token(std::uint8_t n) {
  Sha256::Bytes bytes{};
  bytes[0] = n;
  return Sha256(bytes);
}

Reply Answer(const std::string& body, http::status status = http::status::ok) {
  Response response(status, 11);
  response.set(http::field::content_type, "application/json");
  response.body() = body;
  Reply reply(std::move(response));
  reply.log_user = "ann";
  return reply;
}

const std::string kPlan = ReplyCache::Key("POST", "/v1/restore-plans", R"({"device_id":"d1"})");
constexpr std::int64_t kNow = 1000;
constexpr std::int64_t kExpires = 2000;

TEST(ReplyCacheTest, TheSameQuestionGetsTheKeptAnswer) {
  ReplyCache cache(1 << 20);
  cache.Store({Token(1), kPlan}, {7, kExpires}, Answer("{\"items\":[]}"));
  std::optional<Reply> found = cache.Find({Token(1), kPlan}, 7, kNow);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->result(), http::status::ok);
  EXPECT_EQ(found->body(), "{\"items\":[]}");
  EXPECT_EQ((*found)[http::field::content_type], "application/json");
  EXPECT_EQ(found->log_user, "ann");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ReplyCacheTest, AnotherSessionOrRequestIsNotAnswered) {
  ReplyCache cache(1 << 20);
  cache.Store({Token(1), kPlan}, {7, kExpires}, Answer("{}"));
  EXPECT_FALSE(cache.Find({Token(2), kPlan}, 7, kNow).has_value());
  const std::string other_body =
      ReplyCache::Key("POST", "/v1/restore-plans", R"({"device_id":"d2"})");
  EXPECT_FALSE(cache.Find({Token(1), other_body}, 7, kNow).has_value());
  const std::string other_target =
      ReplyCache::Key("POST", "/v1/restore-plans?x", R"({"device_id":"d1"})");
  EXPECT_FALSE(cache.Find({Token(1), other_target}, 7, kNow).has_value());
  EXPECT_TRUE(cache.Find({Token(1), kPlan}, 7, kNow).has_value());
}

TEST(ReplyCacheTest, AChangeToTheStoreOrAnExpiredSessionEndsTheEntry) {
  ReplyCache cache(1 << 20);
  cache.Store({Token(1), kPlan}, {7, kExpires}, Answer("{}"));
  EXPECT_FALSE(cache.Find({Token(1), kPlan}, 8, kNow).has_value());
  EXPECT_EQ(cache.size(), 0u);  // a stale entry is dropped when found
  EXPECT_FALSE(cache.Find({Token(1), kPlan}, 7, kNow).has_value());

  cache.Store({Token(1), kPlan}, {7, kExpires}, Answer("{}"));
  EXPECT_TRUE(cache.Find({Token(1), kPlan}, 7, kExpires - 1).has_value());
  EXPECT_FALSE(cache.Find({Token(1), kPlan}, 7, kExpires).has_value());
}

TEST(ReplyCacheTest, OnlyOkAnswersWithinTheSizeLimitAreKept) {
  ReplyCache cache(64 << 10);
  cache.Store({Token(1), kPlan}, {7, kExpires}, Answer("{}", http::status::not_found));
  EXPECT_FALSE(cache.Find({Token(1), kPlan}, 7, kNow).has_value());
  cache.Store({Token(1), kPlan}, {7, kExpires}, Answer(std::string(4 << 10, 'x')));
  EXPECT_FALSE(cache.Find({Token(1), kPlan}, 7, kNow).has_value());  // over 64 KiB / 16
  cache.Store({Token(1), kPlan}, {7, kExpires}, Answer(std::string(2 << 10, 'x')));
  EXPECT_TRUE(cache.Find({Token(1), kPlan}, 7, kNow).has_value());

  ReplyCache off(0);
  off.Store({Token(1), kPlan}, {7, kExpires}, Answer("{}"));
  EXPECT_FALSE(off.Find({Token(1), kPlan}, 7, kNow).has_value());
  EXPECT_EQ(off.bytes(), 0u);
}

TEST(ReplyCacheTest, TheBudgetHoldsStaleEntriesGoFirstThenTheOldest) {
  const std::size_t budget = 64 << 10;
  ReplyCache cache(budget);
  const std::string body(3000, 'x');
  // Tokens 0..9 at change count 1, then 10..39 at change count 2: the stale ten go first.
  for (std::uint8_t n = 0; n < 40; ++n)
    cache.Store({Token(n), kPlan}, {n < 10 ? 1u : 2u, kExpires}, Answer(body));
  EXPECT_LE(cache.bytes(), budget);
  EXPECT_LT(cache.size(), 30u);
  for (std::uint8_t n = 0; n < 10; ++n)
    EXPECT_FALSE(cache.Find({Token(n), kPlan}, 1, kNow).has_value()) << int(n);
  EXPECT_TRUE(cache.Find({Token(39), kPlan}, 2, kNow).has_value());
  EXPECT_FALSE(cache.Find({Token(10), kPlan}, 2, kNow).has_value());  // the oldest current
  // Storing the same question again replaces the entry: the count does not grow.
  const std::size_t size = cache.size();
  cache.Store({Token(39), kPlan}, {2, kExpires}, Answer("{}"));
  EXPECT_EQ(cache.size(), size);
  EXPECT_EQ(cache.Find({Token(39), kPlan}, 2, kNow)->body(), "{}");
}

}  // namespace
}  // namespace appvault::server::api
