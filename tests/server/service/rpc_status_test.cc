#include "server/service/rpc_status.h"

#include <string>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "scoring/field_violations.h"

namespace trustfit::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

google::rpc::ErrorInfo ErrorInfoOf(const google::rpc::Status& status) {
  google::rpc::ErrorInfo info;
  int found = 0;
  for (const auto& detail : status.details()) {
    if (detail.Is<google::rpc::ErrorInfo>()) {
      EXPECT_TRUE(detail.UnpackTo(&info));
      ++found;
    }
  }
  EXPECT_EQ(found, 1) << "exactly one ErrorInfo";
  return info;
}

int BadRequestsIn(const google::rpc::Status& status,
                  google::rpc::BadRequest* out) {
  int found = 0;
  for (const auto& detail : status.details()) {
    if (detail.Is<google::rpc::BadRequest>()) {
      EXPECT_TRUE(detail.UnpackTo(out));
      ++found;
    }
  }
  return found;
}

TEST(RpcStatusTest, CarriesTheCodeMessageAndAnErrorInfoOfTheDomain) {
  const google::rpc::Status status =
      MakeRpcStatus(absl::NotFoundError("no such record"), "RECORD_NOT_FOUND");
  EXPECT_EQ(status.code(), static_cast<int>(absl::StatusCode::kNotFound));
  EXPECT_EQ(status.message(), "no such record");
  const google::rpc::ErrorInfo info = ErrorInfoOf(status);
  EXPECT_EQ(info.reason(), "RECORD_NOT_FOUND");
  EXPECT_EQ(info.domain(), "trustfit.example");
  EXPECT_EQ(info.domain(), kErrorDomain);
  EXPECT_TRUE(info.metadata().empty());
  google::rpc::BadRequest unused;
  EXPECT_EQ(BadRequestsIn(status, &unused), 0);
}

TEST(RpcStatusTest, ListsEveryFieldViolationInOneBadRequest) {
  scoring::FieldViolations violations;
  violations.Add("identity.urn", "must be six digits");
  violations.Add("scoring.weights.ethos", "must not be negative");
  const google::rpc::Status status = MakeRpcStatus(
      violations.ToStatus("invalid candidate"), kReasonInvalidRequest);
  EXPECT_EQ(status.code(),
            static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(status.message(), HasSubstr("invalid candidate"));
  google::rpc::BadRequest bad_request;
  ASSERT_EQ(BadRequestsIn(status, &bad_request), 1);
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "identity.urn");
  EXPECT_EQ(bad_request.field_violations(0).description(),
            "must be six digits");
  EXPECT_EQ(bad_request.field_violations(1).field(), "scoring.weights.ethos");
  EXPECT_EQ(ErrorInfoOf(status).reason(), "INVALID_REQUEST");
}

TEST(RpcStatusTest, TheCallerMetadataIsCarriedInTheErrorInfo) {
  const google::rpc::Status status =
      MakeRpcStatus(absl::NotFoundError("no cluster"), kReasonClusterNotFound,
                    {{"cluster_id", "east"}});
  EXPECT_THAT(ErrorInfoOf(status).metadata(),
              UnorderedElementsAre(Pair("cluster_id", "east")));
}

TEST(RpcStatusTest, AReasonCarriedOnTheStatusWinsOverTheFallback) {
  const absl::Status carried = scoring::WithErrorReason(
      absl::NotFoundError("cluster \"east\" is not in the policy"),
      {"CLUSTER_NOT_FOUND", {{"valid_cluster_ids", "north,midlands"}}});
  const google::rpc::Status status =
      MakeRpcStatus(carried, kReasonInvalidRequest, {{"request_id", "r1"}});
  const google::rpc::ErrorInfo info = ErrorInfoOf(status);
  EXPECT_EQ(info.reason(), "CLUSTER_NOT_FOUND");
  EXPECT_EQ(info.domain(), "trustfit.example");
  EXPECT_THAT(info.metadata(),
              UnorderedElementsAre(Pair("valid_cluster_ids", "north,midlands"),
                                   Pair("request_id", "r1")));
}

TEST(RpcStatusTest, TheCallerMetadataOverridesCarriedMetadataOfTheSameKey) {
  const absl::Status carried = scoring::WithErrorReason(
      absl::FailedPreconditionError("x"), {"STORE_FAILED", {{"k", "carried"}}});
  const google::rpc::Status status =
      MakeRpcStatus(carried, kReasonInvalidRequest, {{"k", "caller"}});
  EXPECT_THAT(ErrorInfoOf(status).metadata(),
              UnorderedElementsAre(Pair("k", "caller")));
}

TEST(RpcStatusTest, ALongMessageIsCutAtACharacterBoundary) {
  // After one ASCII byte every character is two bytes, so the even limit
  // falls inside one and the cut must step back a byte.
  std::string message = "x";
  while (message.size() < 3 * kMaxErrorMessageBytes) message += "\xC3\xA9";
  const google::rpc::Status status =
      MakeRpcStatus(absl::InternalError(message), kReasonStoreFailed);
  const std::string& out = status.message();
  ASSERT_GE(out.size(), 3u);
  EXPECT_EQ(out.substr(out.size() - 3), "...");
  const std::string kept = out.substr(0, out.size() - 3);
  EXPECT_LE(kept.size(), kMaxErrorMessageBytes);
  EXPECT_GE(kept.size(), kMaxErrorMessageBytes - 1);
  EXPECT_EQ(kept, message.substr(0, kept.size()));
  EXPECT_EQ(kept.size() % 2, 1u) << "ends on a whole character";
  EXPECT_EQ(out.find('?'), std::string::npos);
}

TEST(RpcStatusTest, AMessageAtTheLimitIsKeptWhole) {
  const std::string message(kMaxErrorMessageBytes, 'm');
  EXPECT_EQ(
      MakeRpcStatus(absl::InternalError(message), kReasonStoreFailed).message(),
      message);
}

TEST(RpcStatusTest, MalformedUtf8InTheMessageIsReplaced) {
  const google::rpc::Status status = MakeRpcStatus(
      absl::InvalidArgumentError("bad \xFF byte"), kReasonInvalidRequest);
  EXPECT_EQ(status.message(), "bad ? byte");
}

TEST(RpcStatusTest, ToGrpcStatusCarriesTheStatusAsBinaryDetails) {
  const google::rpc::Status rpc_status =
      MakeRpcStatus(absl::NotFoundError("gone"), kReasonRecordNotFound);
  const grpc::Status status = ToGrpcStatus(rpc_status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "gone");
  google::rpc::Status decoded;
  ASSERT_TRUE(decoded.ParseFromString(status.error_details()));
  EXPECT_EQ(decoded.SerializeAsString(), rpc_status.SerializeAsString());
}

TEST(RpcStatusTest, AnAccessRefusalKeepsTheReasonItCarries) {
  const grpc::Status status = AccessRefusal(scoring::WithErrorReason(
      absl::PermissionDeniedError("needs role scorer"),
      {"MISSING_ROLE", {{"required_role", "scorer"}}}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  google::rpc::Status decoded;
  ASSERT_TRUE(decoded.ParseFromString(status.error_details()));
  const google::rpc::ErrorInfo info = ErrorInfoOf(decoded);
  EXPECT_EQ(info.reason(), "MISSING_ROLE");
  EXPECT_THAT(info.metadata(),
              UnorderedElementsAre(Pair("required_role", "scorer")));
}

TEST(RpcStatusTest, AnAccessRefusalWithoutAReasonIsAccessRefused) {
  const grpc::Status status =
      AccessRefusal(absl::UnauthenticatedError("no credentials"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  google::rpc::Status decoded;
  ASSERT_TRUE(decoded.ParseFromString(status.error_details()));
  EXPECT_EQ(ErrorInfoOf(decoded).reason(), "ACCESS_REFUSED");
}

TEST(ErrorForTest, EachCodeGetsTheReasonItImplies) {
  const struct {
    absl::Status status;
    absl::string_view reason;
  } cases[] = {
      {absl::InvalidArgumentError("x"), kReasonInvalidRequest},
      {absl::OutOfRangeError("x"), kReasonInvalidRequest},
      {absl::FailedPreconditionError("x"), kReasonInvalidRequest},
      {absl::NotFoundError("x"), kReasonArrangementNotFound},
      {absl::CancelledError("x"), kReasonCancelled},
      {absl::DeadlineExceededError("x"), kReasonDeadlineExceeded},
      {absl::UnavailableError("x"), kReasonStoreFailed},
      {absl::InternalError("x"), kReasonStoreFailed},
      {absl::DataLossError("x"), kReasonStoreFailed},
      {absl::AbortedError("x"), kReasonStoreFailed},
      {absl::ResourceExhaustedError("x"), kReasonStoreFailed},
  };
  for (const auto& c : cases) {
    const google::rpc::Status status =
        ErrorFor(c.status, kReasonArrangementNotFound);
    EXPECT_EQ(status.code(), static_cast<int>(c.status.code()));
    EXPECT_EQ(ErrorInfoOf(status).reason(), c.reason) << c.status;
  }
}

TEST(ErrorForTest, AReasonTheStatusCarriesWinsOverItsCode) {
  const absl::Status refused = scoring::WithErrorReason(
      absl::FailedPreconditionError("decided"), {"ALREADY_DECIDED", {}});
  EXPECT_EQ(ErrorInfoOf(ErrorFor(refused, kReasonRecordNotFound)).reason(),
            "ALREADY_DECIDED");
}

TEST(ErrorForTest, GrpcErrorCarriesTheSameStatus) {
  const grpc::Status status =
      GrpcError(absl::NotFoundError("no such record"), kReasonRecordNotFound);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::Status decoded;
  ASSERT_TRUE(decoded.ParseFromString(status.error_details()));
  EXPECT_EQ(ErrorInfoOf(decoded).reason(), "RECORD_NOT_FOUND");
}

TEST(ErrorForTest, AnInvalidRequestListsItsViolations) {
  scoring::FieldViolations violations;
  violations.Add("page_size", "must not be negative");
  const grpc::Status status = InvalidRequest(violations);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status decoded;
  ASSERT_TRUE(decoded.ParseFromString(status.error_details()));
  EXPECT_EQ(ErrorInfoOf(decoded).reason(), "INVALID_REQUEST");
  google::rpc::BadRequest bad_request;
  ASSERT_EQ(BadRequestsIn(decoded, &bad_request), 1);
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_size");
}

TEST(ErrorForTest, NoStoreSaysHowToStartTheServerWithOne) {
  const grpc::Status status = NoStoreError();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("start it with --store"));
  google::rpc::Status decoded;
  ASSERT_TRUE(decoded.ParseFromString(status.error_details()));
  EXPECT_EQ(ErrorInfoOf(decoded).reason(), "STORE_DISABLED");
}

}  // namespace
}  // namespace trustfit::server
