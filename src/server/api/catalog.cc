// GET /v1/catalog/software and GET /v1/catalog/software/{id}: browsing the library.
#include <set>
#include <tuple>

#include "server/api/errors.h"
#include "server/api/handlers.h"
#include "server/api/query.h"
#include "server/api/views.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

constexpr std::int64_t kMaxPageSize = 100;

Result<store::SoftwareQuery> ReadSoftwareQuery(std::string_view query_text) {
  Result<QueryParams> params =
      ParseQuery(query_text, {"q", "category", "platform", "limit", "offset"});
  if (!params.ok()) return params.status();
  store::SoftwareQuery query;
  if (auto it = params->find("q"); it != params->end()) query.text = it->second;
  if (auto it = params->find("category"); it != params->end()) query.category = it->second;
  if (auto it = params->find("platform"); it != params->end() && !it->second.empty()) {
    Result<Platform> platform = ParsePlatform(it->second);
    if (!platform.ok()) {
      return Status(StatusCode::kInvalidArgument,
                    "query parameter \"platform\": expected android or ios");
    }
    query.platform = *platform;
  }
  Result<std::int64_t> limit = QueryInt(*params, "limit", kMaxPageSize, 1, kMaxPageSize);
  if (!limit.ok()) return limit.status();
  Result<std::int64_t> offset = QueryInt(*params, "offset", 0, 0, INT32_MAX);
  if (!offset.ok()) return offset.status();
  query.limit = static_cast<std::size_t>(*limit);
  query.offset = static_cast<std::size_t>(*offset);
  return query;
}

// Each version once, in the store's order.
std::vector<appvault::api::SoftwareVersion> Versions(
    const std::vector<store::PackageRecord>& packages) {
  std::vector<appvault::api::SoftwareVersion> out;
  std::set<std::tuple<Platform, std::string>> seen;
  for (const store::PackageRecord& record : packages) {
    const Package& p = record.package;
    if (!seen.emplace(p.platform, p.version.text()).second) continue;
    out.push_back({p.platform, p.version.text(), p.version_name});
  }
  return out;
}

}  // namespace

Result<server::Reply> SearchSoftware(const Call& call) {
  Result<store::SoftwareQuery> query = ReadSoftwareQuery(call.request.query);
  if (!query.ok()) return query.status();
  store::MetadataStore& store = *call.services.store;
  Result<std::vector<store::SoftwareRecord>> found = store.SearchSoftware(*query);
  if (!found.ok()) return found.status();
  appvault::api::SoftwareList list;
  for (const store::SoftwareRecord& record : *found) {
    Result<std::vector<store::PackageRecord>> packages = store.ListPackages(record.software.id);
    if (!packages.ok()) return packages.status();
    list.items.push_back({SoftwareView(record), Versions(*packages)});
  }
  return JsonReply(http::status::ok, appvault::api::ToJson(list));
}

Result<server::Reply> GetSoftware(const Call& call) {
  std::string_view id = call.request.Param("id");
  store::MetadataStore& store = *call.services.store;
  Result<store::SoftwareRecord> software = store.FindSoftware(id);
  if (!software.ok()) return NotFoundAs(software.status(), SoftwareNotFound(id));
  Result<std::vector<store::PackageRecord>> packages = store.ListPackages(id);
  if (!packages.ok()) return packages.status();
  appvault::api::SoftwareDetail detail{SoftwareView(*software), software->created_at, {}};
  for (const store::PackageRecord& record : *packages)
    detail.packages.push_back(PackageView(record));
  return JsonReply(http::status::ok, appvault::api::ToJson(detail));
}

}  // namespace appvault::server::api
