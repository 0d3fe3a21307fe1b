#include "server/api/views.h"

#include "server/api/wire.h"

namespace appvault::server::api {

using nlohmann::json;

json DigestOrNull(const std::optional<Sha256>& digest) {
  return digest.has_value() ? json(digest->Hex()) : json(nullptr);
}

server::Reply JsonReply(boost::beast::http::status status, const json& body) {
  return server::Reply(server::JsonResponse(status, body));
}

std::string BlobUrl(const Sha256& sha256) {
  return appvault::api::BlobPath(sha256);
}

json PreferencesJson(const Preferences& preferences) {
  return {{"install_latest", OrNull(preferences.install_latest)},
          {"accept_alternatives", OrNull(preferences.accept_alternatives)},
          {"backup_config", OrNull(preferences.backup_config)}};
}

json DeviceJson(const store::Device& device) {
  return {{"device_id", device.id},
          {"name", device.name},
          {"platform", PlatformName(device.profile.platform)},
          {"os_version", device.profile.os_version.text()},
          {"abis", device.profile.abis},
          {"created_at", device.created_at}};
}

appvault::api::SoftwareInfo SoftwareView(const store::SoftwareRecord& record) {
  return {record.software, record.owner_username};
}

appvault::api::CatalogPackage PackageView(const store::PackageRecord& record) {
  return {
      {record.package, BlobUrl(record.package.sha256)}, record.signer_subject, record.published_at};
}

json BackupJson(const BackupRecord& backup) {
  return {{"app", backup.app.str()},
          {"platform", PlatformName(backup.platform)},
          {"software_id", OrNull(backup.software_id)},
          {"version_code", backup.version.text()},
          {"version_name", backup.version_name},
          {"signer_sha256", DigestOrNull(backup.signer_sha256)},
          {"device_id", backup.device_id},
          {"backed_up_at", backup.backed_up_at},
          {"config_sha256", DigestOrNull(backup.config_sha256)}};
}

}  // namespace appvault::server::api
