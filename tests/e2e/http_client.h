// A tiny blocking HTTP/1.1 client over raw POSIX sockets, for tests: it sends exactly the
// bytes a test gives it (half a request, oversized headers, …) and every call has a deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace appvault::test {

inline constexpr std::chrono::milliseconds kIoTimeout{5000};

// A response as received.
struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The value of header `name` (any case); empty when absent.
  std::string Header(std::string_view name) const;
};

// One TCP connection to 127.0.0.1:port. Not thread-safe; closes the socket on destruction.
class TestConnection {
 public:
  // nullptr when the connection is refused or not established within `timeout`.
  static std::unique_ptr<TestConnection> Open(std::uint16_t port,
                                              std::chrono::milliseconds timeout = kIoTimeout);
  ~TestConnection();
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  // Sends all of `bytes` within `timeout`; false when the connection failed or time ran out.
  bool Send(std::string_view bytes, std::chrono::milliseconds timeout = kIoTimeout);
  // Reads one response framed by Content-Length (or, without it, by the end of the
  // connection); an interim `100 Continue` is a response of its own. nullopt on timeout, a
  // malformed response, or a close before it is complete.
  std::optional<HttpReply> ReadReply(std::chrono::milliseconds timeout = kIoTimeout);
  // True when the peer ends the connection (close or reset) within `timeout`; bytes
  // received meanwhile are dropped.
  bool WaitForClose(std::chrono::milliseconds timeout = kIoTimeout);
  // Receives until at least `size` bytes (of anything) are buffered; false when the
  // connection ends or time runs out first. The bytes stay for ReadReply.
  bool ReceiveAtLeast(std::size_t size, std::chrono::milliseconds timeout = kIoTimeout);
  // Bytes received and not consumed yet.
  std::size_t buffered() const { return buffer_.size(); }

 private:
  enum class ReadOutcome { kData, kClosed, kTimeout };
  using Deadline = std::chrono::steady_clock::time_point;

  explicit TestConnection(int fd) : fd_(fd) {}
  // Appends what arrives before `deadline` to buffer_.
  ReadOutcome ReadSome(Deadline deadline);
  // Reads until buffer_ holds `size` bytes; false when the connection ends or time runs out.
  bool ReadAtLeast(std::size_t size, Deadline deadline);

  int fd_;
  std::string buffer_;  // received, not yet consumed
};

// "METHOD TARGET HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers (each ending in "\r\n")
// + "Content-Length: N\r\n" when there is a body + "\r\n" + body.
std::string RequestText(std::string_view method, std::string_view target,
                        std::string_view extra_headers = "", std::string_view body = "");

// `body` in chunked transfer coding, in chunks of `chunk_size` bytes, with the last chunk.
std::string ChunkedBody(std::string_view body, std::size_t chunk_size);

// One request on a fresh connection; nullopt when it could not be sent or answered in time.
std::optional<HttpReply> Fetch(std::uint16_t port, std::string_view method, std::string_view target,
                               std::string_view extra_headers = "", std::string_view body = "");

// Whether 127.0.0.1:port accepts a TCP connection right now.
bool CanConnect(std::uint16_t port);

}  // namespace appvault::test
