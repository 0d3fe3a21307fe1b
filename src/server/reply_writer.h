// Writing a Reply on a connection: a body in memory with Beast; a file body with
// sendfile(2) on plain TCP, or read and written in 64 KiB pieces through TLS. Internal to
// the server library.
#pragma once

#include <chrono>

#include "server/reply.h"
#include "server/request_log.h"
#include "server/transport.h"

namespace appvault::server {

// Writes `reply` (version, keep-alive and Content-Length already set) on `stream`. A body in
// memory must be written whole within `timeout`; a file body may take as long as it needs
// but fails when the peer accepts no byte for `timeout`. With `send_body` false (the answer
// to a HEAD request) only the status line and headers are written, Content-Length included.
// Never throws; a failure (peer gone, timeout, a file shorter than promised) leaves the
// connection unusable.
// REQUIRES: runs on the stream's strand. Instantiated for PlainStream and TlsStream.
template <typename Stream>
Awaitable<WriteOutcome> WriteReply(Stream& stream, Reply& reply, std::chrono::milliseconds timeout,
                                   bool send_body = true);

}  // namespace appvault::server
