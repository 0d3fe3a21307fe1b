// What a route handler returns: a Response (status, headers, a body in memory), or the head
// of one and a slice of an open file as its body (downloads, sent with sendfile(2)).
#pragma once

#include <boost/beast/http/status.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "blob/blob_store.h"
#include "server/response.h"

namespace appvault::server {

// `length` bytes of `file` from `offset`: the body of a file reply.
// REQUIRES: offset + length <= file->size().
struct FileSlice {
  std::shared_ptr<const blob::BlobFile> file;  // kept open until the reply is sent
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// A handler's result. It is a Response (so `reply.result()`, `reply.body()` and header
// access work as on a Response), plus an optional file body and the user for the log.
// The server sets the HTTP version, keep-alive and Content-Length before writing it.
// A value type: copying shares the open file.
class Reply : public Response {
 public:
  Reply() = default;
  // A reply with `response` as it is. Implicit, so that handlers returning a Response fit.
  Reply(Response response) : Response(std::move(response)) {}  // NOLINT: implicit by design

  // A file reply: `status` and the headers of `head`, then `length` bytes of `file` from
  // `offset` (Content-Length is set to `length`; head's body is dropped).
  // REQUIRES: file != nullptr and offset + length <= file->size().
  static Reply File(Response head, std::shared_ptr<const blob::BlobFile> file, std::uint64_t offset,
                    std::uint64_t length);

  // The file body, when this is a file reply.
  std::optional<FileSlice> file;
  // Who made the request, for the request log ("-" when empty): set it in the handler once
  // the caller is authenticated, e.g. `reply.log_user = user.name`.
  std::string log_user;
};

}  // namespace appvault::server
