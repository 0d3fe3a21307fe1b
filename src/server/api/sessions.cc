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

// The rate limiter's key of a username, in lower case: "Ann" and "ann" share one count.
std::string UserKey(const std::string& username) {
  std::string key = "user:" + username;
  for (char& c : key)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

// 429 with Retry-After when the username or the client address has failed too often.
std::optional<server::Reply> RateLimited(Services& services, const std::string& username,
                                         const std::string& address, std::int64_t now) {
  std::int64_t wait = services.login_by_user.RetryAfter(UserKey(username), now);
  if (!address.empty()) {
    wait = std::max(wait, services.login_by_address.RetryAfter(address, now));
  }
  if (wait <= 0) return std::nullopt;
  server::Reply response = server::ErrorResponse(
      Status(StatusCode::kRateLimited,
             "too many failed logins; try again in " + std::to_string(wait) + " seconds"));
  response.set(http::field::retry_after, std::to_string(wait));
  return response;
}

void RecordFailure(Services& services, const std::string& username, const std::string& address,
                   std::int64_t now) {
  services.login_by_user.RecordFailure(UserKey(username), now);
  if (!address.empty()) services.login_by_address.RecordFailure(address, now);
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

}  // namespace

Result<server::Reply> CreateSession(const Call& call) {
  Services& services = call.services;
  Result<Credentials> credentials = ReadCredentials(call.request.message.body());
  if (!credentials.ok()) return credentials.status();
  const std::string address = ClientAddress(call.request);
  const std::int64_t now = services.clock();
  if (auto refusal = RateLimited(services, credentials->username, address, now)) return *refusal;

  Result<store::User> user = CheckPassword(services, *credentials);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kUnauthenticated) {
      RecordFailure(services, credentials->username, address, now);
    }
    return user.status();
  }
  services.login_by_user.Reset(UserKey(credentials->username));
  auth::IssuedToken token = auth::NewToken();
  store::Session session{token.hash, user->id, now, now + services.options.session_ttl_seconds};
  Status created = services.store->CreateSession(session);
  if (!created.ok()) return created;
  // Sessions that ended are swept here, where logins happen, rather than by a timer.
  (void)services.store->DeleteExpiredSessions(now);
  return JsonReply(http::status::created, {{"token", token.token},
                                           {"expires_at", session.expires_at},
                                           {"username", user->username},
                                           {"role", store::RoleName(user->role)}});
}

Result<server::Reply> DeleteCurrentSession(const Call& call) {
  Status deleted = call.services.store->DeleteSession(call.token_hash);
  if (!deleted.ok() && deleted.code() != StatusCode::kNotFound) return deleted;
  return JsonReply(http::status::ok, {{"signed_out", true}});
}

}  // namespace appvault::server::api
