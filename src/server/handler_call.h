// Running a route's handler on a worker thread: escaped exceptions become 500s. Internal to
// the server library.
#pragma once

#include "server/body_reader.h"
#include "server/router.h"

namespace appvault::server {

// handler(request); an exception that escapes is logged and answered with 500 `internal`
// "internal error". Thread-safe as the handler is.
Reply CallHandler(const Handler& handler, const Request& request);

// fast_path(request); an exception that escapes is logged and gives no reply (the route's
// handler then answers).
FastAnswer CallFastPath(const FastPath& fast_path, const Request& request);

// gate(request); an exception that escapes is logged and refuses with 500 `internal`.
UploadAdmission CallUploadGate(const UploadGate& gate, const Request& request);

// handler(request, body), likewise.
Reply CallStreamHandler(const StreamHandler& handler, const Request& request, BodyReader& body);

}  // namespace appvault::server
