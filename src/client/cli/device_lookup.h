// Naming a device of the user on the command line (`--from-device NAME|ID`): its id, or
// its name when that name is unique among the user's devices.
#pragma once

#include <string>

#include "client/net/api_client.h"
#include "core/status.h"

namespace appvault::client::cli {

// The id of the user's device whose id is `name_or_id`, else whose name it is.
// Errors: kNotFound ("you have no device NAME"); kInvalidArgument when several devices have
// that name (listing their ids, to name one by id); the server's.
Result<std::string> FindDeviceId(const ApiClient& api, const std::string& name_or_id);

}  // namespace appvault::client::cli
