// Durations as people write them on a command line: "90s", "30m", "24h", "7d", or a bare
// number of seconds ("0").
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::base {

// The duration `text` names: digits followed by one optional unit, s (the default), m, h or
// d. Pure. Errors: kInvalidArgument naming the text when it is empty, has anything else, or
// passes 100 years.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

// The duration in the largest unit that names it exactly, days only from two days on
// ("24h", "7d", "90m", "45s", "0s"). Pure.
std::string FormatDuration(std::chrono::seconds duration);

}  // namespace appvault::base
