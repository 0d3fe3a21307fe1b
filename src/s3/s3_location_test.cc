#include "s3/s3_location.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace appvault::s3 {
namespace {

TEST(S3LocationTest, ParsesBucketPrefixEndpointAndRegion) {
  Result<Location> location = ParseLocation(
      "s3://appvault-test/service/blobs/?endpoint=http://127.0.0.1:7480&region=eu-west-1");
  ASSERT_TRUE(location.ok()) << location.status().ToString();
  EXPECT_EQ(location->bucket, "appvault-test");
  EXPECT_EQ(location->prefix, "service/blobs/");
  EXPECT_EQ(location->endpoint, "http://127.0.0.1:7480");
  EXPECT_EQ(location->host(), "127.0.0.1:7480");
  EXPECT_EQ(location->region, "eu-west-1");
}

TEST(S3LocationTest, DefaultsToAwsInUsEast1) {
  Result<Location> location = ParseLocation("s3://my-bucket");
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->prefix, "");
  EXPECT_EQ(location->region, "us-east-1");
  EXPECT_EQ(location->endpoint, "https://s3.us-east-1.amazonaws.com");
}

TEST(S3LocationTest, DecodesPercentEncodedValues) {
  Result<Location> location = ParseLocation("s3://bkt?endpoint=http%3A%2F%2Flocalhost%3A9000");
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->endpoint, "http://localhost:9000");
}

TEST(S3LocationTest, RefusesWhatIsWrongAndNamesIt) {
  const auto error = [](const char* url) { return ParseLocation(url).status().message(); };
  EXPECT_NE(error("http://bkt").find("not an s3:// URL"), std::string::npos);
  EXPECT_NE(error("s3://ab").find("bucket name 'ab'"), std::string::npos);
  EXPECT_NE(error("s3://Upper").find("bucket name"), std::string::npos);
  EXPECT_NE(error("s3://bkt?endpoint=ftp://x").find("endpoint 'ftp://x'"), std::string::npos);
  EXPECT_NE(error("s3://bkt?endpoint=http://h/path").find("endpoint"), std::string::npos);
  EXPECT_NE(error("s3://bkt?color=red").find("unknown parameter 'color'"), std::string::npos);
  EXPECT_NE(error("s3://bkt?region=").find("'region' has no valid value"), std::string::npos);
  EXPECT_NE(error("s3://bkt?endpoint=%zz").find("'endpoint' has no valid value"),
            std::string::npos);
  EXPECT_NE(error("s3://bkt/a//b").find("empty path segment"), std::string::npos);
}

TEST(S3LocationTest, CredentialsComeFromTheEnvironment) {
  ::setenv("AWS_ACCESS_KEY_ID", "id", 1);
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  EXPECT_NE(CredentialsFromEnvironment().status().message().find("AWS_SECRET_ACCESS_KEY"),
            std::string::npos);
  ::setenv("AWS_SECRET_ACCESS_KEY", "secret", 1);
  Result<Credentials> credentials = CredentialsFromEnvironment();
  ASSERT_TRUE(credentials.ok());
  EXPECT_EQ(credentials->access_key, "id");
  EXPECT_EQ(credentials->secret_key, "secret");
}

}  // namespace
}  // namespace appvault::s3
