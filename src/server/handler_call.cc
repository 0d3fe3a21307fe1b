#include "server/handler_call.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace appvault::server {

namespace {

void LogEscaped(const Request& request, const char* what) {
  spdlog::error("handler for {} {} failed: {}", request.message.method_string(), request.path,
                what);
}

template <typename Call>
Reply Guarded(const Request& request, Call call) {
  try {
    return call();
  } catch (const std::exception& e) {
    LogEscaped(request, e.what());
  } catch (...) {
    LogEscaped(request, "unknown exception");
  }
  return ErrorResponse(Status(StatusCode::kInternal, "internal error"));
}

}  // namespace

Reply CallHandler(const Handler& handler, const Request& request) {
  return Guarded(request, [&] { return handler(request); });
}

std::optional<Reply> CallFastPath(const FastPath& fast_path, const Request& request) {
  try {
    return fast_path(request);
  } catch (const std::exception& e) {
    LogEscaped(request, e.what());
  } catch (...) {
    LogEscaped(request, "unknown exception");
  }
  return std::nullopt;
}

Reply CallStreamHandler(const StreamHandler& handler, const Request& request, BodyReader& body) {
  return Guarded(request, [&] { return handler(request, body); });
}

}  // namespace appvault::server
