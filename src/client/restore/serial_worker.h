// SerialWorker: one thread that runs posted work in order — the restore engine installs on it
// while the downloads go on, since a Device is used from one thread at a time.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace appvault::client::restore {

// Thread-safety: Post from any thread; Join from one thread (not the worker).
class SerialWorker {
 public:
  SerialWorker();
  ~SerialWorker();  // Join()
  SerialWorker(const SerialWorker&) = delete;
  SerialWorker& operator=(const SerialWorker&) = delete;

  // Queues work (which must not throw). REQUIRES: Join has not been called.
  void Post(std::function<void()> work);
  // Runs everything queued, then ends the thread. Idempotent.
  void Join();

 private:
  void Loop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace appvault::client::restore
