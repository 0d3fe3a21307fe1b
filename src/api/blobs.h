// The wire type of POST /v1/blobs (docs/api.md) and its JSON codec.
//
//   POST /v1/blobs (the bytes) → StoredBlob
//   GET|HEAD /v1/blobs/{sha256} → the bytes (BlobPath, restore_plans.h)
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/sha256.h"
#include "core/status.h"

namespace appvault::api {

// A private blob as stored: its name, size and where to read it (BlobPath of the name).
struct StoredBlob {
  Sha256 sha256;
  std::uint64_t size = 0;
  std::string url;
};

nlohmann::json ToJson(const StoredBlob& value);
// Refuses a url that is not BlobPath(sha256).
Result<StoredBlob> StoredBlobFromJson(const nlohmann::json& json);

}  // namespace appvault::api
