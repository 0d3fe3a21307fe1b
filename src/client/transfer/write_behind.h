// WriteBehind: full buffers of one file put through a pipeline of stages (the disk write, then
// the digests), each stage on a thread of its own and taking the buffers in order — so that a
// download's writing and hashing go on while libcurl receives the next bytes, and the hashing
// of one buffer while the next one is being written.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/status.h"

namespace appvault::client::transfer {

// Thread-safety: one owner thread calls everything; each stage runs on its own thread, one
// call at a time, never while the owner is between Drain() and its next Submit().
class WriteBehind {
 public:
  using Stage = std::function<Status(std::string_view bytes)>;
  // Buffers are aligned to this (what O_DIRECT asks of memory on common file systems).
  static constexpr std::size_t kAlignment = 4096;

  // stages: in order, each buffer goes through all (the first's error ends that: see Drain).
  // buffer_size: each buffer's size (a multiple of kAlignment); in_flight: buffers in the
  // pipeline at most (Submit waits beyond). The threads start with the first Submit.
  WriteBehind(std::vector<Stage> stages, std::size_t buffer_size, int in_flight);
  ~WriteBehind();  // Drain(), then the threads end
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;

  // The buffer being filled: buffer_size() bytes, kAlignment-aligned, its content undefined.
  char* buffer() { return filling_.get(); }
  std::size_t buffer_size() const { return buffer_size_; }

  // Queues the first `length` bytes of buffer() for the stages and makes buffer() a fresh
  // one (waiting while in_flight buffers are in the pipeline). Errors: kUnavailable when the
  // threads cannot start (nothing queued; the bytes are still in buffer()).
  Status Submit(std::size_t length);
  // Waits until every queued buffer is through. Returns the first error of a stage since the
  // last Drain. A buffer a stage failed on goes no further, nor does any submitted after it:
  // every stage has taken each buffer submitted before the failed one (and the stages before
  // the failing one may have taken that one and a few after it).
  Status Drain();
  // Whether a stage has failed since the last Drain (for a quick check while filling).
  bool failed() const { return failed_.load(std::memory_order_relaxed); }

 private:
  struct Free {
    void operator()(char* p) const;
  };
  using Buffer = std::unique_ptr<char, Free>;
  struct Queued {
    Buffer buffer;
    std::size_t length = 0;
    std::uint64_t sequence = 0;  // submission order
  };
  Buffer NewBuffer() const;
  Status StartThreads();
  void Loop(std::size_t stage);

  const std::vector<Stage> stages_;
  const std::size_t buffer_size_;
  const std::size_t in_flight_;
  Buffer filling_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::deque<Queued>> queues_;  // per stage: the buffers waiting for it
  std::vector<Buffer> spare_;
  std::size_t in_pipeline_ = 0;         // buffers submitted and not yet back in spare_
  std::uint64_t submitted_ = 0;         // buffers submitted so far (the next one's sequence)
  std::uint64_t stop_at_ = UINT64_MAX;  // buffers from this sequence on go no further
  bool closing_ = false;                // the destructor asks the threads to end
  Status error_;
  std::atomic<bool> failed_{false};
  std::vector<std::thread> threads_;
};

}  // namespace appvault::client::transfer
