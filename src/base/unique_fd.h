// UniqueFd: an owned POSIX file descriptor, closed on destruction.
#pragma once

namespace appvault::base {

// Move-only owner of a file descriptor (-1 when empty). Not thread-safe: one owner at a time.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Gives the descriptor up without closing it; the object is empty afterwards.
  int Release();
  // Closes the descriptor (if any); the object is empty afterwards.
  void Reset();

 private:
  int fd_ = -1;
};

}  // namespace appvault::base
