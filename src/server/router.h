// The route table: method + path pattern -> handler.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "server/body_reader.h"
#include "server/reply.h"
#include "server/request.h"
#include "server/response.h"

namespace appvault::server {

// Answers one request whose body (within HttpServerOptions::body_limit) is in
// request.message.body(). Runs on a worker thread of the server (never an io thread,
// unless added with Router::AddInline), so it may block: hash passwords, query SQLite, inspect or
// scan a package. Many requests run at once (HttpServerOptions::worker_threads), so a handler must
// be thread-safe. Failures are returned as ErrorResponse(status); an exception that escapes becomes
// a 500 `internal` error. A handler returning Response fits: Reply converts from it.
using Handler = std::function<Reply(const Request&)>;

// What a FastPath decides: a reply to send at once, or none — the route's handler then
// answers, after `delay` (waited for on the io side: the connection waits, no worker does).
struct FastAnswer {
  FastAnswer() = default;
  FastAnswer(std::optional<Reply> reply_in) : reply(std::move(reply_in)) {}  // NOLINT
  FastAnswer(std::optional<Reply> reply_in, std::chrono::milliseconds delay_in)
      : reply(std::move(reply_in)), delay(delay_in) {}

  std::optional<Reply> reply;
  std::chrono::milliseconds delay{0};
};

// A quick first try at a buffered request, run on the io thread before its route's
// Handler is handed to a worker: the reply, or none to let the handler answer (possibly
// after a delay). For answers that are often ready at once (a cached reply, a refusal of a
// rate limit); it must never block for long (see Router::AddInline). An exception that
// escapes is logged and the handler answers.
using FastPath = std::function<FastAnswer(const Request&)>;

// The route label of requests that matched no route (metrics, logs).
inline constexpr std::string_view kUnmatchedRoute = "unmatched";

// Patterns are absolute paths whose segments are literals or `{name}`: "/healthz",
// "/v1/catalog/software/{id}". A `{name}` segment matches one non-empty path segment and
// its percent-decoded value is Request::Param("name"). When several patterns match a path,
// the most literal wins, comparing segment by segment from the left ("/v1/sessions/current"
// beats "/v1/sessions/{id}").
// Thread-safety: build it with Add/AddStreaming on one thread, then Resolve and Dispatch are
// safe from many threads.
class Router {
 public:
  struct Route {
    boost::beast::http::verb method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;               // set for a buffered route
    StreamHandler stream_handler;  // set for a streaming route
    UploadGate upload_gate;        // of a streaming route; empty: every body is received
    std::uint64_t body_limit = 0;  // of a streaming route
    bool run_inline = false;       // a buffered route whose handler runs on the io thread
    FastPath fast_path;            // of a buffered route, tried on the io thread first

    bool streaming() const { return static_cast<bool>(stream_handler); }
  };

  // The outcome of routing one request: a route, or the refusal to answer with.
  struct Match {
    const Route* route = nullptr;     // valid as long as the Router
    std::optional<Response> refusal;  // set exactly when route is null

    // The route's pattern, or kUnmatchedRoute.
    std::string_view pattern() const { return route ? route->pattern : kUnmatchedRoute; }
  };

  // Adds a buffered route. REQUIRES: pattern starts with '/'; (method, pattern) not added
  // before.
  void Add(boost::beast::http::verb method, std::string_view pattern, Handler handler);

  // Adds a buffered route whose handler runs on the io thread that read the request
  // instead of a worker: no hand-over to a worker and back (two thread wake-ups). Only for
  // a handler that never blocks for long: short indexed SQLite reads, no hashing, no file
  // I/O beyond that — while it runs, the other connections of that io thread wait.
  // REQUIRES: as for Add.
  void AddInline(boost::beast::http::verb method, std::string_view pattern, Handler handler);

  // Adds a buffered route whose `fast_path` is tried first on the io thread; when it
  // gives no reply, `handler` answers on a worker as for Add. REQUIRES: as for Add.
  void AddWithFastPath(boost::beast::http::verb method, std::string_view pattern,
                       FastPath fast_path, Handler handler);

  // Adds a streaming route for bodies up to `body_limit` bytes (whatever
  // HttpServerOptions::body_limit says). Once the request's header is read, `gate` (when
  // set) runs on a worker and may refuse; then the io side receives the body into a file
  // (HttpServerOptions::spool_dir: never held in memory, no worker held while it arrives,
  // HttpServerOptions::min_upload_rate applies), and only then `handler` runs on a worker
  // and reads it through a BodyReader. REQUIRES: as for Add.
  void AddStreaming(boost::beast::http::verb method, std::string_view pattern,
                    StreamHandler handler, std::uint64_t body_limit, UploadGate gate = {});

  // Finds the route for `request` and fills request.params. A HEAD request without a HEAD
  // route of its own gets the GET route (the server answers it with the GET reply's status
  // and headers and no body), so every GET route answers HEAD. With no pattern matching the
  // path: refusal 404 `not_found` "no route for GET /x". With patterns matching the path
  // but none for the method: refusal 405 `invalid_argument` "method POST not allowed on /x"
  // with an `Allow` header (which names HEAD wherever GET is allowed).
  Match Resolve(Request& request) const;

  // Resolve, then runs the fast path (sleeping for its delay) and, without its reply, the
  // handler on the calling thread (exceptions propagate) or returns the refusal. A streaming
  // route runs its gate first, then reads request.message.body() through a StringBodyReader
  // with the route's limit. For tests and tools; the server runs handlers itself.
  Reply Dispatch(Request& request) const;

 private:
  struct Lookup {
    const Route* route = nullptr;        // the best match for the method, if any
    std::set<std::string_view> allowed;  // methods of every pattern matching the path
  };

  void AddRoute(Route route);
  Lookup Find(boost::beast::http::verb method, const std::vector<std::string_view>& path) const;
  // Find, with a GET route standing in for a missing HEAD route.
  Lookup FindWithHead(boost::beast::http::verb method,
                      const std::vector<std::string_view>& path) const;

  std::vector<Route> routes_;
};

}  // namespace appvault::server
