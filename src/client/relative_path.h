// Checking the names of configuration entries before anything is written: a name from a
// package or a bundle must stay inside the configuration folder.
#pragma once

#include <string>
#include <string_view>

#include "client/config_limits.h"
#include "core/status.h"

namespace appvault::client {

// The entry name as a safe relative path: "/"-separated segments, none empty, "." or "..";
// no leading "/", no backslash, no NUL or other control character; at most
// limits.max_path_length bytes and limits.max_depth segments. One leading "./" and a
// trailing "/" (a folder) are dropped. "" for the folder itself ("." or "./").
// Errors: kInvalidArgument naming the entry and what is wrong.
Result<std::string> CheckRelativePath(std::string_view name, const ConfigLimits& limits);

}  // namespace appvault::client
