// PeriodicCollector: serve's background garbage collection (`--gc-interval`): Collect() on a
// thread of its own, once every interval, until destroyed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "gc/collector.h"

namespace appvault::gc {

class PeriodicCollector {
 public:
  using Clock = std::function<std::int64_t()>;  // now, in seconds since the epoch
  // Told the outcome of every collection (on the collector's thread).
  using Log = std::function<void(const Result<CollectReport>&)>;

  // Starts the thread; the first collection runs one interval from now (not at start-up,
  // which stays fast). A failed collection is logged and the next one runs as planned.
  // REQUIRES: interval > 0; store and blobs outlive this object.
  PeriodicCollector(store::MetadataStore& store, blob::BlobStore& blobs, Clock clock,
                    std::chrono::milliseconds interval, CollectOptions options, Log log);
  // Stops the thread, after the collection in progress (if any) ends.
  ~PeriodicCollector();
  PeriodicCollector(const PeriodicCollector&) = delete;
  PeriodicCollector& operator=(const PeriodicCollector&) = delete;

 private:
  void Run(std::stop_token stop);

  store::MetadataStore& store_;
  blob::BlobStore& blobs_;
  const Clock clock_;
  const std::chrono::milliseconds interval_;
  const CollectOptions options_;
  const Log log_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: started once every member above is ready
};

}  // namespace appvault::gc
