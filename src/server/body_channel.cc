#include "server/body_channel.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace appvault::server {

namespace {

constexpr std::size_t kMaxSpare = 2;

}  // namespace

Result<std::size_t> BodyChannel::Read(char* buffer, std::size_t size) {
  std::unique_lock lock(mu_);
  if (!requested_) {
    requested_ = true;
    lock.unlock();
    wake_io_();
    lock.lock();
  }
  ready_.wait(lock, [this] { return !queue_.empty() || finished_; });
  if (queue_.empty()) {
    if (!end_.ok()) return end_;
    return std::size_t{0};
  }
  Piece& front = queue_.front();
  std::size_t n = std::min(size, front.bytes.size() - front.consumed);
  std::memcpy(buffer, front.bytes.data() + front.consumed, n);
  front.consumed += n;
  if (front.consumed < front.bytes.size()) return n;
  if (spare_.size() < kMaxSpare) spare_.push_back(std::move(front.bytes));
  queue_.pop_front();
  lock.unlock();
  wake_io_();
  return n;
}

void BodyChannel::Abandon() {
  std::lock_guard lock(mu_);
  abandoned_ = true;
  queue_.clear();
  spare_.clear();
}

bool BodyChannel::Requested() const {
  std::lock_guard lock(mu_);
  return requested_;
}

bool BodyChannel::WantsMore() const {
  std::lock_guard lock(mu_);
  return !abandoned_ && !finished_ && queue_.size() < kMaxQueued;
}

std::vector<char> BodyChannel::TakeBuffer() {
  std::lock_guard lock(mu_);
  std::vector<char> buffer;
  if (!spare_.empty()) {
    buffer = std::move(spare_.back());
    spare_.pop_back();
  }
  buffer.clear();
  buffer.reserve(kPieceSize);
  return buffer;
}

void BodyChannel::Push(std::vector<char> piece) {
  std::lock_guard lock(mu_);
  if (abandoned_ || finished_) return;
  queue_.push_back(Piece{std::move(piece), 0});
  ready_.notify_one();
}

void BodyChannel::Finish(Status status) {
  std::lock_guard lock(mu_);
  if (finished_) return;
  finished_ = true;
  end_ = std::move(status);
  ready_.notify_one();
}

}  // namespace appvault::server
