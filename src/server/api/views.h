// The JSON shapes of the API's values (docs/api.md shows each). Versions are always
// strings ("5", "16.4"); digests are 64 lowercase hex digits; times are Unix seconds;
// absent values are null. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/catalog.h"
#include "core/backup.h"
#include "core/package.h"
#include "core/plan.h"
#include "core/preferences.h"
#include "server/reply.h"
#include "store/records.h"
#include "store/store.h"

namespace appvault::server::api {

// server::JsonResponse as a Reply.
server::Reply JsonReply(boost::beast::http::status status, const nlohmann::json& body);

// Where a blob is downloaded: "/v1/blobs/<sha256>".
std::string BlobUrl(const Sha256& sha256);

// The software object of the catalog routes.
appvault::api::SoftwareInfo SoftwareView(const store::SoftwareRecord& record);
// A package of the library as the catalog routes show it: url BlobUrl(sha256).
appvault::api::CatalogPackage PackageView(const store::PackageRecord& record);

}  // namespace appvault::server::api
