#include "s3/sigv4.h"

#include <gtest/gtest.h>

namespace appvault::s3 {
namespace {

// The examples of AWS's S3 documentation ("Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk" and "Authenticating Requests: Using Query
// Parameters"): bucket examplebucket, 2013-05-24 00:00:00 UTC, us-east-1.
const Credentials kExample{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
constexpr std::int64_t kMay24th2013 = 1369353600;

TEST(SigV4Test, SignsAwssDocumentedGetObjectExample) {
  CanonicalInput input{
      "GET", "/test.txt", {}, {{"host", "examplebucket.s3.amazonaws.com"}, {"range", "bytes=0-9"}}};
  const std::string authorization =
      Sign(input, kEmptyPayloadSha256, kMay24th2013, "us-east-1", kExample);
  EXPECT_EQ(authorization,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  EXPECT_EQ(input.headers.at("x-amz-date"), "20130524T000000Z");
  EXPECT_EQ(input.headers.at("x-amz-content-sha256"), kEmptyPayloadSha256);
}

TEST(SigV4Test, PresignsAwssDocumentedExample) {
  CanonicalInput input{"GET", "/test.txt", {}, {{"host", "examplebucket.s3.amazonaws.com"}}};
  EXPECT_EQ(Presign(input, kMay24th2013, 86400, "us-east-1", kExample),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
            "&X-Amz-SignedHeaders=host");
}

TEST(SigV4Test, AnotherKeyOrTimeGivesAnotherSignature) {
  CanonicalInput a{"GET", "/test.txt", {}, {{"host", "examplebucket.s3.amazonaws.com"}}};
  CanonicalInput b = a;
  CanonicalInput c = a;
  const std::string first = Sign(a, kEmptyPayloadSha256, kMay24th2013, "us-east-1", kExample);
  EXPECT_NE(first, Sign(b, kEmptyPayloadSha256, kMay24th2013 + 1, "us-east-1", kExample));
  EXPECT_NE(first, Sign(c, kEmptyPayloadSha256, kMay24th2013, "us-east-1",
                        {kExample.access_key, "other"}));
}

TEST(SigV4Test, QueryIsEncodedAndSortedByName) {
  EXPECT_EQ(CanonicalQuery({{"prefix", "a b/c"}, {"list-type", "2"}, {"uploads", ""}}),
            "list-type=2&prefix=a%20b%2Fc&uploads=");
}

TEST(SigV4Test, UriEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(UriEncode("blobs/ab cd+~_.-é", true), "blobs/ab%20cd%2B~_.-%C3%A9");
  EXPECT_EQ(UriEncode("a/b", false), "a%2Fb");
}

TEST(SigV4Test, AmzDateIsUtc) {
  EXPECT_EQ(AmzDate(kMay24th2013 + 3661), "20130524T010101Z");
}

}  // namespace
}  // namespace appvault::s3
