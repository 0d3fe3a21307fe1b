// The body of a request on a streaming route, pulled piece by piece by its handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "core/status.h"
#include "server/reply.h"
#include "server/request.h"

namespace appvault::server {

// The request body of a streaming route (Router::AddStreaming), read by a handler running
// on a worker thread. At most a few 64 KiB pieces are held in memory whatever the body's
// size. Thread-safety: one thread (the handler's) at a time; valid only until the handler
// returns.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Copies the next bytes of the body into `buffer` (at most `size`, at least 1 unless the
  // body is over), blocking the worker until they arrive; 0 at the end of the body.
  // Errors: kPayloadTooLarge past the route's body_limit (also at once when the declared
  // Content-Length is over it), kUnavailable (the peer is gone, or sent nothing for the
  // read timeout), kInvalidArgument (malformed chunked encoding). After an error every
  // further Read returns the same error. REQUIRES: size > 0.
  virtual Result<std::size_t> Read(char* buffer, std::size_t size) = 0;
  // The declared Content-Length; nullopt for a chunked body.
  virtual std::optional<std::uint64_t> content_length() const = 0;
};

// Answers one request on a streaming route: `head` has the method, target, headers and
// route params (its message body is empty); the body is read from `body`. Runs on a worker
// thread and may block. A handler that returns before the end of the body is answered with
// `Connection: close` (the rest of the body is not read). Thread-safe, as for Handler.
using StreamHandler = std::function<Reply(const Request& head, BodyReader& body)>;

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
