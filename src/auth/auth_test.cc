#include <gtest/gtest.h>

#include <set>

#include "auth/password.h"
#include "auth/rate_limiter.h"
#include "auth/token.h"

namespace appvault::auth {
namespace {

TEST(PasswordTest, HashVerifies) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  // OWASP minimum: m=19456 KiB, t=2.
  EXPECT_NE(hash->find("m=19456,t=2"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
}

TEST(PasswordTest, SaltedSoHashesDiffer) {
  EXPECT_NE(*HashPassword("same password"), *HashPassword("same password"));
}

TEST(PasswordTest, Rules) {
  EXPECT_TRUE(ValidatePassword("12345678").ok());
  EXPECT_FALSE(ValidatePassword("1234567").ok());
  EXPECT_FALSE(ValidatePassword(std::string(1025, 'x')).ok());
  EXPECT_TRUE(ValidateUsername("alice").ok());
  EXPECT_TRUE(ValidateUsername("a.b_c-1").ok());
  for (const char* bad : {"al", "Alice", "-alice", "al ice", "al/ice", ""}) {
    EXPECT_FALSE(ValidateUsername(bad).ok()) << bad;
  }
  EXPECT_FALSE(ValidateUsername(std::string(65, 'a')).ok());
}

TEST(TokenTest, RandomAndHashed) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    IssuedToken t = NewToken();
    EXPECT_EQ(t.token.size(), 64u);
    EXPECT_EQ(t.hash, HashToken(t.token));
    EXPECT_NE(t.hash.Hex(), t.token);
    seen.insert(t.token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_EQ(RandomHex(8).size(), 16u);
}

TEST(RateLimiterTest, BlocksAfterMaxFailuresInWindow) {
  RateLimiter limiter(RateLimit{3, 60, 100});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.Allowed("alice", 1000 + i));
    limiter.RecordFailure("alice", 1000 + i);
  }
  EXPECT_FALSE(limiter.Allowed("alice", 1003));
  EXPECT_EQ(limiter.RetryAfter("alice", 1003), 57);
  EXPECT_TRUE(limiter.Allowed("bob", 1003));    // per key
  EXPECT_TRUE(limiter.Allowed("alice", 1060));  // the first failure left the window
  limiter.Reset("alice");
  EXPECT_TRUE(limiter.Allowed("alice", 1003));
}

TEST(RateLimiterTest, ForgetsOldestKeysPastTheBound) {
  RateLimiter limiter(RateLimit{1, 60, 2});
  limiter.RecordFailure("a", 0);
  limiter.RecordFailure("b", 0);
  limiter.RecordFailure("c", 0);
  EXPECT_TRUE(limiter.Allowed("a", 1));
  EXPECT_FALSE(limiter.Allowed("c", 1));
}

}  // namespace
}  // namespace appvault::auth
