#include "client/backup/config_upload.h"

namespace appvault::client::backup {

Result<UploadedConfig> UploadConfig(const ApiClient& api, const std::string& bundle_path,
                                    const ConfigBundleInfo& bundle) {
  UploadedConfig config{bundle.sha256, bundle.size, false};
  Result<bool> held = api.HasBlob(config.sha256);
  if (!held.ok()) return held.status();
  if (*held) return config;  // the server holds these bytes for this user already
  Result<api::StoredBlob> stored = api.UploadBlob(bundle_path);
  if (!stored.ok()) return stored.status();
  if (stored->sha256 != config.sha256 || stored->size != config.size) {
    return Status(StatusCode::kDataLoss, "the server stored " + stored->sha256.Hex() + " (" +
                                             std::to_string(stored->size) +
                                             " bytes), not the configuration bundle sent, " +
                                             config.sha256.Hex() + " (" +
                                             std::to_string(config.size) + " bytes)");
  }
  config.uploaded = true;
  return config;
}

}  // namespace appvault::client::backup
