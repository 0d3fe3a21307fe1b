#include "server/serve_blob.h"

#include <utility>

#include "server/range.h"

namespace appvault::server {

namespace http = boost::beast::http;

namespace {

constexpr const char* kImmutable = "private, max-age=31536000, immutable";
constexpr const char* kRevalidate = "private, no-cache";

Response Head(http::status status, const std::string& tag, bool immutable) {
  Response head(status, 11);
  head.set(http::field::etag, tag);
  head.set(http::field::accept_ranges, "bytes");
  head.set(http::field::cache_control, immutable ? kImmutable : kRevalidate);
  return head;
}

// The Range header to honour: none when an If-Range names another representation.
std::string_view EffectiveRange(const Request& request, const std::string& tag) {
  std::string_view if_range = request.Header(http::field::if_range);
  if (!if_range.empty() && if_range != tag) return {};
  return request.Header(http::field::range);
}

Reply Unsatisfiable(const std::string& tag, bool immutable, std::uint64_t size) {
  Response response =
      ErrorResponse(Status(StatusCode::kInvalidArgument, "range not satisfiable: the file has " +
                                                             std::to_string(size) + " bytes"));
  response.result(http::status::range_not_satisfiable);
  response.set(http::field::etag, tag);
  response.set(http::field::accept_ranges, "bytes");
  response.set(http::field::cache_control, immutable ? kImmutable : kRevalidate);
  response.set(http::field::content_range, "bytes */" + std::to_string(size));
  return response;
}

}  // namespace

Reply ServeBlob(const Request& request, std::shared_ptr<blob::BlobFile> file,
                const std::string& etag, bool immutable) {
  std::string tag = QuoteETag(etag);
  std::uint64_t size = file->size();
  if (ETagMatches(request.Header(http::field::if_none_match), tag)) {
    return Head(http::status::not_modified, tag, immutable);
  }
  RangeDecision range = ParseRange(EffectiveRange(request, tag), size);
  if (range.kind == RangeDecision::Kind::kUnsatisfiable) return Unsatisfiable(tag, immutable, size);
  bool partial = range.kind == RangeDecision::Kind::kPartial;
  Response head = Head(partial ? http::status::partial_content : http::status::ok, tag, immutable);
  head.set(http::field::content_type, "application/octet-stream");
  if (partial) head.set(http::field::content_range, ContentRange(range, size));
  return Reply::File(std::move(head), std::move(file), range.offset, range.length);
}

}  // namespace appvault::server
