// The one mapping from a StatusCode to appvault's exit status (CONTRACT §2).
#include "client/cli/exit_codes.h"

#include <gtest/gtest.h>

namespace appvault::client::cli {
namespace {

int Code(StatusCode code, FailureOrigin origin) {
  return ExitCodeFor(code == StatusCode::kOk ? Status::Ok() : Status(code, "x"), origin);
}

TEST(ExitCodesTest, ContractStatuses) {
  for (FailureOrigin origin : {FailureOrigin::kDevice, FailureOrigin::kServer}) {
    EXPECT_EQ(Code(StatusCode::kOk, origin), 0);
    EXPECT_EQ(Code(StatusCode::kInvalidArgument, origin), 2);
    EXPECT_EQ(Code(StatusCode::kUnauthenticated, origin), 3);
    EXPECT_EQ(Code(StatusCode::kNotFound, origin), 1);
    EXPECT_EQ(Code(StatusCode::kConflict, origin), 1);
    EXPECT_EQ(Code(StatusCode::kSignerMismatch, origin), 1);
    EXPECT_EQ(Code(StatusCode::kForbidden, origin), 1);
    EXPECT_EQ(Code(StatusCode::kQuotaExceeded, origin), 1);
  }
}

TEST(ExitCodesTest, UnavailableIsAServerErrorOnlyWhenTheServerFailed) {
  for (StatusCode code : {StatusCode::kUnavailable, StatusCode::kInternal, StatusCode::kDataLoss,
                          StatusCode::kRateLimited}) {
    EXPECT_EQ(Code(code, FailureOrigin::kServer), 4);
    EXPECT_EQ(Code(code, FailureOrigin::kDevice), 1);
  }
}

}  // namespace
}  // namespace appvault::client::cli
