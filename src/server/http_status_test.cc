#include "server/http_status.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/response.h"

namespace appvault::server {
namespace {

namespace http = boost::beast::http;

TEST(HttpStatusTest, MapsEveryCodeToTheContractStatus) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kOk), http::status::ok);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), http::status::bad_request);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), http::status::unauthorized);
  EXPECT_EQ(HttpStatusFor(StatusCode::kForbidden), http::status::forbidden);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), http::status::not_found);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), http::status::conflict);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPayloadTooLarge), http::status::payload_too_large);
  for (StatusCode refusal :
       {StatusCode::kInvalidPackage, StatusCode::kBadSignature, StatusCode::kUnsigned,
        StatusCode::kMalwareDetected, StatusCode::kSignerMismatch, StatusCode::kVersionExists}) {
    EXPECT_EQ(HttpStatusFor(refusal), http::status::unprocessable_entity) << CodeName(refusal);
  }
  EXPECT_EQ(HttpStatusFor(StatusCode::kRateLimited), http::status::too_many_requests);
  EXPECT_EQ(HttpStatusFor(StatusCode::kQuotaExceeded), http::status::forbidden);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), http::status::service_unavailable);
  EXPECT_EQ(HttpStatusFor(StatusCode::kDataLoss), http::status::internal_server_error);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), http::status::internal_server_error);
}

TEST(HttpStatusTest, ErrorBodyHasCodeAndMessage) {
  nlohmann::json body =
      nlohmann::json::parse(ErrorBody(Status(StatusCode::kSignerMismatch, "other signer")));
  EXPECT_EQ(body, nlohmann::json::parse(
                      R"({"error":{"code":"signer_mismatch","message":"other signer"}})"));
}

TEST(HttpStatusTest, ErrorBodyReplacesInvalidUtf8) {
  std::string body = ErrorBody(Status(StatusCode::kNotFound, "no route for GET /\xff"));
  EXPECT_EQ(nlohmann::json::parse(body)["error"]["code"], "not_found");
}

TEST(HttpStatusTest, ErrorResponseIsJsonWithMappedStatus) {
  Response response = ErrorResponse(Status(StatusCode::kVersionExists, "version 3 exists"));
  EXPECT_EQ(response.result(), http::status::unprocessable_entity);
  EXPECT_EQ(response[http::field::content_type], "application/json");
  EXPECT_EQ(nlohmann::json::parse(response.body())["error"]["code"], "version_exists");
}

}  // namespace
}  // namespace appvault::server
