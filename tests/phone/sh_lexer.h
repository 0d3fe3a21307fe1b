// The part of Android's /system/bin/sh (mksh) that the phone emulator needs to read the
// command strings adb sends: words with single quotes, double quotes and backslashes as
// mksh reads them, lists joined by `;`, `&&`, `||` or newlines, and redirections of a file
// descriptor to or from a file (`<`, `>`, `>>`, `2>`, `2>&1`). Nothing is ever handed to a
// real shell. What mksh would do and the emulator does not (pipes, `$` expansions,
// backquotes, globbing, background jobs) is refused with an error naming it, never guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace appvault::phone {

struct Redirect {
  enum class Kind { kInput, kOutput, kAppend, kDuplicate };
  int fd = 1;  // the descriptor redirected (0 for `<`, 1 for `>` unless a number precedes)
  Kind kind = Kind::kOutput;
  std::string target;  // a path, or for kDuplicate the descriptor number ("1")
};

struct SimpleCommand {
  std::vector<std::string> argv;  // after quote removal; never empty
  std::vector<Redirect> redirects;
};

// How a command is joined to the one before it.
enum class Joiner { kAlways, kIfSuccess, kIfFailure };  // `;`, `&&`, `||`

struct ListItem {
  Joiner joiner = Joiner::kAlways;  // ignored for the first item
  SimpleCommand command;
};

// Splits a command line into its list of simple commands. An empty line (or only comments)
// gives an empty list. Errors: kInvalidArgument naming the construct — an unterminated quote,
// a missing redirection target, a list operator without a command, or a construct mksh
// supports that the emulator does not (`|`, `&`, `$`, backquote, `(`).
// Thread-safety: a pure function.
Result<std::vector<ListItem>> ParseShellLine(std::string_view line);

// Quotes one word so that ParseShellLine reads it back as exactly that word (single quotes,
// with `'` written as '\''). Used to build `su -c` and `run-as` command lines in tests.
std::string QuoteShellWord(std::string_view word);

}  // namespace appvault::phone
