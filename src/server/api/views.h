// The JSON shapes of the API's values (docs/api.md shows each). Versions are always
// strings ("5", "16.4"); digests are 64 lowercase hex digits; times are Unix seconds;
// absent values are null. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// The digest's hex, or null.
nlohmann::json DigestOrNull(const std::optional<Sha256>& digest);

// {id, name, publisher, published_by, category, description, votes}: `publisher` is the
// free text the publisher gave; `published_by` the account that created the software.
nlohmann::json SoftwareJson(const store::SoftwareRecord& record);
// {sha256, size, url, software_id, platform, app, version_code, version_name, min_os,
//  max_os, abis, signer_sha256}.
nlohmann::json PackageJson(const Package& package);
// PackageJson plus {signer_subject, published_at}.
nlohmann::json PackageRecordJson(const store::PackageRecord& record);

}  // namespace appvault::server::api
