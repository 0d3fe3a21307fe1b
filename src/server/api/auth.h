// Authentication of API calls: `Authorization: Bearer TOKEN` → the session → its user.
#pragma once

#include <string>

#include "core/sha256.h"
#include "core/status.h"
#include "server/api/routes.h"
#include "server/api/services.h"
#include "server/request.h"
#include "store/records.h"

namespace appvault::server::api {

struct Caller {
  store::User user;
  Sha256 token_hash;                 // the session's key in the store
  std::int64_t session_expires = 0;  // the session's expires_at
};

// The SHA-256 of the request's bearer token. Errors: kUnauthenticated for a missing or
// malformed Authorization header.
Result<Sha256> BearerTokenHash(const server::Request& request);

// The signed-in user of the request. Errors: kUnauthenticated for a missing or malformed
// Authorization header, an unknown token, an expired session (expires_at <= now) or a
// session whose user is gone; kUnavailable/kInternal when the store fails. Thread-safe.
Result<Caller> Authenticate(const server::Request& request, Services& services);

// Ok when the user's role reaches `access`; kForbidden naming the role needed otherwise.
Status Authorize(const store::User& user, Access access);

// The client's address for rate limiting: Request::remote_address — the socket's peer, or
// behind a trusted reverse proxy (`--trusted-proxy`) the address its X-Forwarded-For names.
// Empty for a request that did not come from a socket (tests, tools): such a request is
// limited per username only.
std::string ClientAddress(const server::Request& request);

}  // namespace appvault::server::api
