// Reading a new password (`appvaultd user add`, `appvault register`): the first line of stdin,
// or a prompt without echo on the terminal.
#pragma once

#include <string>

#include "core/status.h"

namespace appvault::base {

// With from_stdin: the first line of standard input (without its line ending). Otherwise,
// when stdin is a terminal: prompts twice on stderr with echo off and requires both to match.
// Errors: kInvalidArgument when stdin is empty, not a terminal (without from_stdin), or the
// two entries differ.
Result<std::string> ReadNewPassword(bool from_stdin, const std::string& prompt);

}  // namespace appvault::base
