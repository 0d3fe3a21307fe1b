// The client's private state files under DEVICE/.appvault/ (session, device ids): JSON
// documents written with mode 0600, atomically.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"

namespace appvault::client {

// The JSON document in path; nullopt when there is no file. A file that group or others
// may read is first restricted to mode 0600. Errors: kInvalidArgument (not JSON or larger
// than 1 MiB: the message names the file), kUnavailable (I/O).
Result<std::optional<nlohmann::json>> ReadStateFile(const std::string& path);

// Replaces path with document: a temp file created with mode 0600 beside it, fsynced,
// renamed into place, the folder fsynced. On error the old file is kept. Errors:
// kUnavailable (I/O).
Status WriteStateFile(const std::string& path, const nlohmann::json& document);

}  // namespace appvault::client
