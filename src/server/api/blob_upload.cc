#include "server/api/blob_upload.h"

#include <string_view>
#include <vector>

namespace appvault::server::api {

namespace {

constexpr std::size_t kPiece = 256 * 1024;

Status TooLarge(std::uint64_t max_size) {
  return Status(StatusCode::kPayloadTooLarge, "the body is larger than this server's limit of " +
                                                  std::to_string(max_size) + " bytes");
}

}  // namespace

Result<ReceivedBlob> ReceiveBlob(server::BodyReader& body, blob::BlobStore& blobs,
                                 std::uint64_t max_size) {
  if (body.content_length().value_or(0) > max_size) return TooLarge(max_size);
  Result<std::unique_ptr<blob::BlobWriter>> writer = blobs.NewWriter(max_size);
  if (!writer.ok()) return writer.status();
  std::vector<char> piece(kPiece);
  while (true) {
    Result<std::size_t> got = body.Read(piece.data(), piece.size());
    if (!got.ok()) {
      return got.status().code() == StatusCode::kPayloadTooLarge ? TooLarge(max_size)
                                                                 : got.status();
    }
    if (*got == 0) break;
    Status appended = (*writer)->Append(std::string_view(piece.data(), *got));
    if (appended.code() == StatusCode::kPayloadTooLarge) return TooLarge(max_size);
    if (!appended.ok()) return appended;
  }
  if ((*writer)->size() == 0) {
    return Status(StatusCode::kInvalidArgument, "request body: empty; send the file's bytes");
  }
  Result<blob::BlobInfo> info = (*writer)->Finish();
  if (!info.ok()) return info.status();
  return ReceivedBlob{std::move(writer).value(), *info};
}

}  // namespace appvault::server::api
