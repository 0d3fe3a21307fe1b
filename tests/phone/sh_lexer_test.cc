#include "phone/sh_lexer.h"

#include <gtest/gtest.h>

namespace appvault::phone {
namespace {

std::vector<std::string> Words(const std::string& line) {
  auto items = ParseShellLine(line);
  EXPECT_TRUE(items.ok()) << items.status().ToString();
  if (!items.ok() || items->size() != 1) return {"<not one command>"};
  return (*items)[0].command.argv;
}

TEST(ShLexer, QuotesAsMkshReadsThem) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Words("pm 'install' -S 123"), (V{"pm", "install", "-S", "123"}));
  EXPECT_EQ(Words(R"(echo 'a b' "c d" e\ f)"), (V{"echo", "a b", "c d", "e f"}));
  EXPECT_EQ(Words(R"(echo 'it'\''s')"), (V{"echo", "it's"}));
  EXPECT_EQ(Words(R"(echo "a\"b\\c\d")"), (V{"echo", "a\"b\\c\\d"}));
  EXPECT_EQ(Words(R"(echo '' x)"), (V{"echo", "", "x"}));
  EXPECT_EQ(Words("echo 'a;b' \"c&&d\""), (V{"echo", "a;b", "c&&d"}));
}

TEST(ShLexer, ListsAndRedirections) {
  auto items =
      ParseShellLine("rm '/data/local/tmp/x y.apk' </dev/null; false || echo no && echo 2>&1");
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 4u);
  EXPECT_EQ((*items)[0].command.argv, (std::vector<std::string>{"rm", "/data/local/tmp/x y.apk"}));
  ASSERT_EQ((*items)[0].command.redirects.size(), 1u);
  EXPECT_EQ((*items)[0].command.redirects[0].kind, Redirect::Kind::kInput);
  EXPECT_EQ((*items)[0].command.redirects[0].target, "/dev/null");
  EXPECT_EQ((*items)[2].joiner, Joiner::kIfFailure);
  EXPECT_EQ((*items)[3].joiner, Joiner::kIfSuccess);
  EXPECT_EQ((*items)[3].command.redirects[0].kind, Redirect::Kind::kDuplicate);
  EXPECT_EQ((*items)[3].command.redirects[0].fd, 2);
}

TEST(ShLexer, AnInjectedSemicolonIsTwoCommandsOnlyWhenUnquoted) {
  auto quoted = ParseShellLine("pm path 'a;rm -rf /'");
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->size(), 1u);
  auto bare = ParseShellLine("pm path a;rm x");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->size(), 2u);
}

TEST(ShLexer, RefusesWhatItDoesNotEmulate) {
  for (const char* line : {"ls | cat", "sleep 1 &", "echo $HOME", "echo `id`", "echo \"$x\"",
                           "(ls)", "echo 'open", "echo \"open", "&& ls", "ls >", "; ls"}) {
    EXPECT_FALSE(ParseShellLine(line).ok()) << line;
  }
}

TEST(ShLexer, QuoteShellWordRoundTrips) {
  for (std::string w : {"plain", "a b", "it's", "a;b", "\"x\"", "back\\slash", ""}) {
    EXPECT_EQ(Words("echo " + QuoteShellWord(w)), (std::vector<std::string>{"echo", w})) << w;
  }
}

}  // namespace
}  // namespace appvault::phone
