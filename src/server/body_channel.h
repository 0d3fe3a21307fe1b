// The bounded hand-off of a streamed request body from the connection (io thread) to the
// handler (worker thread). Internal to the server library.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "server/body_reader.h"

namespace appvault::server {

// The worker reads through the BodyReader interface; the io side pushes pieces of at most
// kPieceSize bytes while WantsMore(), so at most kMaxQueued pieces are ever held.
// Thread-safety: Read/Abandon on the worker; the rest on the connection's strand.
class BodyChannel : public BodyReader {
 public:
  static constexpr std::size_t kPieceSize = 64 * 1024;
  static constexpr std::size_t kMaxQueued = 4;

  // `wake_io` is called on the worker thread, with no lock held, when the io side may have
  // something to do: the first Read, and each time a queued piece has been used up.
  BodyChannel(std::optional<std::uint64_t> content_length, std::function<void()> wake_io)
      : content_length_(content_length), wake_io_(std::move(wake_io)) {}

  // Worker side (BodyReader).
  Result<std::size_t> Read(char* buffer, std::size_t size) override;
  std::optional<std::uint64_t> content_length() const override { return content_length_; }
  // The handler has returned: drop what is queued and whatever is pushed later.
  void Abandon();

  // Io side.
  // Whether Read has been called: a client that sent `Expect: 100-continue` is told to go
  // on only then.
  bool Requested() const;
  // Whether a piece may be pushed: the queue has room, the handler still reads and the body
  // is not finished.
  bool WantsMore() const;
  // An empty buffer with capacity for a piece (recycled from used pieces when possible).
  std::vector<char> TakeBuffer();
  // Queues `piece` (1..kPieceSize bytes); dropped after Finish or Abandon.
  void Push(std::vector<char> piece);
  // The end of the body: Read returns what is queued, then 0 (ok) or `status`. The first
  // call wins; later ones are ignored. Thread-safe: a stopping server calls it from its own
  // thread to release a handler waiting for bytes that will never come.
  void Finish(Status status);

 private:
  struct Piece {
    std::vector<char> bytes;
    std::size_t consumed = 0;
  };

  const std::optional<std::uint64_t> content_length_;
  const std::function<void()> wake_io_;
  mutable std::mutex mu_;
  std::condition_variable ready_;  // a piece was queued, or the body finished
  std::deque<Piece> queue_;        // guarded by mu_, as are the members below
  std::vector<std::vector<char>> spare_;
  bool requested_ = false;
  bool finished_ = false;
  bool abandoned_ = false;
  Status end_;
};

}  // namespace appvault::server
