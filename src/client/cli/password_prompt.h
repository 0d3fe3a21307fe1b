// The password of `appvault register` and `appvault login`.
#pragma once

#include <string>

#include "core/status.h"

namespace appvault::client::cli {

// With from_stdin: the first line of standard input, its line ending dropped. Otherwise the
// password is prompted on the terminal with echo off — twice when confirm (a new password;
// both must match). Errors: kInvalidArgument when stdin is empty, when there is no terminal
// and no --password-stdin, or when the two entries differ.
Result<std::string> ReadPassword(bool from_stdin, bool confirm, const std::string& prompt);

}  // namespace appvault::client::cli
