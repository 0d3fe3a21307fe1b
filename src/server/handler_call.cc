#include "server/handler_call.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace appvault::server {

namespace {

void LogEscaped(const Request& request, const char* what) {
  spdlog::error("handler for {} {} failed: {}", request.message.method_string(), request.path,
                what);
}

// call(); an exception that escapes is logged and gives on_failure() instead.
template <typename Call, typename OnFailure>
auto Guarded(const Request& request, Call call, OnFailure on_failure) -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& e) {
    LogEscaped(request, e.what());
  } catch (...) {
    LogEscaped(request, "unknown exception");
  }
  return on_failure();
}

Reply InternalError() {
  return ErrorResponse(Status(StatusCode::kInternal, "internal error"));
}

}  // namespace

Reply CallHandler(const Handler& handler, const Request& request) {
  return Guarded(
      request, [&] { return handler(request); }, InternalError);
}

FastAnswer CallFastPath(const FastPath& fast_path, const Request& request) {
  return Guarded(
      request, [&] { return fast_path(request); }, [] { return FastAnswer(); });
}

UploadAdmission CallUploadGate(const UploadGate& gate, const Request& request) {
  return Guarded(
      request, [&] { return gate(request); },
      [] {
        return UploadAdmission{InternalError(), nullptr};
      });
}

Reply CallStreamHandler(const StreamHandler& handler, const Request& request, BodyReader& body) {
  return Guarded(
      request, [&] { return handler(request, body); }, InternalError);
}

}  // namespace appvault::server
