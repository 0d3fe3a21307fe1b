// The body of a request on a streaming route, pulled piece by piece by its handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "core/status.h"
#include "server/reply.h"
#include "server/request.h"

namespace appvault::server {

// The request body of a streaming route (Router::AddStreaming), read by a handler running
// on a worker thread. The server has received the whole body (staged on disk, never held
// in memory as a whole) before the handler runs, so a Read never waits for the network.
// Thread-safety: one thread (the handler's) at a time; valid only until the handler
// returns.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Copies the next bytes of the body into `buffer` (at most `size`, at least 1 unless the
  // body is over); 0 at the end of the body. Errors: kPayloadTooLarge past the limit (of
  // StringBodyReader), kUnavailable on an I/O error of the staged body. REQUIRES: size > 0.
  virtual Result<std::size_t> Read(char* buffer, std::size_t size) = 0;
  // The declared Content-Length; nullopt for a chunked body.
  virtual std::optional<std::uint64_t> content_length() const = 0;
};

// Answers one request on a streaming route once its whole body has arrived: `head` has the
// method, target, headers and route params (its message body is empty); the body is read
// from `body`. Runs on a worker thread and may block on disk and CPU, never on the client.
// Thread-safe, as for Handler.
using StreamHandler = std::function<Reply(const Request& head, BodyReader& body)>;

// What a streaming route's gate decides once the request's header is read, before any of its
// body is read: a refusal (answered at once; the body is never read and the connection
// closes after the answer), or go on — the server keeps `hold` alive until the request has
// been answered (a per-user upload slot, say).
struct UploadAdmission {
  std::optional<Reply> refusal;
  std::shared_ptr<void> hold;
};

// Decides whether a streaming request's body is received at all (authentication, quotas,
// uploads at once). Runs on a worker thread; must be quick (no waiting on clients).
// Thread-safe, as for Handler.
using UploadGate = std::function<UploadAdmission(const Request& head)>;

// A BodyReader over bytes already in memory, with the same limit semantics: a body longer
// than `limit` fails with kPayloadTooLarge (at once, as a declared length over the limit
// would). For Router::Dispatch and for tests. Does not own `bytes`.
class StringBodyReader : public BodyReader {
 public:
  StringBodyReader(std::string_view bytes, std::uint64_t limit) : bytes_(bytes), limit_(limit) {}

  Result<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::uint64_t> content_length() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
  std::uint64_t limit_;
  std::size_t offset_ = 0;
};

}  // namespace appvault::server
