// A request as a route handler sees it.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace appvault::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

// The parsed request: the message as received, its target split into path and query, and
// the `{param}` values of the route that matched. A value type; const access is thread-safe.
struct Request {
  // Splits message.target() at the first '?'.
  explicit Request(HttpRequest message);

  HttpRequest message;
  std::string path;   // the target before '?', as sent (not percent-decoded)
  std::string query;  // the target after '?', raw; empty when there is none
  // Filled by the Router: pattern segment name -> percent-decoded path segment.
  std::map<std::string, std::string, std::less<>> params;
  // The client's IP address ("127.0.0.1", "::1"): the socket's peer, or — when the peer is
  // a trusted proxy (HttpServerOptions::trusted_proxies) — the address its X-Forwarded-For
  // names (TrustedProxies::ClientAddress). Set by the server for every request it
  // receives, empty in requests made up by tests or tools.
  std::string remote_address;
  // The socket's peer as the server sees it (the proxy's address behind a proxy).
  std::string peer_address;

  // The value of `{name}` in the matched pattern; empty when the pattern has no such name.
  std::string_view Param(std::string_view name) const;
  // The value of a request header; empty when absent.
  std::string_view Header(boost::beast::http::field field) const;
};

// "%41b+" -> "Ab+". Malformed escapes are kept as they are. Pure.
std::string PercentDecode(std::string_view text);

}  // namespace appvault::server
