#include "server/listen_address.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <utility>

namespace appvault::server {

namespace {

Status Invalid(std::string_view text, std::string_view why) {
  return Status(StatusCode::kInvalidArgument,
                "invalid listen address \"" + std::string(text) + "\": " + std::string(why));
}

Result<std::uint16_t> ParsePort(std::string_view text, std::string_view port) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || value > 65535) {
    return Invalid(text, "the port must be a number from 0 to 65535");
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return Invalid(text, "expected HOST:PORT");
  std::string host(text.substr(0, colon));
  bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";

  boost::system::error_code error;
  boost::asio::ip::address address = boost::asio::ip::make_address(host, error);
  if (error || address.is_v6() != bracketed) {
    return Invalid(text, "the host must be an IP address (IPv6 in brackets) or localhost");
  }
  Result<std::uint16_t> port = ParsePort(text, text.substr(colon + 1));
  if (!port.ok()) return port.status();
  return ListenAddress{std::move(host), *port};
}

std::string FormatHostPort(std::string_view host, std::uint16_t port) {
  bool v6 = host.find(':') != std::string_view::npos;
  std::string out;
  out.append(v6 ? "[" : "").append(host).append(v6 ? "]" : "");
  return out.append(":").append(std::to_string(port));
}

}  // namespace appvault::server
