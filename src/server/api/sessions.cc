// POST /v1/sessions (log in) and DELETE /v1/sessions/current (log out).
#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <cctype>
#include <optional>

#include "auth/password.h"
#include "auth/token.h"
#include "server/api/accounts.h"
#include "server/api/auth.h"
#include "server/api/handlers.h"
#include "server/api/login_throttle.h"
#include "server/api/views.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

// An argon2id hash of a random password, verified against when the username is unknown, so
// that a login takes as long whether or not the account exists.
const std::string& DecoyHash() {
  static const std::string hash = [] {
    Result<std::string> made = auth::HashPassword(auth::RandomHex(16));
    return made.ok() ? *made : std::string();
  }();
  return hash;
}

// The user when the password is theirs; kUnauthenticated (the same message whether the
// name or the password is wrong) otherwise.
Result<store::User> CheckPassword(Services& services, const Credentials& credentials) {
  Result<store::User> user = services.store->FindUserByName(credentials.username);
  if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
  const std::string& hash = user.ok() ? user->password_hash : DecoyHash();
  if (!auth::VerifyPassword(hash, credentials.password) || !user.ok()) {
    return Status(StatusCode::kUnauthenticated, "wrong username or password");
  }
  return user;
}

// 429 for an address (or an account at an address) that failed too often.
server::Reply TooManyFailures(std::int64_t wait) {
  return RateLimitedReply(
      "too many failed logins from your address (--max-login-failures for one account, "
      "--max-login-failures-per-address for all)",
      wait);
}

}  // namespace

server::FastAnswer LoginGate(const server::Request& request, Services& services) {
  Result<Credentials> credentials = ReadCredentials(request.message.body());
  if (!credentials.ok()) return {};  // the handler says what is wrong
  LoginVerdict verdict =
      CheckLogin(services, credentials->username, ClientAddress(request), services.clock());
  if (verdict.retry_after > 0) return {TooManyFailures(verdict.retry_after)};
  return {std::nullopt, verdict.delay};
}

Result<server::Reply> CreateSession(const Call& call) {
  Services& services = call.services;
  Result<Credentials> credentials = ReadCredentials(call.request.message.body());
  if (!credentials.ok()) return credentials.status();
  const std::string address = ClientAddress(call.request);
  const std::int64_t now = services.clock();
  // Again here: failures recorded since the gate ran (attempts running at once) count too.
  LoginVerdict verdict = CheckLogin(services, credentials->username, address, now);
  if (verdict.retry_after > 0) return TooManyFailures(verdict.retry_after);
  HashSlot hashing = AcquireHashSlot(services, auth::PasswordHashSlots::Purpose::kLogin);
  if (!hashing.slot) return std::move(*hashing.refusal);

  Result<store::User> user = CheckPassword(services, *credentials);
  hashing.slot.reset();
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kUnauthenticated) {
      RecordLoginFailure(services, credentials->username, address, now);
    }
    return user.status();
  }
  RecordLoginSuccess(services, credentials->username, address);
  auth::IssuedToken token = auth::NewToken();
  store::Session session{token.hash, user->id, now, now + services.options.session_ttl_seconds};
  Status created = services.store->CreateSession(session);
  if (!created.ok()) return created;
  // Sessions that ended are swept here, where logins happen, rather than by a timer.
  (void)services.store->DeleteExpiredSessions(now);
  return JsonReply(http::status::created, appvault::api::ToJson(appvault::api::SessionInfo{
                                              token.token, session.expires_at, user->username,
                                              std::string(store::RoleName(user->role))}));
}

Result<server::Reply> DeleteCurrentSession(const Call& call) {
  Status deleted = call.services.store->DeleteSession(call.token_hash);
  if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
  return JsonReply(http::status::ok, appvault::api::ToJson(appvault::api::SignedOut{}));
}

}  // namespace appvault::server::api
