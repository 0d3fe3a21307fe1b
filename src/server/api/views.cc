#include "server/api/views.h"

#include "server/api/wire.h"

namespace appvault::server::api {

using nlohmann::json;

server::Reply JsonReply(boost::beast::http::status status, const json& body) {
  return server::Reply(server::JsonResponse(status, body));
}

std::string BlobUrl(const Sha256& sha256) {
  return appvault::api::BlobPath(sha256);
}

appvault::api::SoftwareInfo SoftwareView(const store::SoftwareRecord& record) {
  return {record.software, record.owner_username};
}

appvault::api::CatalogPackage PackageView(const store::PackageRecord& record) {
  return {
      {record.package, BlobUrl(record.package.sha256)}, record.signer_subject, record.published_at};
}

}  // namespace appvault::server::api
