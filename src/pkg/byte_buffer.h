// ByteBuffer: a fixed-size byte buffer for the read paths (internal to src/pkg). Its bytes
// start uninitialised: a buffer that is read into gains nothing from being zero-filled
// first, and zero-filling 64 KiB per zip entry or megabytes of digest slots is measurable.
// A buffer of kHugePageSize bytes or more is aligned to that size and advised to be backed
// by transparent huge pages: touching fresh memory 4 KiB at a time costs a page fault each,
// which on a virtual machine made up a third of the time to read a big package.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace appvault::pkg {

inline constexpr std::size_t kHugePageSize = std::size_t{2} << 20;

class ByteBuffer {
 public:
  ByteBuffer() = default;
  // Throws std::bad_alloc when out of memory, as new does.
  explicit ByteBuffer(std::size_t size);

  std::uint8_t* data() { return data_.get(); }
  const std::uint8_t* data() const { return data_.get(); }
  std::size_t size() const { return size_; }

 private:
  struct Free {
    void operator()(std::uint8_t* p) const;
  };

  std::unique_ptr<std::uint8_t[], Free> data_;
  std::size_t size_ = 0;
};

// The largest buffer kept as the spare (ReturnScratchBuffer).
inline constexpr std::size_t kMaxSpareBytes = std::size_t{16} << 20;

// A buffer of at least `size` bytes for one read pass: the spare kept from an earlier pass
// when it is big enough, else a new one. Reading packages one after another (a restore's
// checks) then does not fault in and zero megabytes of fresh memory per package.
// Thread-safe.
ByteBuffer TakeScratchBuffer(std::size_t size);
// Keeps `buffer` as the spare when it is larger than the spare and at most kMaxSpareBytes;
// frees the other. So at most one spare, of at most kMaxSpareBytes, stays allocated. Thread-safe.
void ReturnScratchBuffer(ByteBuffer buffer);

}  // namespace appvault::pkg
