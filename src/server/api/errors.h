// The API's recurring error statuses, worded once.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::server::api {

// kNotFound: the library has no software with this id.
inline Status SoftwareNotFound(std::string_view id) {
  return Status(StatusCode::kNotFound,
                "software \"" + std::string(id) + "\" is not in the library");
}

// kNotFound: the caller has no device with this id (another user's device is not shown).
inline Status DeviceNotFound(std::string_view id) {
  return Status(StatusCode::kNotFound, "device_id: you have no device \"" + std::string(id) + "\"");
}

// `status`, with kNotFound replaced by `not_found` (a message that names the object).
inline Status NotFoundAs(const Status& status, const Status& not_found) {
  return status.code() == StatusCode::kNotFound ? not_found : status;
}

}  // namespace appvault::server::api
