// The API's route table: every route with its access level, in one place, so that the
// router and the authorization tests both read the same list (a route without an access
// level cannot be written down). A streaming route's body is received only once the
// caller is authenticated, authorized and below ApiOptions::max_uploads_per_user.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/sha256.h"
#include "core/status.h"
#include "server/api/services.h"
#include "server/body_reader.h"
#include "server/reply.h"
#include "server/router.h"
#include "store/records.h"

namespace appvault::server::api {

// Who may call a route. Each level includes the ones above it for signed-in users:
// kUser — any signed-in user; kPublisher — publishers and admins; kAdmin — admins.
enum class Access { kPublic, kUser, kPublisher, kAdmin };

// "public", "user", "publisher", "admin".
std::string_view AccessName(Access access);

// One API call as a handler sees it. On routes other than kPublic, `user` is the
// signed-in user (authorized for the route) and `token_hash` their session's. On a
// streaming route the body is read from `body`; otherwise it is request.message.body().
struct Call {
  Call(const server::Request& request_in, Services& services_in)
      : request(request_in), services(services_in) {}

  const server::Request& request;
  Services& services;
  const store::User* user = nullptr;   // nullptr on public routes
  Sha256 token_hash;                   // of the session, on non-public routes
  server::BodyReader* body = nullptr;  // set on streaming routes only
};

// Answers a call; a failure becomes the API's JSON error (ErrorResponse).
using ApiHandler = Result<server::Reply> (*)(const Call& call);
// A route's first look at a request on the io thread (server::FastPath): a refusal, or a
// delay before the handler runs. Never blocks.
using ApiFastPath = server::FastAnswer (*)(const server::Request& request, Services& services);
// A streaming route's own check of a request before its body is received (the caller is
// set in `call`, its body is not there yet): Ok, or the refusal.
using ApiCheck = Status (*)(const Call& call);

struct RouteSpec {
  boost::beast::http::verb method;
  std::string pattern;  // as server::Router takes it: "/v1/catalog/software/{id}"
  Access access;
  ApiHandler handler;
  // A streaming route (the body is read piece by piece, up to this limit of ApiOptions);
  // nullptr for a route whose body is read whole first (within the server's body limit).
  std::uint64_t ApiOptions::*streaming_limit = nullptr;
  // A route that is quick (a few indexed lookups at most, no password hashing, no file
  // I/O): it runs on the io thread (server::Router::AddInline).
  bool run_inline = false;
  // A route that only reads the store: its session check and handler read one snapshot
  // (store::MetadataStore::PinReadSnapshot).
  bool read_snapshot = false;
  // A read-only route whose 200 answers are kept for the same caller asking the same
  // again (Services::replies, ReplyCache's rules); a kept answer is served on the io
  // thread without reading the store beyond MetadataStore::ChangeCount().
  bool cache_replies = false;
  // A public route's gate on the io thread (rate limits); never with cache_replies.
  ApiFastPath fast_path = nullptr;
  // A streaming route's check before its body is received; nullptr: none.
  ApiCheck admit = nullptr;
};

// Every route of the API, /healthz included. Every GET route also answers HEAD (the
// server's router runs the GET handler and sends no body). Pure.
std::vector<RouteSpec> ApiRoutes();

// Adds every route of ApiRoutes() to `router`, each behind its access check: a route that
// is not kPublic answers 401 `unauthenticated` without a valid session and 403 `forbidden`
// when the user's role is below the route's level — before the handler reads anything
// (on a streaming route, before any of the body is read; there also 429 `rate_limited`
// when the user has ApiOptions::max_uploads_per_user uploads arriving already). `services`
// must outlive the router.
void AddApiRoutes(server::Router& router, Services& services);

}  // namespace appvault::server::api
