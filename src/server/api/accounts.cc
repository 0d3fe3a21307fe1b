// POST /v1/accounts: registration.
#include "server/api/accounts.h"

#include "auth/password.h"
#include "server/api/auth.h"
#include "server/api/handlers.h"
#include "server/api/login_throttle.h"
#include "server/api/views.h"
#include "server/api/wire.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

// The username and password rules of auth/password.h, the username first.
Status ValidateCredentials(const std::string& username, std::string_view password) {
  Status valid = auth::ValidateUsername(username);
  if (valid.ok()) valid = auth::ValidatePassword(password);
  return valid;
}

}  // namespace

Result<store::User> CreateUserAccount(store::MetadataStore& store, const std::string& username,
                                      std::string_view password, store::Role role,
                                      std::int64_t now) {
  Status valid = ValidateCredentials(username, password);
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
  return appvault::api::CredentialsFromJson(*object);
}

// Refuses on the io thread, without counting, what the limits refuse already.
server::FastAnswer RegistrationGate(const server::Request& request, Services& services) {
  if (!services.options.registration_enabled) return {};  // the handler refuses
  Result<Credentials> credentials = ReadCredentials(request.message.body());
  if (!credentials.ok()) return {};  // the handler says what is wrong
  if (!ValidateCredentials(credentials->username, credentials->password).ok()) return {};
  return {AdmitRegistration(services, ClientAddress(request), services.clock(), false)};
}

Result<server::Reply> CreateAccount(const Call& call) {
  if (!call.services.options.registration_enabled) {
    return Status(StatusCode::kForbidden,
                  "registration is off on this server; ask its operator for an account");
  }
  Result<Credentials> credentials = ReadCredentials(call.request.message.body());
  if (!credentials.ok()) return credentials.status();
  Status valid = ValidateCredentials(credentials->username, credentials->password);
  if (!valid.ok()) return valid;
  HashSlot hashing =
      AcquireHashSlot(call.services, auth::PasswordHashSlots::Purpose::kRegistration);
  if (!hashing.slot) return std::move(*hashing.refusal);
  // Counted here, atomically, once a hash will be computed: the gate only refused early.
  std::optional<server::Reply> refusal =
      AdmitRegistration(call.services, ClientAddress(call.request), call.services.clock(), true);
  if (refusal) return std::move(*refusal);
  Result<store::User> user =
      CreateUserAccount(*call.services.store, credentials->username, credentials->password,
                        store::Role::kUser, call.services.clock());
  if (!user.ok()) return user.status();
  return JsonReply(
      http::status::created,
      appvault::api::ToJson(appvault::api::Account{
          user->username, std::string(store::RoleName(user->role)), user->created_at}));
}

}  // namespace appvault::server::api
