// Where a bucket is: the `--blobs s3://BUCKET[/PREFIX]?endpoint=URL&region=R` of CONTRACT §9,
// and the credentials every S3 tool reads from the environment.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "s3/sigv4.h"

namespace appvault::s3 {

struct Location {
  std::string bucket;    // 3..63 of a-z 0-9 . -
  std::string prefix;    // "" or ending in '/': every key the store writes starts with it
  std::string endpoint;  // http(s)://HOST[:PORT], no trailing '/'
  std::string region;    // us-east-1 when the URL names none
  // HOST[:PORT] as the Host header carries it.
  std::string host() const;
};

// Parses s3://BUCKET[/PREFIX][?endpoint=URL][&region=R] (query values may be
// percent-encoded; the endpoint defaults to https://s3.REGION.amazonaws.com).
// Errors: kInvalidArgument naming what is wrong (scheme, bucket name, an unknown parameter,
// an endpoint that is not http(s)://HOST[:PORT]).
Result<Location> ParseLocation(std::string_view url);

// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Errors: kInvalidArgument naming the variable
// that is unset or empty.
Result<Credentials> CredentialsFromEnvironment();

}  // namespace appvault::s3
