// ByteBuffer: malloc for small buffers, huge-page-aligned memory for big ones.
#include "pkg/byte_buffer.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

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

}  // namespace

ByteBuffer::ByteBuffer(std::size_t size)
    : data_(static_cast<std::uint8_t*>(Allocate(size))), size_(size) {
  if (data_ == nullptr) throw std::bad_alloc();
}

void ByteBuffer::Free::operator()(std::uint8_t* p) const {
  std::free(p);
}

}  // namespace appvault::pkg
