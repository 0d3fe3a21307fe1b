#include "server/reply_writer.h"

#include <spdlog/spdlog.h>
#include <sys/sendfile.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cerrno>
#include <memory>
#include <vector>

namespace appvault::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// One sendfile(2) call asks for at most this much; the socket buffer takes less.
constexpr std::size_t kSendfileChunk = 1 << 20;
// A file body sent without ever waiting yields the io thread to others this often.
constexpr std::uint64_t kYieldEvery = 8 << 20;
// Through TLS a file is read and written in pieces of this size.
constexpr std::size_t kCopyChunk = 64 * 1024;

// Waits until `socket` is writable, at most `timeout`. The timer's handler touches the
// socket only while the wait is in progress (so never after the connection is gone).
Awaitable<beast::error_code> WaitWritable(tcp::socket& socket, std::chrono::milliseconds timeout) {
  struct WaitState {
    bool waiting = true;
    bool timed_out = false;
  };
  auto state = std::make_shared<WaitState>();
  asio::steady_timer timer(socket.get_executor(), timeout);
  timer.async_wait([state, &socket](const beast::error_code& error) {
    if (error || !state->waiting) return;
    state->timed_out = true;
    beast::error_code ignored;
    socket.cancel(ignored);
  });
  beast::error_code error;
  co_await socket.async_wait(tcp::socket::wait_write, Capture(error));
  state->waiting = false;
  timer.cancel();
  if (state->timed_out) error = beast::error::timeout;
  co_return error;
}

// The file slice through sendfile(2) on the non-blocking socket.
Awaitable<WriteOutcome> SendFileBody(PlainStream& stream, const FileSlice& slice,
                                     std::chrono::milliseconds timeout) {
  tcp::socket& socket = stream.socket();
  beast::error_code error;
  socket.native_non_blocking(true, error);
  if (error) co_return WriteOutcome{false, 0};
  off_t offset = static_cast<off_t>(slice.offset);
  WriteOutcome outcome{false, 0};
  std::uint64_t since_yield = 0;
  while (outcome.body_bytes < slice.length) {
    std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>(slice.length - outcome.body_bytes, kSendfileChunk));
    ssize_t sent = ::sendfile(socket.native_handle(), slice.file->fd(), &offset, want);
    if (sent > 0) {
      outcome.body_bytes += static_cast<std::uint64_t>(sent);
      since_yield += static_cast<std::uint64_t>(sent);
      if (since_yield >= kYieldEvery) {
        since_yield = 0;
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
      }
      continue;
    }
    if (sent == 0) {
      spdlog::error("file body ended {} bytes early", slice.length - outcome.body_bytes);
      co_return outcome;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) co_return outcome;  // EPIPE, ECONNRESET, …
    since_yield = 0;
    if (co_await WaitWritable(socket, timeout)) co_return outcome;
  }
  outcome.ok = true;
  co_return outcome;
}

// The file slice read with pread and written through the stream, piece by piece.
template <typename Stream>
Awaitable<WriteOutcome> CopyFileBody(Stream& stream, const FileSlice& slice,
                                     std::chrono::milliseconds timeout) {
  std::vector<char> piece(kCopyChunk);
  WriteOutcome outcome{false, 0};
  while (outcome.body_bytes < slice.length) {
    std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>(slice.length - outcome.body_bytes, piece.size()));
    Result<std::size_t> got =
        slice.file->ReadAt(slice.offset + outcome.body_bytes, want, piece.data());
    if (!got.ok() || *got == 0) {
      spdlog::error("file body unreadable after {} bytes: {}", outcome.body_bytes,
                    got.ok() ? "it ended early" : got.status().ToString());
      co_return outcome;
    }
    TcpLayer(stream).expires_after(timeout);
    beast::error_code error;
    co_await asio::async_write(stream, asio::buffer(piece.data(), *got), Capture(error));
    if (error) co_return outcome;
    outcome.body_bytes += *got;
  }
  outcome.ok = true;
  co_return outcome;
}

// The status line and headers of `reply`, as they are (Content-Length included).
template <typename Stream>
Awaitable<bool> WriteHead(Stream& stream, const Reply& reply, std::chrono::milliseconds timeout) {
  http::response<http::empty_body> head(reply.base());
  TcpLayer(stream).expires_after(timeout);
  beast::error_code error;
  co_await http::async_write(stream, head, Capture(error));
  co_return !error;
}

template <typename Stream>
Awaitable<WriteOutcome> WriteFileReply(Stream& stream, Reply& reply,
                                       std::chrono::milliseconds timeout) {
  const bool head_written = co_await WriteHead(stream, reply, timeout);
  if (!head_written) co_return WriteOutcome{false, 0};
  if constexpr (kIsTls<Stream>) {
    co_return co_await CopyFileBody(stream, *reply.file, timeout);
  } else {
    co_return co_await SendFileBody(stream, *reply.file, timeout);
  }
}

}  // namespace

template <typename Stream>
Awaitable<WriteOutcome> WriteReply(Stream& stream, Reply& reply, std::chrono::milliseconds timeout,
                                   bool send_body) {
  if (!send_body) {
    const bool head_written = co_await WriteHead(stream, reply, timeout);
    co_return WriteOutcome{head_written, 0};
  }
  if (reply.file) co_return co_await WriteFileReply(stream, reply, timeout);
  TcpLayer(stream).expires_after(timeout);
  beast::error_code error;
  co_await http::async_write(stream, static_cast<Response&>(reply), Capture(error));
  co_return WriteOutcome{!error, error ? 0 : reply.body().size()};
}

template Awaitable<WriteOutcome> WriteReply<PlainStream>(PlainStream&, Reply&,
                                                         std::chrono::milliseconds, bool);
template Awaitable<WriteOutcome> WriteReply<TlsStream>(TlsStream&, Reply&,
                                                       std::chrono::milliseconds, bool);

}  // namespace appvault::server
