// Receiving a request body into the blob store: shared by blob uploads and publishing.
#pragma once

#include <cstdint>
#include <memory>

#include "blob/blob_store.h"
#include "core/status.h"
#include "server/body_reader.h"

namespace appvault::server::api {

// A body written to a staged blob, finished (hashed and flushed) but not committed:
// `writer->staged_path()` may be read; Commit() puts it in place; dropping it discards it.
struct ReceivedBlob {
  std::unique_ptr<blob::BlobWriter> writer;
  blob::BlobInfo info;
};

// Streams the whole body into a new blob writer of at most `max_size` bytes.
// Errors: kPayloadTooLarge naming the limit, kInvalidArgument for an empty body, the
// reader's errors (kUnavailable when the client is gone), the blob store's. Nothing is
// left behind on failure.
Result<ReceivedBlob> ReceiveBlob(server::BodyReader& body, blob::BlobStore& blobs,
                                 std::uint64_t max_size);

}  // namespace appvault::server::api
