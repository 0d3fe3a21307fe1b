#include "gc/periodic_collector.h"

namespace appvault::gc {

PeriodicCollector::PeriodicCollector(store::MetadataStore& store, blob::BlobStore& blobs,
                                     Clock clock, std::chrono::milliseconds interval,
                                     CollectOptions options, Log log)
    : store_(store),
      blobs_(blobs),
      clock_(std::move(clock)),
      interval_(interval),
      options_(std::move(options)),
      log_(std::move(log)),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

PeriodicCollector::~PeriodicCollector() {
  thread_.request_stop();  // wakes the wait in Run
  thread_.join();
}

void PeriodicCollector::Run(std::stop_token stop) {
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, stop, interval_, [] { return false; });  // the interval, or a stop
      if (stop.stop_requested()) return;
    }
    Result<CollectReport> report = Collect(store_, blobs_, clock_(), options_);
    if (log_) log_(report);
  }
}

}  // namespace appvault::gc
