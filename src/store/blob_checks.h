// What every store checks before recording a user's private blob (CONTRACT §10).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace appvault::store {

// Ok when a new blob of `size` bytes fits beside the `used` bytes of the user's private
// blobs within `quota_bytes`; else kQuotaExceeded naming the quota.
inline Status CheckQuotaRoom(std::uint64_t size, std::uint64_t used, std::uint64_t quota_bytes) {
  if (used <= quota_bytes && size <= quota_bytes - used) return Status::Ok();
  return Status(StatusCode::kQuotaExceeded, "this upload of " + std::to_string(size) +
                                                " bytes would pass the per-user quota of " +
                                                std::to_string(quota_bytes) +
                                                " bytes of private blobs (" + std::to_string(used) +
                                                " used; --user-quota-bytes); nothing was stored");
}

}  // namespace appvault::store
