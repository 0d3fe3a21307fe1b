// WriteBehind: buffers reach the sink in order and whole, an error stops what follows and is
// told once, and the buffers handed out are aligned and reused.
#include "client/transfer/write_behind.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace appvault::client::transfer {
namespace {

constexpr std::size_t kSize = 2 * WriteBehind::kAlignment;

// Fills the buffer with `text` and submits it.
void Submit(WriteBehind& writer, const std::string& text) {
  ASSERT_LE(text.size(), writer.buffer_size());
  std::memcpy(writer.buffer(), text.data(), text.size());
  ASSERT_TRUE(writer.Submit(text.size()).ok());
}

TEST(WriteBehindTest, BuffersReachTheSinkInOrderAndWhole) {
  std::string sunk;
  WriteBehind writer(
      [&](std::string_view bytes) {
        sunk.append(bytes);
        sunk += '|';
        return Status::Ok();
      },
      kSize, 2);
  std::string expected;
  for (int i = 0; i < 50; ++i) {  // far more than in flight: Submit waits for room
    const std::string text =
        std::string(static_cast<std::size_t>(i % 7) * 1000, 'a' + i % 26) + std::to_string(i);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(writer.buffer()) % WriteBehind::kAlignment, 0u);
    Submit(writer, text);
    expected += text + '|';
  }
  ASSERT_TRUE(writer.Drain().ok());
  EXPECT_EQ(sunk, expected);
  EXPECT_FALSE(writer.failed());
}

TEST(WriteBehindTest, AnErrorDropsWhatFollowsAndIsToldOnce) {
  std::string sunk;
  int calls = 0;
  WriteBehind writer(
      [&](std::string_view bytes) {
        if (++calls == 3) return Status(StatusCode::kUnavailable, "disk full");
        sunk.append(bytes);
        return Status::Ok();
      },
      kSize, 1);
  for (const char* text : {"one ", "two ", "three ", "four ", "five "})
    Submit(writer, text);
  Status drained = writer.Drain();
  EXPECT_EQ(drained.code(), StatusCode::kUnavailable);
  EXPECT_EQ(drained.message(), "disk full");
  EXPECT_EQ(sunk, "one two ");  // the third failed; the fourth and fifth were dropped
  EXPECT_EQ(calls, 3);
  EXPECT_FALSE(writer.failed());
  // After the error is told, the writer goes on.
  Submit(writer, "six");
  ASSERT_TRUE(writer.Drain().ok());
  EXPECT_EQ(sunk, "one two six");
}

TEST(WriteBehindTest, FailedIsSeenBeforeDrain) {
  WriteBehind writer([](std::string_view) { return Status(StatusCode::kUnavailable, "no"); }, kSize,
                     1);
  Submit(writer, "x");
  Submit(writer, "y");  // waits until "x" has been through the sink
  for (int i = 0; i < 1000 && !writer.failed(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_TRUE(writer.failed());
  EXPECT_FALSE(writer.Drain().ok());
}

}  // namespace
}  // namespace appvault::client::transfer
