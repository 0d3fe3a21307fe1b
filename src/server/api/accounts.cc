// POST /v1/accounts: registration.
#include "server/api/accounts.h"

#include "auth/password.h"
#include "server/api/handlers.h"
#include "server/api/json_util.h"
#include "server/api/views.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

Result<store::User> CreateUserAccount(store::MetadataStore& store, const std::string& username,
                                      std::string_view password, store::Role role,
                                      std::int64_t now) {
  Status valid = auth::ValidateUsername(username);
  if (valid.ok()) valid = auth::ValidatePassword(password);
  if (!valid.ok()) return valid;
  Result<std::string> hash = auth::HashPassword(password);
  if (!hash.ok()) return hash.status();
  Result<store::User> user = store.CreateUser(username, *hash, role, now);
  if (!user.ok() && user.status().code() == StatusCode::kConflict) {
    return Status(StatusCode::kConflict, "username \"" + username + "\" is taken");
  }
  return user;
}

Result<Credentials> ReadCredentials(std::string_view body) {
  Result<nlohmann::json> object = ParseJsonObject(body);
  if (!object.ok()) return object.status();
  FieldReader reader(*object, "");
  Credentials credentials;
  credentials.username = reader.String("username", 64);
  credentials.password = reader.String("password", 1024);
  reader.RejectUnknown({"username", "password"});
  if (!reader.status().ok()) return reader.status();
  return credentials;
}

Result<server::Reply> CreateAccount(const Call& call) {
  if (!call.services.options.registration_enabled) {
    return Status(StatusCode::kForbidden,
                  "registration is off on this server; ask its operator for an account");
  }
  Result<Credentials> credentials = ReadCredentials(call.request.message.body());
  if (!credentials.ok()) return credentials.status();
  Result<store::User> user =
      CreateUserAccount(*call.services.store, credentials->username, credentials->password,
                        store::Role::kUser, call.services.clock());
  if (!user.ok()) return user.status();
  return JsonReply(http::status::created, {{"username", user->username},
                                           {"role", store::RoleName(user->role)},
                                           {"created_at", user->created_at}});
}

}  // namespace appvault::server::api
