// A streaming route's request: its handler runs on a worker while the connection feeds it
// the body through a BodyChannel, a few 64 KiB pieces at a time. Internal to the server
// library.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "server/async_signal.h"
#include "server/body_channel.h"
#include "server/reply.h"
#include "server/transport.h"
#include "server/worker_pool.h"

namespace appvault::server {

using BodyParser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;

// One use: construct, then co_await Run. Runs on the connection's strand.
// Instantiated for PlainStream and TlsStream.
template <typename Stream>
class UploadPump {
 public:
  // `parser` has read the header. REQUIRES: stream, buffer and parser outlive Run; runs on
  // the stream's strand.
  UploadPump(Stream& stream, boost::beast::flat_buffer& buffer, BodyParser& parser,
             std::chrono::milliseconds read_timeout, std::uint64_t body_limit,
             bool expect_continue);

  // Runs `handler` on a worker and feeds it the body until it returns; its reply. Sends
  // `100 Continue` (when the client asked for it) at the handler's first Read, never when
  // the declared length is over the limit. Afterwards parser.is_done() tells whether the
  // whole body was read (the connection may then be kept alive).
  Awaitable<Reply> Run(WorkerPool& workers, std::function<Reply(BodyReader&)> handler);

  // The hand-off to the handler, for a stopping server to abort (BodyChannel::Finish).
  std::shared_ptr<BodyChannel> channel() const { return channel_; }

 private:
  bool ShouldRead() const;
  Awaitable<> ReadPiece();
  Awaitable<bool> SendContinue();
  void Finish(Status status);

  Stream& stream_;
  boost::beast::flat_buffer& buffer_;
  BodyParser& parser_;
  const std::chrono::milliseconds read_timeout_;
  const std::uint64_t body_limit_;
  bool continue_pending_;
  bool finished_ = false;       // Finish was called: nothing more to read
  std::uint64_t received_ = 0;  // body bytes read so far
  std::shared_ptr<AsyncSignal> signal_;
  std::shared_ptr<BodyChannel> channel_;
};

}  // namespace appvault::server
