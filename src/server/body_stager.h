// Receiving a streaming route's body on the io side, into a BodySpool, before its handler
// runs: a body that has not arrived holds no worker. Internal to the server library.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "server/asio_coro.h"
#include "server/body_spool.h"
#include "server/response.h"
#include "server/transport.h"

namespace appvault::server {

using BodyParser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;

// How fast a body must arrive. A value type.
struct UploadPace {
  // The longest the peer may send nothing (HttpServerOptions::read_timeout).
  std::chrono::milliseconds stall_timeout{30000};
  // The slowest average a body may arrive at, in bytes per second, once `rate_grace` has
  // passed since its header: by then + t it must have sent min_rate × t bytes. 0: no minimum.
  std::uint64_t min_rate = 0;
  std::chrono::milliseconds rate_grace{10000};
};

// The outcome of staging a body: the body, or the refusal to answer with (413 over the
// limit, 400 malformed, 408 too slow, 503 the spool cannot be written), or neither when the
// connection just ends (the peer went away or stalled past the stall timeout).
struct StagedBody {
  std::optional<BodySpool> body;
  std::optional<Response> refusal;
};

// Reads the rest of the body `parser` has the header of into a new spool in `spool_dir`
// (at most `body_limit` bytes). Runs on the stream's executor; every socket read is bounded
// by the stall timeout and the minimum rate. Afterwards parser.is_done() tells whether the
// whole body was read. REQUIRES: stream, buffer and parser outlive the call.
template <typename Stream>
Awaitable<StagedBody> StageBody(Stream& stream, boost::beast::flat_buffer& buffer,
                                BodyParser& parser, std::uint64_t body_limit, UploadPace pace,
                                const std::string& spool_dir);

}  // namespace appvault::server
