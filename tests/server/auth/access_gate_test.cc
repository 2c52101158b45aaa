// The gate every handler calls first, on a small in-test server: each kind
// of credential, each role against each method, the errors callers get,
// and the audit log. Last, why the gate is a call in each handler: what
// gRPC's two interception points do with a refused call.

#include "server/auth/access_gate.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/support/error_details.h"
#include "grpcpp/support/server_interceptor.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/auth/auth_status.h"
#include "spdlog/sinks/ostream_sink.h"
#include "tests/server/auth/test_pki.h"
#include "tests/server/auth/test_server.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::trustfit::testing::GatedService;
using ::trustfit::testing::JwkOf;
using ::trustfit::testing::KeyKind;
using ::trustfit::testing::MakeSigningKey;
using ::trustfit::testing::ScratchDir;
using ::trustfit::testing::SignJwt;
using ::trustfit::testing::TestServer;
namespace v1 = ::trustfit::v1;

constexpr char kTokensFile[] = R"(
sha256:VIEWER viewer-bot viewer
sha256:ASSESSOR assessor-bot assessor
sha256:ADMIN admin-bot admin
)";

std::string Tokens() {
  std::string text = kTokensFile;
  for (const char* role : {"VIEWER", "ASSESSOR", "ADMIN"}) {
    text.replace(text.find(absl::StrCat("sha256:", role)), 7 + strlen(role),
                 TokenHash(absl::StrCat(role, "-token")));
  }
  return text;
}

class AccessGateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir;
    key_ = new std::string(MakeSigningKey(*dir_, "rsa", KeyKind::kRsa));
  }
  static void TearDownTestSuite() {
    delete key_;
    delete dir_;
  }

  void SetUp() override { Serve(Methods()); }

  static Authenticator::Methods Methods() {
    Authenticator::Methods methods;
    methods.tokens =
        std::make_shared<TokenStore>(*TokenStore::FromText(Tokens(), "tokens"));
    JwtConfig config;
    config.issuer = "https://issuer.example";
    config.audiences = {"trustfit"};
    methods.jwt = std::make_shared<JwtVerifier>(*JwtVerifier::Create(
        config, *JwtKeySet::FromJwks(absl::StrCat(
                    R"({"keys":[)", JwkOf(dir_->Path("rsa.pub"), "k"), "]}"))));
    return methods;
  }

  void Serve(Authenticator::Methods methods) {
    server_.reset();
    audit_text_ = std::make_shared<std::ostringstream>();
    audit_ = std::make_unique<AuditLog>(
        std::make_shared<spdlog::sinks::ostream_sink_mt>(*audit_text_));
    gate_ = std::make_unique<AccessGate>(
        AccessGate::Options{std::make_shared<Authenticator>(std::move(methods)),
                            *Authorizer::ForTrustFit(), audit_.get(),
                            [] { return absl::FromUnixSeconds(1800000000); }});
    service_ = std::make_unique<GatedService>(gate_.get());
    server_ = std::make_unique<TestServer>(grpc::InsecureServerCredentials(),
                                           service_.get());
    stub_ = v1::TrustFitService::NewStub(grpc::CreateChannel(
        server_->address(), grpc::InsecureChannelCredentials()));
  }

  static std::string Jwt(int expires_in = 3600) {
    const nlohmann::json claims = {{"iss", "https://issuer.example"},
                                   {"aud", "trustfit"},
                                   {"sub", "alice@trust.example"},
                                   {"roles", {"assessor"}},
                                   {"exp", 1800000000 + expires_in}};
    return SignJwt(R"({"alg":"RS256","kid":"k"})", claims.dump(), *key_,
                   "RS256");
  }

  // Calls `method` ("GetPolicy", "ValidatePolicy", "CreateAssessment") with
  // `authorization` (none when empty); `answer` gets GetPolicy's source or
  // the record's requester.
  grpc::Status Call(const std::string& method, const std::string& authorization,
                    std::string* answer = nullptr) {
    grpc::ClientContext context;
    if (!authorization.empty()) {
      context.AddMetadata("authorization", authorization);
    }
    // What an unauthenticated caller used to be able to say about itself.
    context.AddMetadata("x-trustfit-requester", "the-head-of-finance");
    if (method == "GetPolicy") {
      v1::GetPolicyResponse response;
      const grpc::Status status =
          stub_->GetPolicy(&context, v1::GetPolicyRequest(), &response);
      if (answer != nullptr) *answer = response.source();
      return status;
    }
    if (method == "ValidatePolicy") {
      v1::ValidatePolicyResponse response;
      return stub_->ValidatePolicy(&context, v1::ValidatePolicyRequest(),
                                   &response);
    }
    v1::CreateAssessmentRequest request;
    request.mutable_record()->set_note("Head's salary £95,000; NOTE-MARKER");
    v1::AssessmentRecord record;
    const grpc::Status status =
        stub_->CreateAssessment(&context, request, &record);
    if (answer != nullptr) *answer = record.requester();
    return status;
  }

  static google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
    google::rpc::Status details;
    EXPECT_TRUE(grpc::ExtractErrorDetails(status, &details).ok());
    EXPECT_EQ(details.code(), static_cast<int>(status.error_code()));
    google::rpc::ErrorInfo info;
    for (const auto& any : details.details()) {
      if (any.UnpackTo(&info)) break;
    }
    return info;
  }

  std::vector<nlohmann::json> AuditEvents() const {
    std::vector<nlohmann::json> events;
    std::istringstream lines(audit_text_->str());
    for (std::string line; std::getline(lines, line);) {
      events.push_back(nlohmann::json::parse(line));
    }
    return events;
  }

  static ScratchDir* dir_;
  static std::string* key_;
  std::shared_ptr<std::ostringstream> audit_text_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<AccessGate> gate_;
  std::unique_ptr<GatedService> service_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::TrustFitService::Stub> stub_;
};

ScratchDir* AccessGateTest::dir_ = nullptr;
std::string* AccessGateTest::key_ = nullptr;

TEST_F(AccessGateTest, LetsAGoodTokenThroughAsItsPrincipal) {
  std::string caller;
  const grpc::Status status = Call("GetPolicy", "Bearer VIEWER-token", &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller, "viewer-bot token");
}

TEST_F(AccessGateTest, LetsAGoodJwtThroughAsItsPrincipal) {
  std::string caller;
  const grpc::Status status = Call("GetPolicy", "Bearer " + Jwt(), &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller, "alice@trust.example jwt");
}

// The requester of a record is who the credentials say, not what the call
// claims in x-trustfit-requester.
TEST_F(AccessGateTest, TheRequesterIsThePrincipal) {
  std::string requester;
  ASSERT_TRUE(Call("CreateAssessment", "Bearer " + Jwt(), &requester).ok());
  EXPECT_EQ(requester, "alice@trust.example");
}

TEST_F(AccessGateTest, NoCredentialsIsUnauthenticatedWithDetails) {
  const grpc::Status status = Call("GetPolicy", "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("needs credentials"));
  const google::rpc::ErrorInfo info = ErrorInfoOf(status);
  EXPECT_EQ(info.reason(), "AUTH_REQUIRED");
  EXPECT_EQ(info.domain(), "trustfit.example");
}

TEST_F(AccessGateTest, AnUnknownTokenIsUnauthenticated) {
  const grpc::Status status = Call("GetPolicy", "Bearer guessed-token");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), kTokenInvalidMessage);
  EXPECT_EQ(ErrorInfoOf(status).reason(), "TOKEN_INVALID");
}

TEST_F(AccessGateTest, AnExpiredJwtIsUnauthenticated) {
  const grpc::Status status = Call("GetPolicy", "Bearer " + Jwt(-3600));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ErrorInfoOf(status).reason(), "TOKEN_EXPIRED");
}

// Every role against every method the test service has, one of each rule.
TEST_F(AccessGateTest, EachMethodNeedsItsRole) {
  const std::map<std::string, std::set<std::string>> allowed = {
      {"VIEWER", {"GetPolicy"}},
      {"ASSESSOR", {"GetPolicy", "CreateAssessment"}},
      {"ADMIN", {"GetPolicy", "CreateAssessment", "ValidatePolicy"}}};
  const std::map<std::string, std::string> needs = {
      {"GetPolicy", "viewer"},
      {"CreateAssessment", "assessor"},
      {"ValidatePolicy", "admin"}};
  for (const auto& [role, methods] : allowed) {
    for (const auto& [method, required] : needs) {
      const grpc::Status status =
          Call(method, absl::StrCat("Bearer ", role, "-token"));
      if (methods.count(method) > 0) {
        EXPECT_TRUE(status.ok()) << role << " " << method;
        continue;
      }
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << role << " " << method;
      const google::rpc::ErrorInfo info = ErrorInfoOf(status);
      EXPECT_EQ(info.reason(), "ROLE_REQUIRED");
      EXPECT_EQ(info.domain(), "trustfit.example");
      EXPECT_EQ(info.metadata().at("required_role"), required);
      EXPECT_EQ(info.metadata().at("method"),
                "/trustfit.v1.TrustFitService/" + method);
      EXPECT_THAT(status.error_message(),
                  HasSubstr(absl::StrCat("needs the ", required, " role")));
    }
  }
}

TEST_F(AccessGateTest, AuditsACreateWithoutItsContent) {
  ASSERT_TRUE(Call("CreateAssessment", "Bearer ASSESSOR-token").ok());
  ASSERT_TRUE(Call("GetPolicy", "Bearer ASSESSOR-token").ok());  // a read
  const std::vector<nlohmann::json> events = AuditEvents();
  ASSERT_EQ(events.size(), 1u) << audit_text_->str();
  const nlohmann::json& event = events[0];
  EXPECT_EQ(event["time"], "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(event["principal"], "assessor-bot");
  EXPECT_EQ(event["auth_method"], "token");
  EXPECT_EQ(event["method"], "/trustfit.v1.TrustFitService/CreateAssessment");
  EXPECT_EQ(event["record"], trustfit::testing::kTestRecordName);
  EXPECT_THAT(event["peer"].get<std::string>(), HasSubstr("127.0.0.1"));
  EXPECT_EQ(event["outcome"], "OK");
  EXPECT_EQ(event["reason"], "");
  EXPECT_THAT(audit_text_->str(), Not(HasSubstr("NOTE-MARKER")));
  EXPECT_THAT(audit_text_->str(), Not(HasSubstr("95,000")));
  EXPECT_THAT(audit_text_->str(), Not(HasSubstr("the-head-of-finance")));
}

TEST_F(AccessGateTest, AuditsEveryDenial) {
  EXPECT_FALSE(Call("GetPolicy", "").ok());
  EXPECT_FALSE(Call("GetPolicy", "Bearer guessed-token").ok());
  EXPECT_FALSE(Call("ValidatePolicy", "Bearer VIEWER-token").ok());
  const std::vector<nlohmann::json> events = AuditEvents();
  ASSERT_EQ(events.size(), 3u) << audit_text_->str();
  EXPECT_EQ(events[0]["principal"], "");
  EXPECT_EQ(events[0]["outcome"], "UNAUTHENTICATED");
  EXPECT_EQ(events[0]["reason"], "AUTH_REQUIRED");
  EXPECT_EQ(events[1]["reason"], "TOKEN_INVALID");
  EXPECT_EQ(events[1]["auth_method"], "");
  EXPECT_EQ(events[2]["principal"], "viewer-bot");
  EXPECT_EQ(events[2]["auth_method"], "token");
  EXPECT_EQ(events[2]["method"], "/trustfit.v1.TrustFitService/ValidatePolicy");
  EXPECT_EQ(events[2]["outcome"], "PERMISSION_DENIED");
  EXPECT_EQ(events[2]["reason"], "ROLE_REQUIRED");
  // A token, guessed or real, never reaches the audit log.
  EXPECT_THAT(audit_text_->str(), Not(HasSubstr("guessed-token")));
}

TEST_F(AccessGateTest, AuditsAFailedStateChangeWithItsReason) {
  grpc::ServerContext context;  // never in a call: peer() is empty
  const Principal alice{"alice", RoleSet{trustfit::v1::ROLE_ASSESSOR},
                        AuthMethod::kJwt};
  gate_->AuditOutcome(context, alice,
                      "/trustfit.v1.TrustFitService/CreateAssessment", "",
                      trustfit::testing::ToGrpc(Unauthenticated(
                          kReasonTokenExpired, "pretend it failed")));
  gate_->AuditOutcome(context, alice, "/trustfit.v1.TrustFitService/GetPolicy",
                      "", grpc::Status::OK);  // a read: not audited
  const std::vector<nlohmann::json> events = AuditEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["outcome"], "UNAUTHENTICATED");
  EXPECT_EQ(events[0]["reason"], "TOKEN_EXPIRED");
}

TEST_F(AccessGateTest, WithAuthenticationOffEveryoneIsLetThrough) {
  Serve(Authenticator::Methods());
  std::string caller;
  ASSERT_TRUE(Call("GetPolicy", "", &caller).ok());
  EXPECT_EQ(caller, " none");
  EXPECT_TRUE(Call("ValidatePolicy", "").ok());
  ASSERT_TRUE(Call("CreateAssessment", "").ok());
  const std::vector<nlohmann::json> events = AuditEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["auth_method"], "none");
}

TEST_F(AccessGateTest, AMethodWithoutARuleIsRefused) {
  grpc::ServerContext context;
  const absl::StatusOr<Principal> caller =
      gate_->Check(context, "/trustfit.v1.TrustFitService/DeleteEverything");
  // Authentication comes first: an anonymous call is refused as such.
  EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated);
  Serve(Authenticator::Methods());
  const absl::StatusOr<Principal> anonymous =
      gate_->Check(context, "/trustfit.v1.TrustFitService/DeleteEverything");
  EXPECT_EQ(anonymous.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(scoring::ErrorReasonOf(anonymous.status()).reason,
            "ACCESS_RULE_MISSING");
}

// --- Why one call in each handler, not gRPC interception (gRPC 1.51). ---

// A generic service that counts the calls its handler saw.
class CountingService : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext*) override {
    ++handled;
    class Done : public grpc::ServerGenericBidiReactor {
     public:
      Done() { Finish(grpc::Status::OK); }
      void OnDone() override { delete this; }
    };
    return new Done;
  }
  std::atomic<int> handled{0};
};

grpc::Status GenericCall(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  grpc::Slice slice(std::string("x"));
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::mutex mutex;
  std::condition_variable done;
  std::optional<grpc::Status> result;
  stub.UnaryCall(&context, "/trustfit.v1.TrustFitService/GetPolicy",
                 grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   std::lock_guard<std::mutex> lock(mutex);
                   result = status;
                   done.notify_all();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  done.wait(lock, [&] { return result.has_value(); });
  return *result;
}

class CancellingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CancellingInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info) {}
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                POST_RECV_INITIAL_METADATA)) {
      info_->server_context()->TryCancel();  // all it can do to refuse
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
};

class CancellingFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CancellingInterceptor(info);
  }
};

TEST(InterceptionPoint, AServerInterceptorCannotRefuseACall) {
  CountingService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterCallbackGenericService(&service);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      factories;
  factories.push_back(std::make_unique<CancellingFactory>());
  builder.experimental().SetInterceptorCreators(std::move(factories));
  const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  const grpc::Status status = GenericCall(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  server->Shutdown();
  // The caller learns nothing useful, and the handler ran regardless.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(status.error_details().empty());
  EXPECT_EQ(service.handled, 1);
}

class RefusingProcessor : public grpc::AuthMetadataProcessor {
 public:
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& metadata, grpc::AuthContext*,
                       OutputMetadata*, OutputMetadata*) override {
    saw_path = metadata.count(":path") > 0;
    return trustfit::testing::ToGrpc(
        Unauthenticated(kReasonAuthRequired, "refused by the processor"));
  }
  std::atomic<bool> saw_path{false};
};

TEST(InterceptionPoint, AnAuthMetadataProcessorDropsTheErrorDetails) {
  ScratchDir dir;
  const auto ca = trustfit::testing::MakeCa(dir, "ca");
  const auto cert =
      trustfit::testing::MakeCert(dir, ca, "server", "IP:127.0.0.1");
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back(
      {trustfit::testing::ReadFileOrFail(cert.key),
       trustfit::testing::ReadFileOrFail(cert.cert)});
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::SslServerCredentials(options);
  auto processor = std::make_shared<RefusingProcessor>();
  credentials->SetAuthMetadataProcessor(processor);
  CountingService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", credentials, &port);
  builder.RegisterCallbackGenericService(&service);
  const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  grpc::SslCredentialsOptions client;
  client.pem_root_certs = trustfit::testing::ReadFileOrFail(ca.cert);
  const grpc::Status status = GenericCall(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", port), grpc::SslCredentials(client)));
  server->Shutdown();
  // It refuses before the handler, and sees the method, but the reason is
  // lost on the way (and it exists only on TLS ports).
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "refused by the processor");
  EXPECT_TRUE(status.error_details().empty());
  EXPECT_EQ(service.handled, 0);
  EXPECT_TRUE(processor->saw_path);
}

}  // namespace
}  // namespace trustfit::server::auth
