#include "server/server_load.h"

namespace appvault::server {

void ServerLoad::SetWorkers(int workers) {
  std::lock_guard lock(mu_);
  workers_ = workers;
}

void ServerLoad::Queued() {
  std::lock_guard lock(mu_);
  waiting_.push_back(Clock::now());
}

void ServerLoad::Started() {
  std::lock_guard lock(mu_);
  if (!waiting_.empty()) waiting_.pop_front();
  ++busy_;
}

void ServerLoad::Ended() {
  std::lock_guard lock(mu_);
  --busy_;
}

void ServerLoad::UploadBegan() {
  std::lock_guard lock(mu_);
  ++uploads_;
}

void ServerLoad::UploadEnded() {
  std::lock_guard lock(mu_);
  --uploads_;
}

ServerLoad::Numbers ServerLoad::Read() const {
  std::lock_guard lock(mu_);
  Numbers numbers;
  numbers.workers = workers_;
  numbers.busy = busy_;
  numbers.queued = waiting_.size();
  if (!waiting_.empty()) {
    numbers.oldest_wait =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - waiting_.front());
  }
  numbers.uploads = uploads_;
  return numbers;
}

}  // namespace appvault::server
