#include "client/transfer/write_behind.h"

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

WriteBehind::WriteBehind(Sink sink, std::size_t buffer_size, int in_flight)
    : sink_(std::move(sink)),
      buffer_size_(buffer_size),
      in_flight_(static_cast<std::size_t>(in_flight < 1 ? 1 : in_flight)),
      filling_(NewBuffer()) {}

WriteBehind::~WriteBehind() {
  (void)Drain();
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
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

Status WriteBehind::Submit(std::size_t length) {
  if (!thread_.joinable()) {
    try {
      thread_ = std::thread([this] { Loop(); });
    } catch (const std::system_error& e) {
      return Status(StatusCode::kUnavailable,
                    std::string("cannot start a writer thread: ") + e.what());
    }
  }
  Buffer next;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return queue_.size() < in_flight_; });
    queue_.push_back(Queued{std::move(filling_), length});
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
  changed_.wait(lock, [&] { return queue_.empty() && !busy_; });
  Status error = std::move(error_);
  error_ = Status::Ok();
  failed_.store(false, std::memory_order_relaxed);
  return error;
}

void WriteBehind::Loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return closing_ || !queue_.empty(); });
    if (queue_.empty()) return;  // closing, and nothing left
    Queued next = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    const bool sink = error_.ok();
    lock.unlock();
    Status status = sink ? sink_(std::string_view(next.buffer.get(), next.length)) : Status::Ok();
    lock.lock();
    if (!status.ok() && error_.ok()) {
      error_ = std::move(status);
      failed_.store(true, std::memory_order_relaxed);
    }
    spare_.push_back(std::move(next.buffer));
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace appvault::client::transfer
