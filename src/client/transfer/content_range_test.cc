#include "client/transfer/content_range.h"

#include <gtest/gtest.h>

namespace appvault::client::transfer {
namespace {

TEST(ContentRangeTest, ReadsASlice) {
  std::optional<ContentRange> range = ParseContentRange(" bytes 100-199/200\r\n");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first, 100u);
  EXPECT_EQ(range->last, 199u);
  EXPECT_EQ(range->complete, 200u);
  range = ParseContentRange("bytes 0-0/1");
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->complete, 1u);
}

TEST(ContentRangeTest, RefusesWhatIsNotOneKnownSlice) {
  for (const char* bad :
       {"", "bytes", "bytes */200", "bytes 0-9/*", "items 0-9/10", "bytes 10-9/20", "bytes 0-20/20",
        "bytes -1-9/20", "bytes 0-9/99999999999999999999999", "bytes 0-9", "bytes 0/9-10",
        "bytes a-9/10", "bytes 0-9/10x"}) {
    EXPECT_FALSE(ParseContentRange(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace appvault::client::transfer
