#include "server/router.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <set>
#include <thread>
#include <utility>

namespace appvault::server {

namespace http = boost::beast::http;

namespace {

// "/a/b/" -> {"a", "b", ""}. REQUIRES: path starts with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 1;
  while (true) {
    size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// One flag per segment, true for a literal: the larger vector is the more literal match.
using Specificity = std::vector<bool>;

// The specificity of `pattern` for `path`, or nullopt when it does not match.
std::optional<Specificity> MatchPattern(const std::vector<std::string>& pattern,
                                        const std::vector<std::string_view>& path) {
  if (pattern.size() != path.size()) return std::nullopt;
  Specificity specificity;
  for (size_t i = 0; i < pattern.size(); ++i) {
    bool param = IsParam(pattern[i]);
    if (param ? path[i].empty() : pattern[i] != path[i]) return std::nullopt;
    specificity.push_back(!param);
  }
  return specificity;
}

void FillParams(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
                Request& request) {
  request.params.clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (!IsParam(pattern[i])) continue;
    std::string name = pattern[i].substr(1, pattern[i].size() - 2);
    request.params[std::move(name)] = PercentDecode(path[i]);
  }
}

std::string JoinMethods(const std::set<std::string_view>& methods) {
  std::string allow;
  for (std::string_view method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  return allow;
}

std::string MethodName(const Request& request) {
  return std::string(request.message.method_string());
}

Response NoRoute(const Request& request) {
  return ErrorResponse(
      Status(StatusCode::kNotFound, "no route for " + MethodName(request) + " " + request.path));
}

Response MethodNotAllowed(const Request& request, const std::set<std::string_view>& allowed) {
  Response response =
      ErrorResponse(Status(StatusCode::kInvalidArgument,
                           "method " + MethodName(request) + " not allowed on " + request.path));
  response.result(http::status::method_not_allowed);
  response.set(http::field::allow, JoinMethods(allowed));
  return response;
}

}  // namespace

void Router::Add(http::verb method, std::string_view pattern, Handler handler) {
  Route route{method, std::string(pattern), {}, std::move(handler), {}, {}, 0, false, {}};
  AddRoute(std::move(route));
}

void Router::AddInline(http::verb method, std::string_view pattern, Handler handler) {
  Route route{method, std::string(pattern), {}, std::move(handler), {}, {}, 0, true, {}};
  AddRoute(std::move(route));
}

void Router::AddWithFastPath(http::verb method, std::string_view pattern, FastPath fast_path,
                             Handler handler) {
  Route route{method, std::string(pattern), {}, std::move(handler), {}, {}, 0,
              false,  std::move(fast_path)};
  AddRoute(std::move(route));
}

void Router::AddStreaming(http::verb method, std::string_view pattern, StreamHandler handler,
                          std::uint64_t body_limit, UploadGate gate) {
  Route route{method,          std::string(pattern), {},    {}, std::move(handler),
              std::move(gate), body_limit,           false, {}};
  AddRoute(std::move(route));
}

void Router::AddRoute(Route route) {
  assert(!route.pattern.empty() && route.pattern.front() == '/');
  for (std::string_view segment : SplitPath(route.pattern))
    route.segments.emplace_back(segment);
  routes_.push_back(std::move(route));
}

Router::Lookup Router::Find(http::verb method, const std::vector<std::string_view>& path) const {
  Lookup lookup;
  Specificity best;
  for (const Route& route : routes_) {
    std::optional<Specificity> specificity = MatchPattern(route.segments, path);
    if (!specificity) continue;
    lookup.allowed.insert(http::to_string(route.method));
    if (route.method == http::verb::get) lookup.allowed.insert(http::to_string(http::verb::head));
    if (route.method != method) continue;
    if (lookup.route == nullptr || *specificity > best) {
      lookup.route = &route;
      best = std::move(*specificity);
    }
  }
  return lookup;
}

Router::Lookup Router::FindWithHead(http::verb method,
                                    const std::vector<std::string_view>& path) const {
  Lookup lookup = Find(method, path);
  if (lookup.route != nullptr || method != http::verb::head) return lookup;
  Lookup get = Find(http::verb::get, path);
  lookup.route = get.route;  // HEAD runs the GET route; the server drops the body
  return lookup;
}

Router::Match Router::Resolve(Request& request) const {
  Match match;
  if (request.path.empty() || request.path.front() != '/') {
    match.refusal = NoRoute(request);
    return match;
  }
  std::vector<std::string_view> path = SplitPath(request.path);
  Lookup lookup = FindWithHead(request.message.method(), path);
  if (lookup.route != nullptr) {
    FillParams(lookup.route->segments, path, request);
    match.route = lookup.route;
  } else if (!lookup.allowed.empty()) {
    match.refusal = MethodNotAllowed(request, lookup.allowed);
  } else {
    match.refusal = NoRoute(request);
  }
  return match;
}

Reply Router::Dispatch(Request& request) const {
  Match match = Resolve(request);
  if (match.refusal) return std::move(*match.refusal);
  if (!match.route->streaming()) {
    if (match.route->fast_path) {
      FastAnswer fast = match.route->fast_path(request);
      if (fast.reply) return std::move(*fast.reply);
      std::this_thread::sleep_for(fast.delay);
    }
    return match.route->handler(request);
  }
  if (match.route->upload_gate) {
    UploadAdmission admission = match.route->upload_gate(request);
    if (admission.refusal) return std::move(*admission.refusal);
  }
  std::string body = std::move(request.message.body());
  request.message.body().clear();
  StringBodyReader reader(body, match.route->body_limit);
  return match.route->stream_handler(request, reader);
}

}  // namespace appvault::server
