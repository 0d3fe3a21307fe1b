// WriteBehind: full buffers of one file handed to a thread of its own, which puts them through
// a sink (the disk write and the digests) in order — so that a download's writing and hashing
// go on while libcurl receives the next bytes, on another core.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/status.h"

namespace appvault::client::transfer {

// Thread-safety: one owner thread calls everything; the sink runs on the worker thread, one
// call at a time, never while the owner is between Drain() and its next Submit().
class WriteBehind {
 public:
  using Sink = std::function<Status(std::string_view bytes)>;
  // Buffers are aligned to this (what O_DIRECT asks of memory on common file systems).
  static constexpr std::size_t kAlignment = 4096;

  // buffer_size: each buffer's size (a multiple of kAlignment); in_flight: buffers queued at
  // most (Submit waits beyond). The thread starts with the first Submit.
  WriteBehind(Sink sink, std::size_t buffer_size, int in_flight);
  ~WriteBehind();  // Drain(), then the thread ends
  WriteBehind(const WriteBehind&) = delete;
  WriteBehind& operator=(const WriteBehind&) = delete;

  // The buffer being filled: buffer_size() bytes, kAlignment-aligned, its content undefined.
  char* buffer() { return filling_.get(); }
  std::size_t buffer_size() const { return buffer_size_; }

  // Queues the first `length` bytes of buffer() for the sink and makes buffer() a fresh one
  // (waiting while in_flight buffers are queued). Errors: kUnavailable when the thread
  // cannot start (nothing queued; the bytes are still in buffer()).
  Status Submit(std::size_t length);
  // Waits until every queued buffer has been through the sink. Returns the sink's first
  // error since the last Drain; the buffers queued after an error are dropped, unsunk.
  Status Drain();
  // Whether the sink has failed since the last Drain (for a quick check while filling).
  bool failed() const { return failed_.load(std::memory_order_relaxed); }

 private:
  struct Free {
    void operator()(char* p) const;
  };
  using Buffer = std::unique_ptr<char, Free>;
  struct Queued {
    Buffer buffer;
    std::size_t length = 0;
  };
  Buffer NewBuffer() const;
  void Loop();

  const Sink sink_;
  const std::size_t buffer_size_;
  const std::size_t in_flight_;
  Buffer filling_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Queued> queue_;
  std::vector<Buffer> spare_;
  bool busy_ = false;     // the worker holds a buffer
  bool closing_ = false;  // the destructor asks the worker to end
  Status error_;
  std::atomic<bool> failed_{false};
  std::thread thread_;
};

}  // namespace appvault::client::transfer
