#include "server/reply.h"

#include <cassert>
#include <utility>

namespace appvault::server {

Reply Reply::File(Response head, std::shared_ptr<const blob::BlobFile> file, std::uint64_t offset,
                  std::uint64_t length) {
  assert(file != nullptr && offset + length <= file->size());
  head.body().clear();
  Reply reply(std::move(head));
  reply.content_length(length);
  reply.file = FileSlice{std::move(file), offset, length};
  return reply;
}

}  // namespace appvault::server
