#include <gtest/gtest.h>

#include <set>

#include "auth/hash_slots.h"
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

namespace appvault::auth {
namespace {

TEST(RateLimiterTest, TryRecordLetsExactlyTheLimitThrough) {
  RateLimiter limiter(RateLimit{3, 3600, 100});
  EXPECT_EQ(limiter.TryRecord("a", 1000), 0);
  EXPECT_EQ(limiter.TryRecord("a", 1001), 0);
  EXPECT_EQ(limiter.TryRecord("a", 1002), 0);
  EXPECT_EQ(limiter.TryRecord("a", 1003), 1000 + 3600 - 1003);  // refused, not recorded
  EXPECT_EQ(limiter.Count("a", 1003), 3u);
  EXPECT_EQ(limiter.TryRecord("b", 1003), 0);
  EXPECT_EQ(limiter.TryRecord("a", 4600), 0);  // the first has left the window
}

TEST(RateLimiterTest, ZeroAllowsNothing) {
  RateLimiter limiter(RateLimit{0, 60, 100});
  EXPECT_GT(limiter.TryRecord("a", 1), 0);
}

// Finding 4 of issue 14: the argon2id hashes at once are bounded, and registrations can
// never take the slots logins need.
TEST(PasswordHashSlotsTest, RegistrationsHoldAtMostHalfAndEverySlotComesBack) {
  PasswordHashSlots slots(4);
  using Purpose = PasswordHashSlots::Purpose;
  std::shared_ptr<void> r1 = slots.TryAcquire(Purpose::kRegistration);
  std::shared_ptr<void> r2 = slots.TryAcquire(Purpose::kRegistration);
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(slots.TryAcquire(Purpose::kRegistration), nullptr);
  std::shared_ptr<void> l1 = slots.TryAcquire(Purpose::kLogin);
  std::shared_ptr<void> l2 = slots.TryAcquire(Purpose::kLogin);
  ASSERT_TRUE(l1 && l2);
  EXPECT_EQ(slots.TryAcquire(Purpose::kLogin), nullptr);
  r1.reset();
  EXPECT_NE(slots.TryAcquire(Purpose::kRegistration), nullptr);  // given back at once
  PasswordHashSlots one(1);
  std::shared_ptr<void> only = one.TryAcquire(Purpose::kRegistration);
  EXPECT_NE(only, nullptr);
  EXPECT_EQ(one.TryAcquire(Purpose::kLogin), nullptr);
}

}  // namespace
}  // namespace appvault::auth
