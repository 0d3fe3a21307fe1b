// The throwaway PostgreSQL and S3 servers a test binary declared with
// `appvault_test(… SERVICES …)` runs against (the ctest fixture `test_services`).
#pragma once

#include <string>

namespace appvault::test {

struct TestServices {
  std::string database;    // postgresql://appvault@127.0.0.1:PORT/appvault_test
  std::string blobs;       // s3://BUCKET?endpoint=http://127.0.0.1:PORT&region=R
  std::string access_key;  // AWS_ACCESS_KEY_ID
  std::string secret_key;  // AWS_SECRET_ACCESS_KEY
};

// The addresses the fixture wrote to $APPVAULT_TEST_SERVICES_ENV. Read once per process.
// Throws std::runtime_error naming what is missing when the variable is unset (the test was
// not run through ctest with the fixture), the file cannot be read or lacks an address: a
// test needing the services fails there, it never skips.
const TestServices& LoadTestServices();

// LoadTestServices().blobs with a prefix of its own (NAME-PID-N) in the one test bucket, so
// that every server of a test process keeps its blobs apart: s3://BUCKET/PREFIX?endpoint=…
std::string FreshBlobsUrl(const std::string& name);

}  // namespace appvault::test
