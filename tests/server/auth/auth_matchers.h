// Matchers for the statuses access control gives callers.
//
//   EXPECT_THAT(verifier.Verify(token, now),
//               IsRefused("TOKEN_EXPIRED", "has expired"));

#ifndef TRUSTFIT_TESTS_SERVER_AUTH_AUTH_MATCHERS_H_
#define TRUSTFIT_TESTS_SERVER_AUTH_AUTH_MATCHERS_H_

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "server/auth/auth_status.h"

namespace trustfit::testing {

// An absl::StatusOr that is UNAUTHENTICATED with ErrorInfo reason `reason`
// and a message holding `message`.
MATCHER_P2(IsRefused, reason, message,
           absl::StrCat("is UNAUTHENTICATED, ", reason, ", \"", message,
                        "\"")) {
  const absl::Status& status = arg.status();
  *result_listener << "which is " << status << " ("
                   << scoring::ErrorReasonOf(status).reason << ")";
  return status.code() == absl::StatusCode::kUnauthenticated &&
         scoring::ErrorReasonOf(status).reason == std::string(reason) &&
         absl::StrContains(status.message(), message);
}

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_SERVER_AUTH_AUTH_MATCHERS_H_
