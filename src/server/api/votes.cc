// POST /v1/catalog/software/{id}/votes: one vote per user per software.
#include "server/api/errors.h"
#include "server/api/handlers.h"
#include "server/api/views.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

Result<server::Reply> AddVote(const Call& call) {
  std::string_view id = call.request.Param("id");
  store::MetadataStore& store = *call.services.store;
  Status voted = store.AddVote(call.user->id, id, call.services.clock());
  if (voted.code() == StatusCode::kNotFound) return SoftwareNotFound(id);
  if (voted.code() == StatusCode::kConflict) {
    return Status(StatusCode::kConflict, "you already voted for \"" + std::string(id) + "\"");
  }
  if (!voted.ok()) return voted;
  Result<store::SoftwareRecord> software = store.FindSoftware(id);
  if (!software.ok()) return software.status();
  return JsonReply(http::status::created, appvault::api::ToJson(appvault::api::VoteReply{
                                              software->software.id, software->software.votes}));
}

}  // namespace appvault::server::api
