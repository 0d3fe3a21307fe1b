#include "server/body_stager.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <memory>
#include <utility>
#include <vector>

#include "server/request_errors.h"

namespace appvault::server {

namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kPiece = 64 * 1024;

// 408: the body came slower than the minimum rate.
Response TooSlow(std::uint64_t min_rate) {
  Response response =
      ErrorResponse(Status(StatusCode::kInvalidArgument,
                           "the request body arrived slower than this server's minimum "
                           "of " +
                               std::to_string(min_rate) + " bytes per second (--min-upload-rate)"));
  response.result(http::status::request_timeout);
  return response;
}

// When the body must have `received` bytes at the latest to keep the minimum rate.
Clock::time_point RateDeadline(Clock::time_point start, const UploadPace& pace,
                               std::uint64_t received) {
  if (pace.min_rate == 0) return Clock::time_point::max();
  auto owed = std::chrono::milliseconds(received * 1000 / pace.min_rate);
  return start + pace.rate_grace + owed;
}

// Cancels the reads of `tcp` at `deadline` (never for time_point::max()) and tells whether
// it did. One per read; destroying it disarms it.
class RateWatch {
 public:
  RateWatch(beast::tcp_stream& tcp, Clock::time_point deadline)
      : timer_(tcp.get_executor()), fired_(std::make_shared<bool>(false)) {
    if (deadline == Clock::time_point::max()) return;
    timer_.expires_at(deadline);
    timer_.async_wait([&tcp, fired = fired_](const beast::error_code& error) {
      if (error) return;  // disarmed
      *fired = true;
      tcp.cancel();
    });
  }
  ~RateWatch() { timer_.cancel(); }
  RateWatch(const RateWatch&) = delete;
  RateWatch& operator=(const RateWatch&) = delete;

  bool Fired() const { return *fired_; }

 private:
  boost::asio::steady_timer timer_;
  std::shared_ptr<bool> fired_;  // shared with the handler, which may run after *this ends
};

StagedBody Refuse(Response refusal) {
  return StagedBody{std::nullopt, std::move(refusal)};
}

}  // namespace

template <typename Stream>
Awaitable<StagedBody> StageBody(Stream& stream, beast::flat_buffer& buffer, BodyParser& parser,
                                std::uint64_t body_limit, UploadPace pace,
                                const std::string& spool_dir) {
  std::optional<std::uint64_t> declared;
  if (!parser.chunked()) declared = parser.content_length().value_or(0);
  Result<BodySpool> spool = BodySpool::Create(spool_dir, declared);
  if (!spool.ok()) co_return Refuse(ErrorResponse(spool.status()));
  const Clock::time_point start = Clock::now();
  std::vector<char> piece(kPiece);
  std::uint64_t received = 0;
  while (!parser.is_done()) {
    const std::uint64_t room = body_limit - received;
    http::buffer_body::value_type& body = parser.get().body();
    body.data = piece.data();
    body.size = static_cast<std::size_t>(std::min<std::uint64_t>(piece.size(), room + 1));
    body.more = true;
    const std::size_t offered = body.size;
    // The stall timeout closes the socket (the peer sent nothing: nothing to answer); the
    // rate deadline only cancels the read, so that the refusal can still be sent.
    RateWatch too_slow(TcpLayer(stream), RateDeadline(start, pace, received));
    TcpLayer(stream).expires_after(pace.stall_timeout);
    beast::error_code error;
    co_await http::async_read_some(stream, buffer, parser, Capture(error));
    const bool slow = too_slow.Fired();
    if (error == http::error::need_buffer) error = {};
    const std::size_t got = offered - body.size;
    body.data = nullptr;
    body.size = 0;
    received += got;
    if (received > body_limit) co_return Refuse(BodyTooLarge(body_limit));
    if (got > 0) {
      Status appended = spool->Append(std::string_view(piece.data(), got));
      if (!appended.ok()) co_return Refuse(ErrorResponse(appended));
    }
    if (slow) {
      spdlog::info(
          "upload cut off: it arrived slower than {} bytes per second "
          "(--min-upload-rate)",
          pace.min_rate);
      co_return Refuse(TooSlow(pace.min_rate));
    }
    if (error && IsParseError(error)) co_return Refuse(ErrorResponse(BodyReadStatus(error)));
    if (error) co_return StagedBody{};  // gone, or silent for the stall timeout
  }
  co_return StagedBody{std::move(spool).value(), std::nullopt};
}

template Awaitable<StagedBody> StageBody(PlainStream&, beast::flat_buffer&, BodyParser&,
                                         std::uint64_t, UploadPace, const std::string&);
template Awaitable<StagedBody> StageBody(TlsStream&, beast::flat_buffer&, BodyParser&,
                                         std::uint64_t, UploadPace, const std::string&);

}  // namespace appvault::server
