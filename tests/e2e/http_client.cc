#include "e2e/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>

#include "base/strings.h"

namespace appvault::test {

namespace {

using Clock = std::chrono::steady_clock;

int MillisecondsLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

// Waits for `events` on `fd`; false on timeout or error.
bool PollFor(int fd, short events, Clock::time_point deadline) {
  while (true) {
    pollfd entry{fd, events, 0};
    int ready = poll(&entry, 1, MillisecondsLeft(deadline));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<std::size_t> ParseSize(std::string_view text) {
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// "HTTP/1.1 200 OK\r\nName: value\r\n…" (without the blank line) into status and headers.
std::optional<HttpReply> ParseHead(std::string_view head) {
  std::size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") return std::nullopt;
  std::optional<std::size_t> status = ParseSize(status_line.substr(9, 3));
  if (!status) return std::nullopt;
  HttpReply reply;
  reply.status = static_cast<int>(*status);
  while (line_end != std::string_view::npos) {
    std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(start, line_end - start);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    reply.headers[Lower(line.substr(0, colon))] = std::string(base::Trim(line.substr(colon + 1)));
  }
  return reply;
}

// Interim (1xx), 204 and 304 responses end with their headers.
bool HasNoBody(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

int ConnectNonBlocking(std::uint16_t port, Clock::time_point deadline) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return fd;
  int error = 0;
  socklen_t length = sizeof error;
  if (errno == EINPROGRESS && PollFor(fd, POLLOUT, deadline) &&
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0) {
    return fd;
  }
  close(fd);
  return -1;
}

}  // namespace

std::string HttpReply::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::unique_ptr<TestConnection> TestConnection::Open(std::uint16_t port,
                                                     std::chrono::milliseconds timeout) {
  int fd = ConnectNonBlocking(port, Clock::now() + timeout);
  if (fd < 0) return nullptr;
  return std::unique_ptr<TestConnection>(new TestConnection(fd));
}

TestConnection::~TestConnection() {
  close(fd_);
}

bool TestConnection::Send(std::string_view bytes, std::chrono::milliseconds timeout) {
  Deadline deadline = Clock::now() + timeout;
  while (!bytes.empty()) {
    ssize_t sent = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    } else if (sent < 0 && errno != EAGAIN && errno != EINTR) {
      return false;
    } else if (!PollFor(fd_, POLLOUT, deadline)) {
      return false;
    }
  }
  return true;
}

TestConnection::ReadOutcome TestConnection::ReadSome(Deadline deadline) {
  while (true) {
    char chunk[16 * 1024];
    ssize_t received = recv(fd_, chunk, sizeof chunk, 0);
    if (received > 0) {
      buffer_.append(chunk, static_cast<std::size_t>(received));
      return ReadOutcome::kData;
    }
    if (received == 0 || (errno != EAGAIN && errno != EINTR)) return ReadOutcome::kClosed;
    if (!PollFor(fd_, POLLIN, deadline)) return ReadOutcome::kTimeout;
  }
}

bool TestConnection::ReadAtLeast(std::size_t size, Deadline deadline) {
  while (buffer_.size() < size) {
    if (ReadSome(deadline) != ReadOutcome::kData) return false;
  }
  return true;
}

std::optional<HttpReply> TestConnection::ReadReply(std::chrono::milliseconds timeout) {
  Deadline deadline = Clock::now() + timeout;
  std::size_t head_end;
  while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (ReadSome(deadline) != ReadOutcome::kData) return std::nullopt;
  }
  std::optional<HttpReply> reply = ParseHead(std::string_view(buffer_).substr(0, head_end));
  if (!reply) return std::nullopt;
  std::size_t body_start = head_end + 4;
  std::string length_text = reply->Header("content-length");
  bool no_body = HasNoBody(reply->status);
  if (length_text.empty() && !no_body) {  // the body runs to the end of the connection
    ReadOutcome outcome;
    while ((outcome = ReadSome(deadline)) == ReadOutcome::kData) {
    }
    if (outcome == ReadOutcome::kTimeout) return std::nullopt;
    reply->body = buffer_.substr(body_start);
    buffer_.clear();
    return reply;
  }
  std::optional<std::size_t> length = no_body ? 0 : ParseSize(length_text);
  if (!length || !ReadAtLeast(body_start + *length, deadline)) return std::nullopt;
  reply->body = buffer_.substr(body_start, *length);
  buffer_.erase(0, body_start + *length);
  return reply;
}

bool TestConnection::WaitForClose(std::chrono::milliseconds timeout) {
  Deadline deadline = Clock::now() + timeout;
  while (true) {
    ReadOutcome outcome = ReadSome(deadline);
    buffer_.clear();
    if (outcome != ReadOutcome::kData) return outcome == ReadOutcome::kClosed;
  }
}

bool TestConnection::ReceiveAtLeast(std::size_t size, std::chrono::milliseconds timeout) {
  return ReadAtLeast(size, Clock::now() + timeout);
}

std::string ChunkedBody(std::string_view body, std::size_t chunk_size) {
  std::string out;
  char size_text[32];
  while (!body.empty()) {
    std::string_view chunk = body.substr(0, chunk_size);
    int n = std::snprintf(size_text, sizeof size_text, "%zx\r\n", chunk.size());
    out.append(size_text, static_cast<std::size_t>(n)).append(chunk).append("\r\n");
    body.remove_prefix(chunk.size());
  }
  out.append("0\r\n\r\n");
  return out;
}

std::string RequestText(std::string_view method, std::string_view target,
                        std::string_view extra_headers, std::string_view body) {
  std::string text;
  text.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  text.append("Host: 127.0.0.1\r\n").append(extra_headers);
  if (!body.empty()) text.append("Content-Length: ").append(std::to_string(body.size()) + "\r\n");
  text.append("\r\n").append(body);
  return text;
}

std::optional<HttpReply> Fetch(std::uint16_t port, std::string_view method, std::string_view target,
                               std::string_view extra_headers, std::string_view body) {
  std::unique_ptr<TestConnection> connection = TestConnection::Open(port);
  if (!connection || !connection->Send(RequestText(method, target, extra_headers, body))) {
    return std::nullopt;
  }
  return connection->ReadReply();
}

bool CanConnect(std::uint16_t port) {
  return TestConnection::Open(port, std::chrono::milliseconds(1000)) != nullptr;
}

}  // namespace appvault::test
