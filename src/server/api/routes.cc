#include "server/api/routes.h"

#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>

#include "server/api/auth.h"
#include "server/api/handlers.h"
#include "server/response.h"

namespace appvault::server::api {

namespace http = boost::beast::http;

namespace {

// Logs failures the operator must see: server-side errors, loudly for data loss.
void LogFailure(const server::Request& request, const Status& status) {
  const std::string what = std::string(request.message.method_string()) + " " + request.path;
  switch (status.code()) {
    case StatusCode::kDataLoss:
      spdlog::critical("DATA LOSS during {}: {}", what, status.message());
      break;
    case StatusCode::kInternal:
    case StatusCode::kUnavailable:
      spdlog::error("{} failed: {}", what, status.ToString());
      break;
    default:
      break;
  }
}

// The result as the API answers it: the reply, or the JSON error (logged when it is the
// server's fault).
server::Reply Answer(const Call& call, Result<server::Reply> result) {
  if (result.ok()) return std::move(result).value();
  LogFailure(call.request, result.status());
  return server::ErrorResponse(result.status());
}

// The role check, then the handler with the caller filled in.
Result<server::Reply> RunAuthorized(const RouteSpec& route, const Caller& caller, Call& call) {
  Status allowed = Authorize(caller.user, route.access);
  if (!allowed.ok()) return allowed;
  call.user = &caller.user;
  call.token_hash = caller.token_hash;
  return route.handler(call);
}

std::string CacheKey(const server::Request& request) {
  return ReplyCache::Key(request.message.method_string(), request.message.target(),
                         request.message.body());
}

// The kept answer to the request of a route with cache_replies, when it is still valid.
std::optional<server::Reply> KeptAnswer(const server::Request& request, Services& services) {
  if (!services.replies.enabled()) return std::nullopt;
  Result<Sha256> token_hash = BearerTokenHash(request);
  if (!token_hash.ok()) return std::nullopt;
  std::optional<std::uint64_t> changes = services.store->ChangeCount();
  if (!changes) return std::nullopt;
  return services.replies.Find({*token_hash, CacheKey(request)}, *changes, services.clock());
}

// A streaming route's gate: the caller is signed in, allowed, and holds an upload slot for
// as long as the body arrives and the handler runs.
server::UploadAdmission AdmitUpload(const RouteSpec& route, const server::Request& head,
                                    Services& services) {
  Call call(head, services);
  Result<Caller> caller = Authenticate(head, services);
  if (!caller.ok()) return {Answer(call, caller.status()), nullptr};
  Status allowed = Authorize(caller->user, route.access);
  if (allowed.ok() && route.admit != nullptr) {
    call.user = &caller->user;
    allowed = route.admit(call);
  }
  if (!allowed.ok()) {
    server::Reply refusal = Answer(call, allowed);
    refusal.log_user = caller->user.username;
    return {std::move(refusal), nullptr};
  }
  std::shared_ptr<void> slot = services.uploads.TryAcquire(caller->user.id);
  if (!slot) {
    server::Reply refusal = server::ErrorResponse(Status(
        StatusCode::kRateLimited,
        "you have " + std::to_string(services.uploads.per_user()) +
            " uploads arriving already, this server's limit (--max-uploads-per-user); send this "
            "one when one of them has finished"));
    refusal.set(http::field::retry_after, "1");
    refusal.log_user = caller->user.username;
    return {std::move(refusal), nullptr};
  }
  return {std::nullopt, std::move(slot)};
}

// The access check, then the handler.
server::Reply Run(const RouteSpec& route, Call& call) {
  // Read before anything else: a change committed after this makes the answer stale.
  std::optional<std::uint64_t> changes;
  if (route.cache_replies && call.services.replies.enabled()) {
    changes = call.services.store->ChangeCount();
  }
  std::unique_ptr<store::ReadSnapshot> snapshot;
  if (route.read_snapshot) snapshot = call.services.store->PinReadSnapshot();
  if (route.access == Access::kPublic) return Answer(call, route.handler(call));
  Result<Caller> caller = Authenticate(call.request, call.services);
  if (!caller.ok()) return Answer(call, caller.status());
  server::Reply reply = Answer(call, RunAuthorized(route, *caller, call));
  reply.log_user = caller->user.username;
  if (changes) {
    call.services.replies.Store({caller->token_hash, CacheKey(call.request)},
                                {*changes, caller->session_expires}, reply);
  }
  return reply;
}

}  // namespace

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kUser:
      return "user";
    case Access::kPublisher:
      return "publisher";
    case Access::kAdmin:
      return "admin";
  }
  return "unknown";
}

std::vector<RouteSpec> ApiRoutes() {
  using enum Access;
  using http::verb;
  return {
      {.method = verb::get,
       .pattern = "/healthz",
       .access = kPublic,
       .handler = GetHealth,
       .run_inline = true},
      {.method = verb::post,
       .pattern = "/v1/accounts",
       .access = kPublic,
       .handler = CreateAccount,
       .fast_path = RegistrationGate},
      {.method = verb::post,
       .pattern = "/v1/sessions",
       .access = kPublic,
       .handler = CreateSession,
       .fast_path = LoginGate},
      {.method = verb::delete_,
       .pattern = "/v1/sessions/current",
       .access = kUser,
       .handler = DeleteCurrentSession},
      {.method = verb::get,
       .pattern = "/v1/me",
       .access = kUser,
       .handler = GetMe,
       .read_snapshot = true},
      {.method = verb::put,
       .pattern = "/v1/me/preferences",
       .access = kUser,
       .handler = PutPreferences},
      {.method = verb::post, .pattern = "/v1/devices", .access = kUser, .handler = CreateDevice},
      {.method = verb::get,
       .pattern = "/v1/devices",
       .access = kUser,
       .handler = ListDevices,
       .read_snapshot = true},
      {.method = verb::get,
       .pattern = "/v1/catalog/software",
       .access = kUser,
       .handler = SearchSoftware,
       .read_snapshot = true},
      {.method = verb::get,
       .pattern = "/v1/catalog/software/{id}",
       .access = kUser,
       .handler = GetSoftware,
       .read_snapshot = true},
      {.method = verb::post,
       .pattern = "/v1/catalog/software/{id}/votes",
       .access = kUser,
       .handler = AddVote},
      {.method = verb::post,
       .pattern = "/v1/catalog/packages",
       .access = kPublisher,
       .handler = PublishPackage,
       .streaming_limit = &ApiOptions::max_package_bytes,
       .admit = CheckPublishRequest},
      {.method = verb::post,
       .pattern = "/v1/blobs",
       .access = kUser,
       .handler = UploadBlob,
       .streaming_limit = &ApiOptions::max_private_blob_bytes},
      {.method = verb::get,
       .pattern = "/v1/blobs/{sha256}",
       .access = kUser,
       .handler = DownloadBlob},
      {.method = verb::get,
       .pattern = "/v1/backups",
       .access = kUser,
       .handler = ListBackups,
       .read_snapshot = true},
      {.method = verb::post, .pattern = "/v1/backups", .access = kUser, .handler = CreateBackups},
      {.method = verb::delete_,
       .pattern = "/v1/backups/{app}",
       .access = kUser,
       .handler = DeleteBackup},
      {.method = verb::post,
       .pattern = "/v1/snapshots",
       .access = kUser,
       .handler = CreateSnapshot},
      {.method = verb::get,
       .pattern = "/v1/snapshots",
       .access = kUser,
       .handler = ListSnapshots,
       .read_snapshot = true},
      {.method = verb::post,
       .pattern = "/v1/snapshots/forget",
       .access = kUser,
       .handler = ForgetSnapshots},
      {.method = verb::get,
       .pattern = "/v1/snapshots/{id}",
       .access = kUser,
       .handler = GetSnapshot,
       .read_snapshot = true},
      {.method = verb::delete_,
       .pattern = "/v1/snapshots/{id}",
       .access = kUser,
       .handler = DeleteSnapshot},
      {.method = verb::post,
       .pattern = "/v1/restore-plans",
       .access = kUser,
       .handler = CreateRestorePlan,
       .read_snapshot = true,
       .cache_replies = true},
  };
}

void AddApiRoutes(server::Router& router, Services& services) {
  for (const RouteSpec& route : ApiRoutes()) {
    if (route.streaming_limit == nullptr) {
      auto handler = [route, &services](const server::Request& request) {
        Call call(request, services);
        return Run(route, call);
      };
      if (route.cache_replies) {
        router.AddWithFastPath(
            route.method, route.pattern,
            [&services](const server::Request& request) { return KeptAnswer(request, services); },
            std::move(handler));
      } else if (route.fast_path != nullptr) {
        router.AddWithFastPath(
            route.method, route.pattern,
            [fast_path = route.fast_path, &services](const server::Request& request) {
              return fast_path(request, services);
            },
            std::move(handler));
      } else if (route.run_inline) {
        router.AddInline(route.method, route.pattern, std::move(handler));
      } else {
        router.Add(route.method, route.pattern, std::move(handler));
      }
      continue;
    }
    router.AddStreaming(
        route.method, route.pattern,
        [route, &services](const server::Request& head, server::BodyReader& body) {
          Call call(head, services);
          call.body = &body;
          return Run(route, call);
        },
        services.options.*route.streaming_limit,
        [route, &services](const server::Request& head) {
          return AdmitUpload(route, head, services);
        });
  }
}

}  // namespace appvault::server::api
