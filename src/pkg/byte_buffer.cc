// ByteBuffer: malloc for small buffers, huge-page-aligned memory for big ones.
#include "pkg/byte_buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <mutex>
#include <new>
#include <utility>

namespace appvault::pkg {
namespace {

// Memory for size bytes (at least one), uninitialised.
void* Allocate(std::size_t size) {
  if (size < kHugePageSize) return std::malloc(size == 0 ? 1 : size);
  const std::size_t rounded = (size + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
  void* p = std::aligned_alloc(kHugePageSize, rounded);
  if (p != nullptr) (void)madvise(p, rounded, MADV_HUGEPAGE);  // a hint: fine if refused
  return p;
}

std::mutex spare_mu;
ByteBuffer* spare = new ByteBuffer();  // guarded by spare_mu; never destroyed (exit order)

}  // namespace

ByteBuffer TakeScratchBuffer(std::size_t size) {
  {
    std::lock_guard<std::mutex> lock(spare_mu);
    if (spare->size() >= size && spare->size() > 0) return std::exchange(*spare, ByteBuffer());
  }
  return ByteBuffer(size);
}

void ReturnScratchBuffer(ByteBuffer buffer) {
  if (buffer.size() == 0 || buffer.size() > kMaxSpareBytes) return;
  std::lock_guard<std::mutex> lock(spare_mu);
  if (buffer.size() > spare->size()) *spare = std::move(buffer);  // the larger one serves more
}

ByteBuffer::ByteBuffer(std::size_t size)
    : data_(static_cast<std::uint8_t*>(Allocate(size))), size_(size) {
  if (data_ == nullptr) throw std::bad_alloc();
}

void ByteBuffer::Free::operator()(std::uint8_t* p) const {
  std::free(p);
}

}  // namespace appvault::pkg
