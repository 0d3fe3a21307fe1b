#include "server/handler_call.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace appvault::server {

namespace {

template <typename Call>
Reply Guarded(const Request& request, Call call) {
  try {
    return call();
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} failed: {}", request.message.method_string(), request.path,
                  e.what());
  } catch (...) {
    spdlog::error("handler for {} {} failed", request.message.method_string(), request.path);
  }
  return ErrorResponse(Status(StatusCode::kInternal, "internal error"));
}

}  // namespace

Reply CallHandler(const Handler& handler, const Request& request) {
  return Guarded(request, [&] { return handler(request); });
}

Reply CallStreamHandler(const StreamHandler& handler, const Request& request, BodyReader& body) {
  return Guarded(request, [&] { return handler(request, body); });
}

}  // namespace appvault::server
