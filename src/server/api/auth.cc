#include "server/api/auth.h"

#include <boost/beast/http/field.hpp>
#include <cctype>
#include <string_view>

#include "auth/token.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

Status Unauthenticated(std::string message) {
  return Status(StatusCode::kUnauthenticated, std::move(message));
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The token of "Bearer TOKEN" (scheme in any case), or "" when the header is not that.
std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size() || !IEquals(header.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  return token;
}

int Rank(store::Role role) {
  switch (role) {
    case store::Role::kUser:
      return 1;
    case store::Role::kPublisher:
      return 2;
    case store::Role::kAdmin:
      return 3;
  }
  return 0;
}

int Rank(Access access) {
  switch (access) {
    case Access::kPublic:
      return 0;
    case Access::kUser:
      return 1;
    case Access::kPublisher:
      return 2;
    case Access::kAdmin:
      return 3;
  }
  return 4;
}

}  // namespace

Result<Sha256> BearerTokenHash(const server::Request& request) {
  std::string_view header = request.Header(http::field::authorization);
  if (header.empty()) return Unauthenticated("sign in first: no Authorization header");
  std::string_view token = BearerToken(header);
  if (token.empty()) return Unauthenticated("the Authorization header is not \"Bearer TOKEN\"");
  return auth::HashToken(token);
}

Result<Caller> Authenticate(const server::Request& request, Services& services) {
  // The lookup is by the token's SHA-256, not by the token: a timing difference in the
  // index lookup can only reveal bits of a hash of a 256-bit random secret, which says
  // nothing usable about any token. So no constant-time comparison is needed here.
  Result<Sha256> token_hash = BearerTokenHash(request);
  if (!token_hash.ok()) return token_hash.status();
  Caller caller;
  caller.token_hash = *token_hash;
  Result<store::Session> session = services.store->FindSession(caller.token_hash);
  if (!session.ok()) {
    if (session.status().code() == StatusCode::kNotFound) {
      return Unauthenticated("the session token is not valid; sign in again");
    }
    return session.status();
  }
  if (session->expires_at <= services.clock()) {
    return Unauthenticated("the session has expired; sign in again");
  }
  caller.session_expires = session->expires_at;
  Result<store::User> user = services.store->FindUserById(session->user_id);
  if (!user.ok()) {
    if (user.status().code() == StatusCode::kNotFound) {
      return Unauthenticated("the session's account no longer exists");
    }
    return user.status();
  }
  caller.user = std::move(user).value();
  return caller;
}

Status Authorize(const store::User& user, Access access) {
  if (Rank(user.role) >= Rank(access)) return Status::Ok();
  return Status(StatusCode::kForbidden, "this needs the " + std::string(AccessName(access)) +
                                            " role; you are a " +
                                            std::string(store::RoleName(user.role)));
}

std::string ClientAddress(const server::Request& request) {
  return request.remote_address;
}

}  // namespace appvault::server::api
