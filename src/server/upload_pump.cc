#include "server/upload_pump.h"

#include <boost/asio/post.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <utility>

#include "server/request_errors.h"

namespace appvault::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::optional<std::uint64_t> DeclaredLength(const BodyParser& parser) {
  if (parser.chunked()) return std::nullopt;
  return parser.content_length().value_or(0);
}

}  // namespace

template <typename Stream>
UploadPump<Stream>::UploadPump(Stream& stream, beast::flat_buffer& buffer, BodyParser& parser,
                               std::chrono::milliseconds read_timeout, std::uint64_t body_limit,
                               bool expect_continue)
    : stream_(stream),
      buffer_(buffer),
      parser_(parser),
      read_timeout_(read_timeout),
      body_limit_(body_limit),
      continue_pending_(expect_continue),
      signal_(std::make_shared<AsyncSignal>(TcpLayer(stream).get_executor())),
      channel_(std::make_shared<BodyChannel>(DeclaredLength(parser),
                                             [signal = signal_] { signal->Notify(); })) {}

template <typename Stream>
Awaitable<Reply> UploadPump<Stream>::Run(WorkerPool& workers,
                                         std::function<Reply(BodyReader&)> handler) {
  auto executor = co_await asio::this_coro::executor;
  auto declared = parser_.content_length();  // boost::optional
  if (declared && *declared > body_limit_) {
    Finish(BodyTooLargeStatus(body_limit_));
  } else if (parser_.is_done()) {
    Finish(Status::Ok());
  }
  auto outcome = std::make_shared<std::optional<Reply>>();
  workers.Post([channel = channel_, signal = signal_, outcome, executor,
                handler = std::move(handler)]() mutable {
    Reply reply = handler(*channel);
    channel->Abandon();
    asio::post(executor, [outcome, signal, reply = std::move(reply)]() mutable {
      *outcome = std::move(reply);
      signal->Notify();
    });
  });
  while (!outcome->has_value()) {
    if (ShouldRead()) {
      co_await ReadPiece();
    } else {
      co_await signal_->Wait();
    }
  }
  co_return std::move(**outcome);
}

template <typename Stream>
bool UploadPump<Stream>::ShouldRead() const {
  return !finished_ && channel_->WantsMore() && (!continue_pending_ || channel_->Requested());
}

template <typename Stream>
void UploadPump<Stream>::Finish(Status status) {
  finished_ = true;
  channel_->Finish(std::move(status));
}

// Reads up to one piece (at most one byte past the limit, to tell that it is over) and
// queues it; finishes the channel at the end of the body or on an error.
template <typename Stream>
Awaitable<> UploadPump<Stream>::ReadPiece() {
  if (continue_pending_) {
    continue_pending_ = false;
    if (!co_await SendContinue()) {
      Finish(Status(StatusCode::kUnavailable, "the client went away"));
      co_return;
    }
  }
  std::uint64_t room = body_limit_ - received_;
  std::vector<char> piece = channel_->TakeBuffer();
  piece.resize(room >= BodyChannel::kPieceSize ? BodyChannel::kPieceSize
                                               : static_cast<std::size_t>(room) + 1);
  http::buffer_body::value_type& body = parser_.get().body();
  body.data = piece.data();
  body.size = piece.size();
  body.more = true;
  TcpLayer(stream_).expires_after(read_timeout_);
  beast::error_code error;
  co_await http::async_read(stream_, buffer_, parser_, Capture(error));
  if (error == http::error::need_buffer) error = {};
  std::size_t got = piece.size() - body.size;
  body.data = nullptr;
  body.size = 0;
  received_ += got;
  if (received_ > body_limit_) {
    Finish(BodyTooLargeStatus(body_limit_));
    co_return;
  }
  if (got > 0) {
    piece.resize(got);
    channel_->Push(std::move(piece));
  }
  if (error) {
    Finish(BodyReadStatus(error));
  } else if (parser_.is_done()) {
    Finish(Status::Ok());
  }
}

template <typename Stream>
Awaitable<bool> UploadPump<Stream>::SendContinue() {
  http::response<http::empty_body> go_on(http::status::continue_, 11);
  TcpLayer(stream_).expires_after(read_timeout_);
  beast::error_code error;
  co_await http::async_write(stream_, go_on, Capture(error));
  co_return !error;
}

template class UploadPump<PlainStream>;
template class UploadPump<TlsStream>;

}  // namespace appvault::server
