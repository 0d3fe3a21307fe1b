// GET /v1/me and PUT /v1/me/preferences.
#include "api/accounts.h"
#include "server/api/handlers.h"
#include "server/api/views.h"
#include "server/api/wire.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

Result<server::Reply> GetMe(const Call& call) {
  const store::User& user = *call.user;
  return JsonReply(http::status::ok, appvault::api::ToJson(appvault::api::Me{
                                         user.username, std::string(store::RoleName(user.role)),
                                         user.created_at, user.preferences}));
}

Result<server::Reply> PutPreferences(const Call& call) {
  Result<nlohmann::json> body = ParseJsonObject(call.request.message.body());
  if (!body.ok()) return body.status();
  FieldReader reader(*body, "");
  Preferences preferences = ReadPreferences(reader, call.user->preferences);
  if (!reader.status().ok()) return reader.status();
  Status stored = call.services.store->SetPreferences(call.user->id, preferences);
  if (!stored.ok()) return stored;
  return JsonReply(http::status::ok,
                   appvault::api::ToJson(appvault::api::PreferencesReply{preferences}));
}

}  // namespace appvault::server::api
