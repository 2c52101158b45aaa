// A fake TrustFitService on 127.0.0.1 and a free port, for the client's
// unit tests of subcommand handlers: the test overrides the methods it
// needs on a TrustFitService::Service, and the handler under test dials it
// through GlobalOptions, as the CLI would.
//
//   class Fake : public v1::TrustFitService::Service { ... };
//   Fake service;
//   FakeServer server(&service);
//   RunPlan(server.global(), options, out, err);

#ifndef TRUSTFIT_TESTS_CLIENT_FAKE_SERVER_H_
#define TRUSTFIT_TESTS_CLIENT_FAKE_SERVER_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/subcommand.h"
#include "grpcpp/grpcpp.h"

namespace trustfit::client::testing {

class FakeServer {
 public:
  explicit FakeServer(grpc::Service* service) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterService(service);
    server_ = builder.BuildAndStart();
  }
  ~FakeServer() { server_->Shutdown(); }
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

  // Options that reach this server in plaintext, failing fast if it is not
  // serving rather than waiting the CLI's default 30 s.
  GlobalOptions global(OutputFormat output = OutputFormat::kTable) const {
    GlobalOptions global;
    global.server = address();
    global.target = address();
    global.deadline = absl::Seconds(10);
    global.output = output;
    return global;
  }

 private:
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// Options aimed at a loopback port nothing listens on (port 1 is never
// served to an unprivileged test), with a short deadline.
inline GlobalOptions UnreachableServer() {
  GlobalOptions global;
  global.server = "127.0.0.1:1";
  global.target = "127.0.0.1:1";
  global.deadline = absl::Seconds(2);
  return global;
}

}  // namespace trustfit::client::testing

#endif  // TRUSTFIT_TESTS_CLIENT_FAKE_SERVER_H_
