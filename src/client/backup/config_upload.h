// The configuration half of `appvault backup`: a packed configuration bundle made a private
// blob of the user on the server — uploaded only when the server does not hold those bytes
// for this user already.
#pragma once

#include <cstdint>
#include <string>

#include "client/device.h"
#include "client/net/api_client.h"

namespace appvault::client::backup {

// What the server now holds of one app's configuration.
struct UploadedConfig {
  Sha256 sha256;
  std::uint64_t size = 0;
  bool uploaded = false;  // false: the server had this bundle already (HEAD said 200)
};

// Asks whether the server holds the bundle for this user (ApiClient::HasBlob) and, unless
// it does, uploads the file at bundle_path, checking that the server stored exactly these
// bytes (digest and size). Errors: the server's (ApiClient), kNotFound / kUnavailable for
// the file, and kDataLoss when the server names other bytes than the ones sent.
Result<UploadedConfig> UploadConfig(const ApiClient& api, const std::string& bundle_path,
                                    const ConfigBundleInfo& bundle);

}  // namespace appvault::client::backup
