// The configuration half of `appvault backup`: a packed configuration bundle made a private
// blob of the user on the server — uploaded only when the server does not hold those bytes
// for this user already.
#pragma once

#include <cstdint>
#include <string>

#include "client/device.h"
#include "client/net/server_connection.h"

namespace appvault::client::cli {

// What the server now holds of one app's configuration.
struct UploadedConfig {
  Sha256 sha256;
  std::uint64_t size = 0;
  bool uploaded = false;  // false: the server had this bundle already (HEAD said 200)
};

// Asks HEAD /v1/blobs/{bundle.sha256} and, unless the server answers 200, uploads the file
// at bundle_path (POST /v1/blobs), checking that the server stored exactly these bytes
// (digest and size). Errors: the server's (ServerConnection), kNotFound / kUnavailable for
// the file, and kDataLoss when the server names other bytes than the ones sent.
Result<UploadedConfig> UploadConfig(const ServerConnection& server, const std::string& bundle_path,
                                    const ConfigBundleInfo& bundle);

}  // namespace appvault::client::cli
