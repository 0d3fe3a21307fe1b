#include "base/password_input.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>

namespace appvault::base {

namespace {

Status Invalid(std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message));
}

// One line of stdin without "\n" or "\r\n"; nullopt at the end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line) && line.empty()) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Echo of the terminal on stdin off while the object lives.
class EchoOff {
 public:
  EchoOff() : active_(::tcgetattr(STDIN_FILENO, &saved_) == 0) {
    if (!active_) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_;
};

std::optional<std::string> Prompt(const std::string& prompt) {
  std::fprintf(stderr, "%s", prompt.c_str());
  std::fflush(stderr);
  std::optional<std::string> line;
  {
    EchoOff quiet;
    line = ReadLine();
  }
  std::fprintf(stderr, "\n");
  return line;
}

}  // namespace

Result<std::string> ReadNewPassword(bool from_stdin, const std::string& prompt) {
  if (from_stdin) {
    std::optional<std::string> line = ReadLine();
    if (!line.has_value() || line->empty()) return Invalid("--password-stdin: stdin is empty");
    return *line;
  }
  if (::isatty(STDIN_FILENO) == 0) {
    return Invalid("no terminal to ask for the password on; use --password-stdin");
  }
  std::optional<std::string> first = Prompt(prompt);
  if (!first.has_value() || first->empty()) return Invalid("no password given");
  std::optional<std::string> second = Prompt("Repeat the password: ");
  if (second != first) return Invalid("the two passwords differ");
  return *first;
}

}  // namespace appvault::base
