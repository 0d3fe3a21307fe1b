#include "client/cli/password_prompt.h"

#include <unistd.h>

#include <cstring>

#include "base/password_input.h"  // appvaultd's reader of new passwords, shared

namespace appvault::client::cli {

Result<std::string> ReadPassword(bool from_stdin, bool confirm, const std::string& prompt) {
  if (from_stdin || confirm) return base::ReadNewPassword(from_stdin, prompt);
  if (::isatty(STDIN_FILENO) == 0) {
    return Status(StatusCode::kInvalidArgument,
                  "no terminal to ask for the password on; use --password-stdin");
  }
  // getpass(3) turns the terminal's echo off (termios) while it reads one line.
  char* typed = ::getpass(prompt.c_str());
  if (typed == nullptr || *typed == '\0') {
    return Status(StatusCode::kInvalidArgument, "no password given");
  }
  std::string password(typed);
  ::explicit_bzero(typed, std::strlen(typed));
  return password;
}

}  // namespace appvault::client::cli
