// TerminalSafe: no control character of server text reaches a terminal.
#include "client/cli/terminal_text.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace appvault::client::cli {
namespace {

TEST(TerminalSafeTest, EscapesEveryC0ControlAndDel) {
  for (int byte = 0; byte < 0x20; ++byte) {
    std::string text = "a";  // appended piecewise: GCC 12 -Wrestrict misfires on "a" + s
    text += static_cast<char>(byte);
    text += 'b';
    std::string safe = TerminalSafe(text);
    char expected[8];
    std::snprintf(expected, sizeof expected, "a\\x%02xb", byte);
    EXPECT_EQ(safe, expected) << byte;
  }
  EXPECT_EQ(TerminalSafe("\x7f"), "\\x7f");
}

TEST(TerminalSafeTest, EscapesAnsiSequencesAndC1Controls) {
  // ESC [ 2 J (clear screen), an OSC title change ended by BEL, and CSI as the C1 U+009B.
  EXPECT_EQ(TerminalSafe("Notes\x1b[2J"), "Notes\\x1b[2J");
  EXPECT_EQ(TerminalSafe("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
  EXPECT_EQ(TerminalSafe("x\xc2\x9b"
                         "31m"),
            "x\\u009b31m");
}

TEST(TerminalSafeTest, KeepsPrintableUtf8) {
  EXPECT_EQ(TerminalSafe("Café — 記事 \xc2\xa9"), "Café — 記事 \xc2\xa9");
  EXPECT_EQ(TerminalSafe("plain text 123"), "plain text 123");
}

}  // namespace
}  // namespace appvault::client::cli
