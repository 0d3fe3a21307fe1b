#include "server/body_reader.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace appvault::server {

Result<std::size_t> StringBodyReader::Read(char* buffer, std::size_t size) {
  if (bytes_.size() > limit_) {
    return Status(StatusCode::kPayloadTooLarge,
                  "request body exceeds " + std::to_string(limit_) + " bytes");
  }
  std::size_t n = std::min(size, bytes_.size() - offset_);
  std::memcpy(buffer, bytes_.data() + offset_, n);
  offset_ += n;
  return n;
}

}  // namespace appvault::server
