// The `--listen HOST:PORT` value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace appvault::server {

// Where the server listens. A value type.
struct ListenAddress {
  std::string host;        // an IPv4 or IPv6 literal, without brackets
  std::uint16_t port = 0;  // 0: the system picks a free port
};

// Parses "HOST:PORT" where HOST is an IPv4 literal, a bracketed IPv6 literal ("[::1]:80")
// or "localhost" (taken as 127.0.0.1) and PORT is 0..65535.
// Errors: kInvalidArgument with a message naming what is wrong. Pure; thread-safe.
Result<ListenAddress> ParseListenAddress(std::string_view text);

// "127.0.0.1:8080" or "[::1]:8080". Pure.
std::string FormatHostPort(std::string_view host, std::uint16_t port);

}  // namespace appvault::server
