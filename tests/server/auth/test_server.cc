#include "tests/server/auth/test_server.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "server/auth/auth_status.h"
#include "server/service/rpc_status.h"

namespace trustfit::testing {
namespace {

namespace auth = ::trustfit::server::auth;

constexpr char kService[] = "/trustfit.v1.TrustFitService/";

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
                                 const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

}  // namespace

grpc::Status ToGrpc(const absl::Status& status) {
  return server::AccessRefusal(status);
}

grpc::ServerUnaryReactor* GatedService::GetPolicy(
    grpc::CallbackServerContext* context, const trustfit::v1::GetPolicyRequest*,
    trustfit::v1::GetPolicyResponse* response) {
  const absl::StatusOr<auth::Principal> caller =
      gate_->Check(*context, absl::StrCat(kService, "GetPolicy"));
  if (!caller.ok()) return Finish(context, ToGrpc(caller.status()));
  response->set_source(
      absl::StrCat(caller->name, " ", auth::AuthMethodName(caller->method)));
  return Finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* GatedService::ValidatePolicy(
    grpc::CallbackServerContext* context,
    const trustfit::v1::ValidatePolicyRequest*,
    trustfit::v1::ValidatePolicyResponse* response) {
  const absl::StatusOr<auth::Principal> caller =
      gate_->Check(*context, absl::StrCat(kService, "ValidatePolicy"));
  if (!caller.ok()) return Finish(context, ToGrpc(caller.status()));
  response->set_valid(true);
  return Finish(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* GatedService::CreateAssessment(
    grpc::CallbackServerContext* context,
    const trustfit::v1::CreateAssessmentRequest* request,
    trustfit::v1::AssessmentRecord* record) {
  const std::string method = absl::StrCat(kService, "CreateAssessment");
  const absl::StatusOr<auth::Principal> caller = gate_->Check(*context, method);
  if (!caller.ok()) return Finish(context, ToGrpc(caller.status()));
  *record = request->record();
  record->set_name(kTestRecordName);
  record->set_requester(caller->name);
  gate_->AuditOutcome(*context, *caller, method, record->name(),
                      grpc::Status::OK);
  return Finish(context, grpc::Status::OK);
}

TestServer::TestServer(std::shared_ptr<grpc::ServerCredentials> credentials,
                       grpc::Service* service) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port_);
  builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  EXPECT_NE(server_, nullptr);
  EXPECT_NE(port_, 0);
}

TestServer::~TestServer() {
  if (server_ != nullptr) server_->Shutdown();
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

}  // namespace trustfit::testing
