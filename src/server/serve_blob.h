// Downloads of stored files with the HTTP caching and range machinery applied.
#pragma once

#include <memory>
#include <string>

#include "blob/blob_store.h"
#include "server/reply.h"
#include "server/request.h"

namespace appvault::server {

// The reply to a GET of `file`, whose entity tag is `etag` (bare or quoted; a blob's
// SHA-256 hex is a fine strong tag). Always: `ETag`, `Accept-Ranges: bytes`, and
// `Cache-Control: private, max-age=31536000, immutable` when `immutable` (content-addressed
// bytes never change), else `private, no-cache`. Then, in order:
//   - `If-None-Match` matching the tag (ETagMatches): 304, no body;
//   - a `Range` (ignored when an `If-Range` is present and differs from the tag) per
//     ParseRange: 206 with `Content-Range` and that slice; 416 `invalid_argument` with
//     `Content-Range: bytes */SIZE`; several or malformed ranges: the whole file;
//   - otherwise 200 with the whole file, `Content-Type: application/octet-stream`.
// The body is sent from the file (sendfile(2) on plain TCP). Pure apart from sharing
// `file`; thread-safe. REQUIRES: file != nullptr.
Reply ServeBlob(const Request& request, std::shared_ptr<blob::BlobFile> file,
                const std::string& etag, bool immutable);

}  // namespace appvault::server
