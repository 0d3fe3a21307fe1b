// Helpers for the in-process transport tests: servers on a loopback port, test bytes and
// their digests, files served as blobs.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blob/blob_store.h"
#include "e2e/http_client.h"
#include "server/http_server.h"

namespace appvault::test {

// 127.0.0.1, port 0, the other options at their defaults.
server::HttpServerOptions LoopbackOptions();

// Starts a server; nullptr (after recording a test failure) when it does not start.
std::unique_ptr<server::HttpServer> StartTestServer(server::HttpServerOptions options,
                                                    server::Router router);

// `size` bytes that look random, the same for the same seed.
std::string PseudoRandomBytes(std::size_t size, std::uint32_t seed);

// The lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

// The text of GET /metrics once it contains every string of `wanted`, fetched again until
// it does or `timeout` passes (then the last text, for the failure message). The server
// counts a request just after writing its reply, so a client that asks at once can be a
// moment ahead of the count.
std::string MetricsContaining(std::uint16_t port, const std::vector<std::string>& wanted,
                              std::chrono::milliseconds timeout = std::chrono::seconds(5));

// HEAD `target` on a fresh connection with a GET of `next` pipelined behind it; the HEAD
// reply as the test client reads it. The client frames replies by Content-Length, which a
// HEAD reply announces without sending, so the reply's "body" is the start of the reply to
// `next` ("HTTP/1.1 …") when the server sent no body, as it must. nullopt on no reply.
std::optional<HttpReply> PipelinedHead(std::uint16_t port, std::string_view target,
                                       std::string_view next = "/healthz");

// Writes `bytes` to `path` and opens it as a BlobFile (the fd owned by it); nullptr on error.
std::shared_ptr<blob::BlobFile> WriteBlobFile(const std::filesystem::path& path,
                                              std::string_view bytes);

}  // namespace appvault::test
