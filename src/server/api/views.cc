#include "server/api/views.h"

#include "server/api/wire.h"

namespace appvault::server::api {

using nlohmann::json;

namespace {

json OptionalVersion(const std::optional<Version>& version) {
  return version.has_value() ? json(version->text()) : json(nullptr);
}

}  // namespace

json DigestOrNull(const std::optional<Sha256>& digest) {
  return digest.has_value() ? json(digest->Hex()) : json(nullptr);
}

server::Reply JsonReply(boost::beast::http::status status, const json& body) {
  return server::Reply(server::JsonResponse(status, body));
}

std::string BlobUrl(const Sha256& sha256) {
  return "/v1/blobs/" + sha256.Hex();
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

json SoftwareJson(const store::SoftwareRecord& record) {
  const Software& software = record.software;
  return {{"id", software.id},
          {"name", software.name},
          {"publisher", software.publisher},
          {"published_by", record.owner_username},
          {"category", software.category},
          {"description", software.description},
          {"votes", software.votes}};
}

json PackageJson(const Package& package) {
  return {{"sha256", package.sha256.Hex()},
          {"size", package.size},
          {"url", BlobUrl(package.sha256)},
          {"software_id", package.software_id},
          {"platform", PlatformName(package.platform)},
          {"app", package.app.str()},
          {"version_code", package.version.text()},
          {"version_name", package.version_name},
          {"min_os", OptionalVersion(package.min_os)},
          {"max_os", OptionalVersion(package.max_os)},
          {"abis", package.abis},
          {"signer_sha256", package.signer_sha256.Hex()}};
}

json PackageRecordJson(const store::PackageRecord& record) {
  json out = PackageJson(record.package);
  out["signer_subject"] = record.signer_subject;
  out["published_at"] = record.published_at;
  return out;
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

json PlanItemJson(const PlanItem& item) {
  json out = {{"app", item.app.str()},
              {"outcome", OutcomeName(item.outcome)},
              {"software_id", OrNull(item.software_id)},
              {"version_code", nullptr},
              {"version_name", nullptr},
              {"version_substituted", item.version_substituted},
              {"alternative_for", OrNull(item.alternative_for)},
              {"reason", item.reason},
              {"backup_signer_sha256", nullptr},
              {"package", nullptr},
              {"config", nullptr}};
  if (item.package.has_value()) {
    out["version_code"] = item.package->version.text();
    out["version_name"] = item.package->version_name;
    out["package"] = PackageJson(*item.package);
  }
  if (item.backup_signer_sha256.has_value()) {
    out["backup_signer_sha256"] = item.backup_signer_sha256->Hex();
  }
  if (item.config_sha256.has_value()) {
    out["config"] = {{"sha256", item.config_sha256->Hex()}, {"url", BlobUrl(*item.config_sha256)}};
  }
  return out;
}

}  // namespace appvault::server::api
