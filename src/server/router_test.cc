#include "server/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "server/health_handler.h"

namespace appvault::server {
namespace {

namespace http = boost::beast::http;

Request MakeRequest(http::verb method, std::string target) {
  HttpRequest message(method, target, 11);
  return Request(std::move(message));
}

Handler Answer(std::string text) {
  return [text](const Request&) {
    Response response(http::status::ok, 11);
    response.body() = text;
    return response;
  };
}

// Dispatches a request of `method` for `target` made up for the test.
Response DispatchTo(const Router& router, http::verb method, std::string target) {
  Request request = MakeRequest(method, std::move(target));
  return router.Dispatch(request);
}

// A 405 refusal whose Allow header is `allow`.
void ExpectMethodNotAllowed(const Response& response, std::string_view allow) {
  EXPECT_EQ(response.result(), http::status::method_not_allowed);
  EXPECT_EQ(response[http::field::allow], allow);
}

std::string ErrorCode(const Response& response) {
  return nlohmann::json::parse(response.body())["error"]["code"];
}

TEST(RequestTest, SplitsTargetIntoPathAndQuery) {
  Request request = MakeRequest(http::verb::get, "/v1/catalog/software?q=maps&category=x");
  EXPECT_EQ(request.path, "/v1/catalog/software");
  EXPECT_EQ(request.query, "q=maps&category=x");
  EXPECT_EQ(MakeRequest(http::verb::get, "/healthz").query, "");
}

TEST(RequestTest, PercentDecodeKeepsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("a%2Fb%20c"), "a/b c");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
}

TEST(RouterTest, HealthzAnswersOk) {
  Router router;
  AddHealthRoutes(router);
  Request request = MakeRequest(http::verb::get, "/healthz");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.result(), http::status::ok);
  EXPECT_EQ(nlohmann::json::parse(response.body()), nlohmann::json({{"status", "ok"}}));
}

// An inline route is marked for the io thread and answers like any other; Add's routes stay
// on the workers.
TEST(RouterTest, InlineRouteIsMarkedAndAnswers) {
  Router router;
  router.AddInline(http::verb::get, "/quick", Answer("quick"));
  router.Add(http::verb::get, "/slow", Answer("slow"));
  Request quick = MakeRequest(http::verb::get, "/quick");
  Router::Match match = router.Resolve(quick);
  ASSERT_NE(match.route, nullptr);
  EXPECT_TRUE(match.route->run_inline);
  Request slow = MakeRequest(http::verb::get, "/slow");
  ASSERT_NE(router.Resolve(slow).route, nullptr);
  EXPECT_FALSE(router.Resolve(slow).route->run_inline);
  EXPECT_EQ(DispatchTo(router, http::verb::get, "/quick").body(), "quick");
}

TEST(RouterTest, FastPathAnswersWhenItCanElseTheHandler) {
  Router router;
  router.AddWithFastPath(
      http::verb::post, "/plan",
      [](const Request& request) -> std::optional<Reply> {
        if (request.query != "kept") return std::nullopt;
        Response response(http::status::ok, 11);
        response.body() = "kept";
        return Reply(std::move(response));
      },
      Answer("computed"));
  Request request = MakeRequest(http::verb::post, "/plan");
  Router::Match match = router.Resolve(request);
  ASSERT_NE(match.route, nullptr);
  EXPECT_TRUE(static_cast<bool>(match.route->fast_path));
  EXPECT_FALSE(match.route->run_inline);
  EXPECT_EQ(DispatchTo(router, http::verb::post, "/plan?kept").body(), "kept");
  EXPECT_EQ(DispatchTo(router, http::verb::post, "/plan").body(), "computed");
}

TEST(RouterTest, QueryDoesNotTakePartInMatching) {
  Router router;
  AddHealthRoutes(router);
  Request request = MakeRequest(http::verb::get, "/healthz?verbose=1");
  EXPECT_EQ(router.Dispatch(request).result(), http::status::ok);
}

TEST(RouterTest, UnknownPathIs404WithMessage) {
  Router router;
  AddHealthRoutes(router);
  Request request = MakeRequest(http::verb::get, "/x");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.result(), http::status::not_found);
  nlohmann::json body = nlohmann::json::parse(response.body());
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "no route for GET /x");
}

TEST(RouterTest, TrailingSlashIsAnotherPath) {
  Router router;
  AddHealthRoutes(router);
  Request request = MakeRequest(http::verb::get, "/healthz/");
  EXPECT_EQ(router.Dispatch(request).result(), http::status::not_found);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  AddHealthRoutes(router);
  router.Add(http::verb::delete_, "/healthz", Answer("deleted"));
  Request request = MakeRequest(http::verb::post, "/healthz");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.result(), http::status::method_not_allowed);
  EXPECT_EQ(response[http::field::allow], "DELETE, GET, HEAD");
  EXPECT_EQ(ErrorCode(response), "invalid_argument");
  EXPECT_EQ(nlohmann::json::parse(response.body())["error"]["message"],
            "method POST not allowed on /healthz");
}

TEST(RouterTest, ParamSegmentsArePercentDecoded) {
  Router router;
  std::string seen;
  router.Add(http::verb::delete_, "/v1/backups/{app}", [&seen](const Request& request) {
    seen = std::string(request.Param("app"));
    return Response(http::status::no_content, 11);
  });
  Request request = MakeRequest(http::verb::delete_, "/v1/backups/com.example%2Dmaps");
  EXPECT_EQ(router.Dispatch(request).result(), http::status::no_content);
  EXPECT_EQ(seen, "com.example-maps");
  EXPECT_EQ(request.Param("missing"), "");
}

TEST(RouterTest, ParamDoesNotMatchEmptySegment) {
  Router router;
  router.Add(http::verb::get, "/v1/blobs/{sha256}", Answer("blob"));
  Request request = MakeRequest(http::verb::get, "/v1/blobs/");
  EXPECT_EQ(router.Dispatch(request).result(), http::status::not_found);
}

TEST(RouterTest, LiteralSegmentBeatsParam) {
  Router router;
  router.Add(http::verb::get, "/v1/sessions/{id}", Answer("param"));
  router.Add(http::verb::get, "/v1/sessions/current", Answer("literal"));
  Request current = MakeRequest(http::verb::get, "/v1/sessions/current");
  EXPECT_EQ(router.Dispatch(current).body(), "literal");
  Request other = MakeRequest(http::verb::get, "/v1/sessions/abc");
  EXPECT_EQ(router.Dispatch(other).body(), "param");
}

TEST(RouterTest, MethodPicksAmongPatternsMatchingThePath) {
  Router router;
  router.Add(http::verb::delete_, "/v1/sessions/current", Answer("logout"));
  router.Add(http::verb::get, "/v1/sessions/{id}", Answer("get"));
  EXPECT_EQ(DispatchTo(router, http::verb::get, "/v1/sessions/current").body(), "get");
  ExpectMethodNotAllowed(DispatchTo(router, http::verb::put, "/v1/sessions/current"),
                         "DELETE, GET, HEAD");
}

// HEAD finds the GET route (the server then sends no body); a HEAD route of its own wins.
TEST(RouterTest, HeadRunsTheGetRouteUnlessItHasItsOwn) {
  Router router;
  router.Add(http::verb::get, "/v1/blobs/{sha256}", Answer("get"));
  router.Add(http::verb::get, "/v1/me", Answer("me"));
  router.Add(http::verb::head, "/v1/me", Answer("head"));
  router.Add(http::verb::post, "/v1/blobs", Answer("post"));
  Request blob = MakeRequest(http::verb::head, "/v1/blobs/abc");
  Router::Match match = router.Resolve(blob);
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.pattern(), "/v1/blobs/{sha256}");
  EXPECT_EQ(blob.Param("sha256"), "abc");
  EXPECT_EQ(DispatchTo(router, http::verb::head, "/v1/me").body(), "head");
  ExpectMethodNotAllowed(DispatchTo(router, http::verb::head, "/v1/blobs"), "POST");
}

TEST(RouterTest, SeveralParams) {
  Router router;
  router.Add(http::verb::post, "/v1/catalog/software/{id}/votes", [](const Request& request) {
    Response response(http::status::ok, 11);
    response.body() = std::string(request.Param("id"));
    return response;
  });
  Request request = MakeRequest(http::verb::post, "/v1/catalog/software/42/votes");
  EXPECT_EQ(router.Dispatch(request).body(), "42");
}

}  // namespace
}  // namespace appvault::server
