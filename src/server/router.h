// The route table: method + path pattern -> handler.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "server/request.h"
#include "server/response.h"

namespace appvault::server {

// Answers one request. Runs on a server thread and may block it (keep it short); many
// requests may run at once, so a handler must be thread-safe. Failures are returned as
// ErrorResponse(status); an exception that escapes becomes a 500 `internal` error.
using Handler = std::function<Response(const Request&)>;

// Patterns are absolute paths whose segments are literals or `{name}`: "/healthz",
// "/v1/catalog/software/{id}". A `{name}` segment matches one non-empty path segment and
// its percent-decoded value is Request::Param("name"). When several patterns match a path,
// the most literal wins, comparing segment by segment from the left ("/v1/sessions/current"
// beats "/v1/sessions/{id}").
// Thread-safety: build it with Add on one thread, then Dispatch is safe from many threads.
class Router {
 public:
  // Adds a route. REQUIRES: pattern starts with '/'; (method, pattern) not added before.
  void Add(boost::beast::http::verb method, std::string_view pattern, Handler handler);

  // Fills request.params and runs the matching handler. With no pattern matching the path:
  // 404 `not_found` "no route for GET /x". With patterns matching the path but none for the
  // method: 405 `invalid_argument` "method POST not allowed on /x" with an `Allow` header.
  Response Dispatch(Request& request) const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  struct Lookup {
    const Route* route = nullptr;        // the best match for the method, if any
    std::set<std::string_view> allowed;  // methods of every pattern matching the path
  };

  Lookup Find(boost::beast::http::verb method, const std::vector<std::string_view>& path) const;

  std::vector<Route> routes_;
};

}  // namespace appvault::server
