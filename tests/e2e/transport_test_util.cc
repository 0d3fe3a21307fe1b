#include "e2e/transport_test_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "base/sha256_hasher.h"
#include "e2e/http_client.h"

namespace appvault::test {

server::HttpServerOptions LoopbackOptions() {
  server::HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  return options;
}

std::unique_ptr<server::HttpServer> StartTestServer(server::HttpServerOptions options,
                                                    server::Router router) {
  Result<std::unique_ptr<server::HttpServer>> server =
      server::HttpServer::Start(std::move(options), std::move(router));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(server).value() : nullptr;
}

std::string MetricsContaining(std::uint16_t port, const std::vector<std::string>& wanted,
                              std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string text;
  while (true) {
    std::optional<HttpReply> reply = Fetch(port, "GET", "/metrics");
    text = reply.has_value() ? reply->body : "";
    bool all = true;
    for (const std::string& one : wanted)
      all = all && text.find(one) != std::string::npos;
    if (all || std::chrono::steady_clock::now() > deadline) return text;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<HttpReply> PipelinedHead(std::uint16_t port, std::string_view target,
                                       std::string_view next) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port);
  if (connection == nullptr ||
      !connection->Send(RequestText("HEAD", target) + RequestText("GET", next))) {
    return std::nullopt;
  }
  return connection->ReadReply();
}

std::string PseudoRandomBytes(std::size_t size, std::uint32_t seed) {
  std::mt19937_64 generator(seed);
  std::string bytes(size, '\0');
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word = generator();
    std::memcpy(bytes.data() + i, &word, 8);
  }
  for (; i < size; ++i)
    bytes[i] = static_cast<char>(generator());
  return bytes;
}

std::string Sha256Hex(std::string_view bytes) {
  return base::HashBytes(bytes).Hex();
}

std::shared_ptr<blob::BlobFile> WriteBlobFile(const std::filesystem::path& path,
                                              std::string_view bytes) {
  {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return nullptr;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  return std::make_shared<blob::BlobFile>(fd, bytes.size());
}

}  // namespace appvault::test
