#include "client/transfer/write_behind.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <system_error>
#include <utility>

namespace appvault::client::transfer {
namespace {

// Buffers of ended WriteBehinds, kept for the next ones: a restore downloads file after file,
// and fresh memory would be faulted in and zeroed for each. At most kPooledBuffers.
constexpr std::size_t kPooledBuffers = 16;
struct Pooled {
  std::size_t size;
  char* data;
};
std::mutex pool_mutex;
std::vector<Pooled>* pool = new std::vector<Pooled>();  // never destroyed (exit order)

char* FromPool(std::size_t size) {
  std::lock_guard lock(pool_mutex);
  for (auto it = pool->begin(); it != pool->end(); ++it) {
    if (it->size != size) continue;
    char* data = it->data;
    pool->erase(it);
    return data;
  }
  return nullptr;
}

// Takes p (of size bytes) into the pool, or frees it when the pool is full.
void ToPool(std::size_t size, char* p) {
  {
    std::lock_guard lock(pool_mutex);
    if (pool->size() < kPooledBuffers) {
      pool->push_back(Pooled{size, p});
      return;
    }
  }
  std::free(p);
}

}  // namespace

void WriteBehind::Free::operator()(char* p) const {
  std::free(p);
}

WriteBehind::WriteBehind(std::vector<Stage> stages, std::size_t buffer_size, int in_flight)
    : stages_(std::move(stages)),
      buffer_size_(buffer_size),
      in_flight_(static_cast<std::size_t>(in_flight < 1 ? 1 : in_flight)),
      filling_(NewBuffer()),
      queues_(stages_.size()) {}

WriteBehind::~WriteBehind() {
  (void)Drain();
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  for (std::thread& thread : threads_)
    thread.join();
  ToPool(buffer_size_, filling_.release());
  for (Buffer& buffer : spare_)
    ToPool(buffer_size_, buffer.release());
}

WriteBehind::Buffer WriteBehind::NewBuffer() const {
  if (char* pooled = FromPool(buffer_size_)) return Buffer(pooled);
  void* p = std::aligned_alloc(kAlignment, buffer_size_);
  if (p == nullptr) throw std::bad_alloc();
  return Buffer(static_cast<char*>(p));
}

Status WriteBehind::StartThreads() {
  try {
    while (threads_.size() < stages_.size()) {
      const std::size_t stage = threads_.size();
      threads_.emplace_back([this, stage] { Loop(stage); });
    }
  } catch (const std::system_error& e) {
    return Status(StatusCode::kUnavailable,
                  std::string("cannot start a writer thread: ") + e.what());
  }
  return Status::Ok();
}

Status WriteBehind::Submit(std::size_t length) {
  if (Status started = StartThreads(); !started.ok()) return started;
  Buffer next;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return in_pipeline_ < in_flight_; });
    queues_.front().push_back(Queued{std::move(filling_), length, submitted_++});
    ++in_pipeline_;
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  changed_.notify_all();
  filling_ = next ? std::move(next) : NewBuffer();
  return Status::Ok();
}

Status WriteBehind::Drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return in_pipeline_ == 0; });
  Status error = std::move(error_);
  error_ = Status::Ok();
  stop_at_ = UINT64_MAX;
  failed_.store(false, std::memory_order_relaxed);
  return error;
}

void WriteBehind::Loop(std::size_t stage) {
  std::deque<Queued>& queue = queues_[stage];
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return closing_ || !queue.empty(); });
    if (queue.empty()) return;  // closing, and nothing left
    Queued next = std::move(queue.front());
    queue.pop_front();
    const bool run = next.sequence < stop_at_;
    lock.unlock();
    Status status =
        run ? stages_[stage](std::string_view(next.buffer.get(), next.length)) : Status::Ok();
    lock.lock();
    if (!status.ok()) {
      if (error_.ok()) error_ = std::move(status);
      stop_at_ = std::min(stop_at_, next.sequence);
      failed_.store(true, std::memory_order_relaxed);
    }
    if (next.sequence < stop_at_ && stage + 1 < stages_.size()) {
      queues_[stage + 1].push_back(std::move(next));
    } else {
      spare_.push_back(std::move(next.buffer));
      --in_pipeline_;
    }
    changed_.notify_all();
  }
}

}  // namespace appvault::client::transfer
