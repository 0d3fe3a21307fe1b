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
  return appvault::api::ToJson(appvault::api::PlannedPackage{package, BlobUrl(package.sha256)});
}

json PackageRecordJson(const store::PackageRecord& record) {
  json out = PackageJson(record.package);
  out["signer_subject"] = record.signer_subject;
  out["published_at"] = record.published_at;
  return out;
}

}  // namespace appvault::server::api
