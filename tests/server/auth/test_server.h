// A TrustFitService whose handlers do nothing but what phase 2's will do
// first: check access through an AccessGate and audit the outcome. For the
// access-control tests, on 127.0.0.1 and a free port.
//
//   GatedService service(&gate);
//   TestServer server(grpc::InsecureServerCredentials(), &service);
//   auto stub = trustfit::v1::TrustFitService::NewStub(
//       grpc::CreateChannel(server.address(), ...));
//
// GetPolicy (viewer) answers with the caller in `source` ("alice jwt");
// ValidatePolicy (admin) answers valid; CreateAssessment (assessor) answers
// a record named "assessments/0000000000000001" whose requester is the
// caller; every other method is UNIMPLEMENTED, as in an empty service.

#ifndef TRUSTFIT_TESTS_SERVER_AUTH_TEST_SERVER_H_
#define TRUSTFIT_TESTS_SERVER_AUTH_TEST_SERVER_H_

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "server/auth/access_gate.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::testing {

inline constexpr char kTestRecordName[] = "assessments/0000000000000001";

class GatedService final
    : public trustfit::v1::TrustFitService::CallbackService {
 public:
  explicit GatedService(const server::auth::AccessGate* gate) : gate_(gate) {}

  grpc::ServerUnaryReactor* GetPolicy(
      grpc::CallbackServerContext* context,
      const trustfit::v1::GetPolicyRequest* request,
      trustfit::v1::GetPolicyResponse* response) override;

  grpc::ServerUnaryReactor* ValidatePolicy(
      grpc::CallbackServerContext* context,
      const trustfit::v1::ValidatePolicyRequest* request,
      trustfit::v1::ValidatePolicyResponse* response) override;

  grpc::ServerUnaryReactor* CreateAssessment(
      grpc::CallbackServerContext* context,
      const trustfit::v1::CreateAssessmentRequest* request,
      trustfit::v1::AssessmentRecord* record) override;

 private:
  const server::auth::AccessGate* gate_;
};

// TestServer
//
// `service` served on 127.0.0.1 with `credentials`, until destroyed.
class TestServer {
 public:
  TestServer(std::shared_ptr<grpc::ServerCredentials> credentials,
             grpc::Service* service);
  ~TestServer();

  // "127.0.0.1:<port>" (test server certificates name IP:127.0.0.1).
  std::string address() const;

 private:
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// The grpc::Status a refused Check gives, as the server will send it
// (server/service/rpc_status's MakeRpcStatus with the reason the status
// carries).
grpc::Status ToGrpc(const absl::Status& status);

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_SERVER_AUTH_TEST_SERVER_H_
