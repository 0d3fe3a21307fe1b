// How busy a server is, for `/healthz` to tell the truth: the handlers waiting for a worker
// (and how long the oldest has waited) and the uploads being received.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>

namespace appvault::server {

// Fed by the server (its worker pool and its connections), read by the health route.
// Thread-safety: every method may be called from any thread.
class ServerLoad {
 public:
  using Clock = std::chrono::steady_clock;

  // A snapshot. A value type.
  struct Numbers {
    int workers = 0;                           // worker threads
    int busy = 0;                              // of them running a handler now
    std::size_t queued = 0;                    // handlers waiting for a worker
    std::chrono::milliseconds oldest_wait{0};  // how long the first of them has waited
    std::size_t uploads = 0;                   // request bodies being received (no worker)
  };

  // `workers`: the size of the pool the numbers are of.
  explicit ServerLoad(int workers = 0) : workers_(workers) {}
  ServerLoad(const ServerLoad&) = delete;
  ServerLoad& operator=(const ServerLoad&) = delete;

  void SetWorkers(int workers);
  // A piece of work was queued for a worker; it started; it ended. The pool runs work in
  // the order it was queued, so the one started is the oldest queued.
  void Queued();
  void Started();
  void Ended();
  // A request body began / stopped arriving.
  void UploadBegan();
  void UploadEnded();

  Numbers Read() const;

  // Counts one upload for its lifetime (UploadBegan … UploadEnded).
  class Upload {
   public:
    explicit Upload(ServerLoad& load) : load_(load) { load_.UploadBegan(); }
    ~Upload() { load_.UploadEnded(); }
    Upload(const Upload&) = delete;
    Upload& operator=(const Upload&) = delete;

   private:
    ServerLoad& load_;
  };

 private:
  mutable std::mutex mu_;
  int workers_;  // guarded by mu_, as are the members below
  int busy_ = 0;
  std::deque<Clock::time_point> waiting_;  // when each queued piece of work was queued
  std::size_t uploads_ = 0;
};

}  // namespace appvault::server
