#include "support/test_services.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>

namespace appvault::test {
namespace {

TestServices Read() {
  const char* path = std::getenv("APPVAULT_TEST_SERVICES_ENV");
  if (path == nullptr || *path == '\0') {
    throw std::runtime_error(
        "APPVAULT_TEST_SERVICES_ENV is not set: run this test through ctest, whose fixture "
        "test_services starts PostgreSQL and the S3 server");
  }
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error(std::string("cannot read the test services' addresses in ") + path);
  std::map<std::string, std::string> values;
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  const auto get = [&](const std::string& key) {
    const auto it = values.find(key);
    if (it == values.end() || it->second.empty()) {
      throw std::runtime_error(std::string(path) + " names no " + key);
    }
    return it->second;
  };
  return {get("APPVAULT_TEST_DATABASE"), get("APPVAULT_TEST_BLOBS"), get("AWS_ACCESS_KEY_ID"),
          get("AWS_SECRET_ACCESS_KEY")};
}

}  // namespace

const TestServices& LoadTestServices() {
  static const TestServices services = Read();
  return services;
}

std::string FreshBlobsUrl(const std::string& name) {
  static std::atomic<int> counter{0};
  const std::string& url = LoadTestServices().blobs;
  const std::size_t query = url.find('?');
  std::string fresh = url.substr(0, query);
  fresh += "/" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  fresh += url.substr(query);
  return fresh;
}

}  // namespace appvault::test
