// AWS Signature Version 4 for S3 requests: the Authorization header of a request, and the
// query of a presigned URL (the algorithm as AWS's "Signature Version 4 signing process"
// and "Authenticating Requests: Using Query Parameters" describe it). Pure functions: no
// clock, no network; the caller gives the time.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace appvault::s3 {

struct Credentials {
  std::string access_key;  // AWS_ACCESS_KEY_ID
  std::string secret_key;  // AWS_SECRET_ACCESS_KEY
};

// What is signed of one request. `path` is the URI path as sent (already encoded as
// UriEncode(…, false) makes it), `query` the query parameters unencoded (encoded and
// sorted here), `headers` the headers to sign by lower-case name (host is required;
// x-amz-date and x-amz-content-sha256 are added by Sign).
struct CanonicalInput {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;
};

// The SHA-256 of an empty payload, in hex, and the value for an unsigned one.
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ is
// encoded as %XY (upper-case hex); '/' too unless keep_slash.
std::string UriEncode(std::string_view text, bool keep_slash);

// The query parameters encoded (UriEncode) and sorted by name, joined with '&' (a
// parameter with an empty value is written NAME=), as signed and as sent.
std::string CanonicalQuery(const std::map<std::string, std::string>& query);

// The request's time as SigV4 writes it (YYYYMMDD'T'HHMMSS'Z'), from seconds since the
// Unix epoch (UTC).
std::string AmzDate(std::int64_t unix_seconds);

// Adds x-amz-date (AmzDate(unix_seconds)) and x-amz-content-sha256 (payload_sha256: the
// payload's SHA-256 in hex, or kUnsignedPayload) to input.headers and returns the value of
// the Authorization header that signs them all.
std::string Sign(CanonicalInput& input, std::string_view payload_sha256, std::int64_t unix_seconds,
                 std::string_view region, const Credentials& credentials);

// The query string (encoded, sorted, without '?') of a presigned URL for input, valid for
// expires_seconds (1..604800) from unix_seconds: input.query plus X-Amz-Algorithm,
// X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature.
// The payload is UNSIGNED-PAYLOAD, as for every presigned S3 URL. REQUIRES: expires_seconds
// in 1..604800 (seven days, S3's limit).
std::string Presign(const CanonicalInput& input, std::int64_t unix_seconds, int expires_seconds,
                    std::string_view region, const Credentials& credentials);

}  // namespace appvault::s3
