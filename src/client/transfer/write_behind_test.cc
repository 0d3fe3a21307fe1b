// WriteBehind: buffers go through every stage in order and whole, a stage sees a buffer only
// after the stages before it, an error stops what follows and is told once, and the buffers
// handed out are aligned.
#include "client/transfer/write_behind.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
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

TEST(WriteBehindTest, BuffersGoThroughEveryStageInOrderAndWhole) {
  std::string first, second;
  std::atomic<int> first_done{0};
  int second_done = 0;
  bool second_before_first = false;
  WriteBehind writer({[&](std::string_view bytes) {
                        first.append(bytes);
                        first += '|';
                        ++first_done;
                        return Status::Ok();
                      },
                      [&](std::string_view bytes) {
                        if (first_done.load() <= second_done) second_before_first = true;
                        ++second_done;
                        second.append(bytes);
                        second += '|';
                        return Status::Ok();
                      }},
                     kSize, 3);
  std::string expected;
  for (int i = 0; i < 60; ++i) {  // far more than in flight: Submit waits for room
    const std::string text =
        std::string(static_cast<std::size_t>(i % 7) * 1000, static_cast<char>('a' + i % 26)) +
        std::to_string(i);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(writer.buffer()) % WriteBehind::kAlignment, 0u);
    Submit(writer, text);
    expected += text + '|';
  }
  ASSERT_TRUE(writer.Drain().ok());
  EXPECT_EQ(first, expected);
  EXPECT_EQ(second, expected);
  EXPECT_FALSE(second_before_first);
  EXPECT_FALSE(writer.failed());
}

// The first stage fails on the third buffer: the second stage gets exactly the two before it;
// the rest is dropped; the error is told once, and then the writer goes on.
TEST(WriteBehindTest, AnErrorDropsWhatFollowsAndIsToldOnce) {
  std::string first, second;
  int calls = 0;
  WriteBehind writer({[&](std::string_view bytes) {
                        if (++calls == 3) return Status(StatusCode::kUnavailable, "disk full");
                        first.append(bytes);
                        return Status::Ok();
                      },
                      [&](std::string_view bytes) {
                        second.append(bytes);
                        return Status::Ok();
                      }},
                     kSize, 1);
  for (const char* text : {"one ", "two ", "three ", "four ", "five "})
    Submit(writer, text);
  Status drained = writer.Drain();
  EXPECT_EQ(drained.code(), StatusCode::kUnavailable);
  EXPECT_EQ(drained.message(), "disk full");
  EXPECT_EQ(first, "one two ");
  EXPECT_EQ(second, "one two ");
  EXPECT_EQ(calls, 3);
  EXPECT_FALSE(writer.failed());
  Submit(writer, "six");
  ASSERT_TRUE(writer.Drain().ok());
  EXPECT_EQ(second, "one two six");
}

// A later stage's failure: that stage takes nothing after the failed buffer (the first stage
// may have taken a few more).
TEST(WriteBehindTest, ALaterStagesErrorStopsThatStage) {
  std::string second;
  int calls = 0;
  WriteBehind writer({[](std::string_view) { return Status::Ok(); },
                      [&](std::string_view bytes) {
                        if (++calls == 2) return Status(StatusCode::kInternal, "hash");
                        second.append(bytes);
                        return Status::Ok();
                      }},
                     kSize, 4);
  for (const char* text : {"a", "b", "c", "d", "e", "f"})
    Submit(writer, text);
  EXPECT_EQ(writer.Drain().code(), StatusCode::kInternal);
  EXPECT_EQ(second, "a");
  EXPECT_EQ(calls, 2);
}

TEST(WriteBehindTest, FailedIsSeenBeforeDrain) {
  WriteBehind writer({[](std::string_view) { return Status(StatusCode::kUnavailable, "no"); }},
                     kSize, 1);
  Submit(writer, "x");
  Submit(writer, "y");  // waits until "x" is through
  for (int i = 0; i < 1000 && !writer.failed(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_TRUE(writer.failed());
  EXPECT_FALSE(writer.Drain().ok());
}

}  // namespace
}  // namespace appvault::client::transfer
