// Access control end to end, against the real trustfit-server binary with
// throwaway certificates, keys and tokens made by openssl in the test: TLS
// and plaintext, mutual TLS, bearer tokens and JWTs, the role of every
// method, the requester of a record, the audit log, the secure defaults,
// file modes, the health-only port and certificate rotation.

#include <sys/stat.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/auth/tls_credentials.h"
#include "server/auth/token_store.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "tests/server/auth/test_pki.h"
#include "trustfit/v1/auth.pb.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::testing {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIssuer[] = "https://login.trust.example/v2.0";
constexpr char kAudience[] = "api://trustfit";

// What a refused call says: its code and ErrorInfo.
struct Refusal {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string reason;
  std::map<std::string, std::string> metadata;
  std::string message;
};

Refusal RefusalOf(const grpc::Status& status) {
  Refusal refusal{status.error_code(), "", {}, status.error_message()};
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info)) {
        refusal.reason = info.reason();
        refusal.metadata = {info.metadata().begin(), info.metadata().end()};
      }
    }
  }
  return refusal;
}

// Calls `method` ("/package.Service/Method") with an empty request and
// `authorization`, through the generic stub, whatever its type.
grpc::Status CallEmpty(const std::shared_ptr<grpc::Channel>& channel,
                       const std::string& method,
                       const std::string& authorization) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  if (!authorization.empty())
    context.AddMetadata("authorization", authorization);
  grpc::ByteBuffer request(nullptr, 0);
  grpc::ByteBuffer response;
  std::mutex mutex;
  std::condition_variable done;
  std::optional<grpc::Status> result;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   std::lock_guard<std::mutex> lock(mutex);
                   result = status;
                   done.notify_all();
                 });
  std::unique_lock<std::mutex> lock(mutex);
  done.wait(lock, [&] { return result.has_value(); });
  return *result;
}

class AccessE2ETest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir;
    ca_ = new CertAndKey(MakeCa(*dir_, "trust-ca"));
    server_cert_ = new CertAndKey(
        MakeCert(*dir_, *ca_, "server", "DNS:localhost,IP:127.0.0.1"));
    client_cert_ = new CertAndKey(MakeCert(
        *dir_, *ca_, "batch", "URI:spiffe://trust.example/ns/trustfit/batch"));
    const CertAndKey rogue_ca = MakeCa(*dir_, "rogue-ca");
    rogue_client_ = new CertAndKey(
        MakeCert(*dir_, rogue_ca, "rogue",
                 "URI:spiffe://trust.example/ns/trustfit/batch"));
    jwt_key_ = new std::string(MakeSigningKey(*dir_, "jwt", KeyKind::kRsa));
    dir_->Write(
        "jwks.json",
        absl::StrCat(R"({"keys":[)", JwkOf(dir_->Path("jwt.pub"), "k1"), "]}"));
    std::string tokens;
    for (const char* role : {"viewer", "assessor", "admin"}) {
      absl::StrAppend(&tokens, server::auth::TokenHash(TokenFor(role)), " ",
                      role, "-bot ", role, "\n");
    }
    dir_->Write("tokens", tokens);
    dir_->Write("mtls-clients",
                "mtls spiffe://trust.example/ns/trustfit/batch assessor\n");
  }
  static void TearDownTestSuite() {
    delete rogue_client_;
    delete client_cert_;
    delete server_cert_;
    delete ca_;
    delete jwt_key_;
    delete dir_;
  }

  static std::string TokenFor(absl::string_view role) {
    return absl::StrCat("test-token-for-", role, "-0123456789abcdef");
  }

  // The options of a server with TLS, tokens and JWTs, auditing to
  // audit.jsonl, recording in records.db; then `more`.
  static std::vector<std::string> SecureArgs(
      std::vector<std::string> more = {}) {
    std::vector<std::string> args = {
        "--tls-cert=" + server_cert_->cert,
        "--tls-key=" + server_cert_->key,
        "--auth-tokens=" + dir_->Path("tokens"),
        "--auth-jwks=" + dir_->Path("jwks.json"),
        absl::StrCat("--auth-jwt-issuer=", kIssuer),
        absl::StrCat("--auth-jwt-audience=", kAudience),
        "--audit-log=" + dir_->Path("audit.jsonl"),
        "--store=sqlite://" + dir_->Path("records.db")};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  // A TLS channel to `server` trusting the test CA, with a client
  // certificate when `client` is set.
  static std::shared_ptr<grpc::Channel> TlsChannel(
      const ServerProcess& server, const CertAndKey* client = nullptr,
      const std::string& ca = "") {
    server::auth::ChannelTlsConfig tls{ca.empty() ? ca_->cert : ca,
                                       client ? client->cert : "",
                                       client ? client->key : ""};
    auto credentials = server::auth::MakeChannelCredentials(tls);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    return grpc::CreateChannel(server.address(), *credentials);
  }

  static std::string Jwt(
      nlohmann::json claims,
      const std::string& header = R"({"alg":"RS256","kid":"k1"})") {
    const nlohmann::json defaults = {
        {"iss", kIssuer},
        {"aud", kAudience},
        {"sub", "alice@trust.example"},
        {"roles", {"assessor"}},
        {"exp", absl::ToUnixSeconds(absl::Now()) + 600}};
    for (const auto& [key, value] : defaults.items()) {
      if (!claims.contains(key)) claims[key] = value;
    }
    for (auto it = claims.begin(); it != claims.end();) {
      it = it->is_null() ? claims.erase(it) : std::next(it);
    }
    return SignJwt(header, claims.dump(), *jwt_key_, "RS256");
  }

  // ScoreCandidate on `channel` with `authorization` (none when empty).
  static grpc::Status Score(const std::shared_ptr<grpc::Channel>& channel,
                            const std::string& authorization) {
    v1::ScoreCandidateRequest request;
    *request.mutable_candidate() = GoldenCandidate("coasting");
    request.set_cluster_id("north");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (!authorization.empty())
      context.AddMetadata("authorization", authorization);
    v1::ScoreCandidateResponse response;
    return v1::TrustFitService::NewStub(channel)->ScoreCandidate(
        &context, request, &response);
  }

  // CreateAssessment with `authorization`, claiming to be `requester`.
  static grpc::Status Create(const std::shared_ptr<grpc::Channel>& channel,
                             const std::string& authorization,
                             const std::string& requester,
                             v1::AssessmentRecord* record) {
    v1::CreateAssessmentRequest request;
    *request.mutable_record()->mutable_candidate() =
        GoldenCandidate("coasting");
    request.mutable_record()->set_cluster_id("north");
    request.mutable_record()->set_note("governors-note-not-for-the-audit");
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    if (!authorization.empty())
      context.AddMetadata("authorization", authorization);
    if (!requester.empty())
      context.AddMetadata("x-trustfit-requester", requester);
    return v1::TrustFitService::NewStub(channel)->CreateAssessment(
        &context, request, record);
  }

  static std::vector<nlohmann::json> AuditEvents() {
    std::vector<nlohmann::json> events;
    for (absl::string_view line :
         absl::StrSplit(ReadWholeFile(dir_->Path("audit.jsonl")), '\n',
                        absl::SkipEmpty())) {
      events.push_back(nlohmann::json::parse(line));
    }
    return events;
  }

  static ScratchDir* dir_;
  static CertAndKey* ca_;
  static CertAndKey* server_cert_;
  static CertAndKey* client_cert_;
  static CertAndKey* rogue_client_;
  static std::string* jwt_key_;
};

ScratchDir* AccessE2ETest::dir_ = nullptr;
CertAndKey* AccessE2ETest::ca_ = nullptr;
CertAndKey* AccessE2ETest::server_cert_ = nullptr;
CertAndKey* AccessE2ETest::client_cert_ = nullptr;
CertAndKey* AccessE2ETest::rogue_client_ = nullptr;
std::string* AccessE2ETest::jwt_key_ = nullptr;

TEST_F(AccessE2ETest, TlsServesAndPlaintextIsRefused) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Score(TlsChannel(*server), "Bearer " + TokenFor("viewer")).ok());
  const grpc::Status plain =
      Score(grpc::CreateChannel(server->address(),
                                grpc::InsecureChannelCredentials()),
            "Bearer " + TokenFor("viewer"));
  EXPECT_EQ(plain.error_code(), grpc::StatusCode::UNAVAILABLE)
      << plain.error_message();
  // A client that does not trust the CA that signed the server's
  // certificate does not get through the handshake.
  const CertAndKey other = MakeCa(*dir_, "other-ca");
  EXPECT_EQ(Score(TlsChannel(*server, nullptr, other.cert),
                  "Bearer " + TokenFor("viewer"))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AccessE2ETest, HealthNeedsNoCredentials) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto stub = grpc::health::v1::Health::NewStub(TlsChannel(*server));
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(
      stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response)
          .ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(AccessE2ETest, EveryMethodRefusesCallersWithoutCredentials) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "trustfit.v1.TrustFitService");
  ASSERT_NE(service, nullptr);
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string method = absl::StrCat("/", service->full_name(), "/",
                                            service->method(i)->name());
    const Refusal refusal = RefusalOf(CallEmpty(channel, method, ""));
    EXPECT_EQ(refusal.code, grpc::StatusCode::UNAUTHENTICATED) << method;
    EXPECT_EQ(refusal.reason, "AUTH_REQUIRED") << method;
  }
}

// Each method of the service descriptor, called with a role just below the
// one its definition names, is refused with ROLE_REQUIRED; with that role
// it gets past access control.
TEST_F(AccessE2ETest, EveryMethodNeedsTheRoleItsDefinitionNames) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);
  const std::map<v1::Role, std::string> credentials = {
      {v1::ROLE_UNSPECIFIED, "Bearer " + Jwt({{"roles", nullptr}})},
      {v1::ROLE_VIEWER, "Bearer " + TokenFor("viewer")},
      {v1::ROLE_ASSESSOR, "Bearer " + TokenFor("assessor")},
      {v1::ROLE_ADMIN, "Bearer " + TokenFor("admin")}};
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "trustfit.v1.TrustFitService");
  ASSERT_NE(service, nullptr);
  for (int i = 0; i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor* m = service->method(i);
    const std::string method =
        absl::StrCat("/", service->full_name(), "/", m->name());
    const v1::Role required = m->options().GetExtension(v1::required_role);
    ASSERT_NE(required, v1::ROLE_UNSPECIFIED) << method;
    Refusal below = RefusalOf(CallEmpty(
        channel, method, credentials.at(static_cast<v1::Role>(required - 1))));
    EXPECT_EQ(below.code, grpc::StatusCode::PERMISSION_DENIED) << method;
    EXPECT_EQ(below.reason, "ROLE_REQUIRED") << method;
    EXPECT_EQ(below.metadata["required_role"],
              absl::AsciiStrToLower(v1::Role_Name(required).substr(5)))
        << method;
    const Refusal enough =
        RefusalOf(CallEmpty(channel, method, credentials.at(required)));
    EXPECT_NE(enough.code, grpc::StatusCode::PERMISSION_DENIED) << method;
    EXPECT_NE(enough.code, grpc::StatusCode::UNAUTHENTICATED) << method;
  }
}

TEST_F(AccessE2ETest, TokensAndJwtsThatDoNotProveWhoTheCallerIs) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  std::string tampered = Jwt({});
  tampered[tampered.size() - 5] =
      tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  const std::string unsigned_jwt =
      absl::StrCat(Base64Url(R"({"alg":"none"})"), ".",
                   Base64Url(nlohmann::json({{"iss", kIssuer},
                                             {"aud", kAudience},
                                             {"sub", "mallory"},
                                             {"roles", {"admin"}},
                                             {"exp", now + 600}})
                                 .dump()),
                   ".");
  const struct {
    const char* what;
    std::string authorization;
    const char* reason;
  } kCases[] = {
      {"unknown token", "Bearer not-a-token-anyone-was-given", "TOKEN_INVALID"},
      // The tokens file's own line for a token, sent as if it were one.
      {"the stored hash",
       "Bearer " + server::auth::TokenHash(TokenFor("admin")), "TOKEN_INVALID"},
      {"not Bearer", "Basic " + TokenFor("admin"), "TOKEN_INVALID"},
      {"expired JWT", "Bearer " + Jwt({{"exp", now - 3600}}), "TOKEN_EXPIRED"},
      {"JWT not yet valid", "Bearer " + Jwt({{"nbf", now + 3600}}),
       "TOKEN_NOT_YET_VALID"},
      {"wrong audience", "Bearer " + Jwt({{"aud", "api://another-app"}}),
       "TOKEN_INVALID"},
      {"wrong issuer", "Bearer " + Jwt({{"iss", "https://evil.example"}}),
       "TOKEN_INVALID"},
      {"alg none", "Bearer " + unsigned_jwt, "TOKEN_INVALID"},
      {"tampered signature", "Bearer " + tampered, "TOKEN_INVALID"},
  };
  for (const auto& c : kCases) {
    const Refusal refusal = RefusalOf(Score(channel, c.authorization));
    EXPECT_EQ(refusal.code, grpc::StatusCode::UNAUTHENTICATED) << c.what;
    EXPECT_EQ(refusal.reason, c.reason) << c.what;
  }
  EXPECT_TRUE(Score(channel, "Bearer " + Jwt({})).ok());
}

// Every unknown token gets the same answer, whatever it looks like.
TEST_F(AccessE2ETest, UnknownTokensAreAnsweredAlike) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);
  const Refusal a = RefusalOf(Score(channel, "Bearer x"));
  const Refusal b = RefusalOf(
      Score(channel, "Bearer " + TokenFor("admin").substr(0, 30) + "zzzz"));
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.reason, b.reason);
}

TEST_F(AccessE2ETest, MutualTlsNamesTheCallerByItsCertificate) {
  auto server = ServerProcess::Start(
      {"--tls-cert=" + server_cert_->cert, "--tls-key=" + server_cert_->key,
       "--tls-client-ca=" + ca_->cert,
       "--auth-mtls-clients=" + dir_->Path("mtls-clients"),
       "--store=sqlite://" + dir_->Path("mtls.db")});
  ASSERT_NE(server, nullptr);
  v1::AssessmentRecord record;
  const grpc::Status created =
      Create(TlsChannel(*server, client_cert_), "", "someone-else", &record);
  ASSERT_TRUE(created.ok()) << created.error_message();
  EXPECT_EQ(record.requester(), "spiffe://trust.example/ns/trustfit/batch");
  EXPECT_EQ(record.auth_method(), "mtls");
  EXPECT_EQ(record.on_behalf_of(), "someone-else");
  // No certificate, or one another CA signed: no handshake.
  EXPECT_EQ(Score(TlsChannel(*server), "").error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Score(TlsChannel(*server, rogue_client_), "").error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AccessE2ETest, OptionalClientCertificatesLetTokensIn) {
  auto server = ServerProcess::Start(
      SecureArgs({"--tls-client-ca=" + ca_->cert, "--tls-client-auth=optional",
                  "--auth-mtls-clients=" + dir_->Path("mtls-clients")}));
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(Score(TlsChannel(*server), "Bearer " + TokenFor("viewer")).ok());
  EXPECT_TRUE(Score(TlsChannel(*server, client_cert_), "").ok());
  EXPECT_EQ(RefusalOf(Score(TlsChannel(*server), "")).reason, "AUTH_REQUIRED");
  EXPECT_EQ(Score(TlsChannel(*server, rogue_client_), "").error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(AccessE2ETest, TheRequesterIsWhoTheCredentialsSay) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);
  v1::AssessmentRecord record;
  ASSERT_TRUE(Create(channel, "Bearer " + TokenFor("assessor"),
                     "the-head-of-finance", &record)
                  .ok());
  EXPECT_EQ(record.requester(), "assessor-bot");
  EXPECT_EQ(record.on_behalf_of(), "the-head-of-finance");
  EXPECT_EQ(record.auth_method(), "token");
  ASSERT_TRUE(Create(channel, "Bearer " + Jwt({}), "", &record).ok());
  EXPECT_EQ(record.requester(), "alice@trust.example");
  EXPECT_EQ(record.on_behalf_of(), "");
  EXPECT_EQ(record.auth_method(), "jwt");
  // What the stored record says, read back.
  v1::GetAssessmentRequest get;
  get.set_name(record.name());
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + TokenFor("viewer"));
  v1::AssessmentRecord stored;
  ASSERT_TRUE(v1::TrustFitService::NewStub(channel)
                  ->GetAssessment(&context, get, &stored)
                  .ok());
  EXPECT_EQ(stored.requester(), "alice@trust.example");
  EXPECT_EQ(stored.auth_method(), "jwt");
}

TEST_F(AccessE2ETest, AClaimedRequesterIsBoundedAndPlain) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);
  for (const std::string& claimed :
       {std::string(4000, 'a'), std::string("<script>alert(1)</script>"),
        std::string("=HYPERLINK(\"http://evil.example\")")}) {
    v1::AssessmentRecord record;
    const Refusal refusal = RefusalOf(
        Create(channel, "Bearer " + TokenFor("assessor"), claimed, &record));
    EXPECT_EQ(refusal.code, grpc::StatusCode::INVALID_ARGUMENT) << claimed;
    EXPECT_THAT(refusal.message, HasSubstr("x-trustfit-requester")) << claimed;
  }
}

TEST_F(AccessE2ETest, TheAuditLogHasEachCreateAndEachRefusal) {
  std::remove(dir_->Path("audit.jsonl").c_str());
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);
  v1::AssessmentRecord record;
  ASSERT_TRUE(
      Create(channel, "Bearer " + TokenFor("assessor"), "", &record).ok());
  EXPECT_FALSE(
      Create(channel, "Bearer " + TokenFor("viewer"), "", &record).ok());
  EXPECT_FALSE(Score(channel, "Bearer forged").ok());
  EXPECT_TRUE(Score(channel, "Bearer " + TokenFor("viewer")).ok());
  server->Signal(SIGTERM);
  ASSERT_EQ(server->WaitForExit(absl::Seconds(20)), 0);

  const std::vector<nlohmann::json> events = AuditEvents();
  ASSERT_EQ(events.size(), 3u) << ReadWholeFile(dir_->Path("audit.jsonl"));
  EXPECT_EQ(events[0]["principal"], "assessor-bot");
  EXPECT_EQ(events[0]["auth_method"], "token");
  EXPECT_EQ(events[0]["method"],
            "/trustfit.v1.TrustFitService/CreateAssessment");
  EXPECT_EQ(events[0]["record"], record.name());
  EXPECT_EQ(events[0]["outcome"], "OK");
  EXPECT_EQ(events[1]["principal"], "viewer-bot");
  EXPECT_EQ(events[1]["outcome"], "PERMISSION_DENIED");
  EXPECT_EQ(events[1]["reason"], "ROLE_REQUIRED");
  EXPECT_EQ(events[2]["principal"], "");
  EXPECT_EQ(events[2]["outcome"], "UNAUTHENTICATED");
  EXPECT_EQ(events[2]["method"], "/trustfit.v1.TrustFitService/ScoreCandidate");
  const std::string text = ReadWholeFile(dir_->Path("audit.jsonl"));
  EXPECT_THAT(text, Not(HasSubstr("governors-note")));
  EXPECT_THAT(text, Not(HasSubstr("forged")));
  // The server's own log names the caller of each call, and how.
  EXPECT_THAT(server->Log(), HasSubstr("principal=assessor-bot"));
}

TEST_F(AccessE2ETest, APublicAddressWithoutAuthenticationIsRefused) {
  const std::string log = TempDirectory() + "/access-public.log";
  const pid_t refused =
      SpawnProcess({TRUSTFIT_SERVER_BINARY, "--listen=0.0.0.0:0",
                    "--metrics-listen=off", "--store=none"},
                   log);
  EXPECT_EQ(WaitForPid(refused, absl::Seconds(20)), 1);
  EXPECT_THAT(ReadWholeFile(log), HasSubstr("--allow-unauthenticated"));

  // Told so explicitly, it serves, and says so loudly.
  const std::string ports = TempDirectory() + "/access-public.ports";
  std::remove(ports.c_str());
  const pid_t allowed = SpawnProcess(
      {TRUSTFIT_SERVER_BINARY, "--listen=0.0.0.0:0", "--metrics-listen=off",
       "--store=none", "--allow-unauthenticated", "--port-file=" + ports},
      log);
  for (int i = 0; i < 500 && ReadWholeFile(ports).empty(); ++i)
    absl::SleepFor(absl::Milliseconds(20));
  EXPECT_FALSE(ReadWholeFile(ports).empty()) << ReadWholeFile(log);
  kill(allowed, SIGTERM);
  EXPECT_EQ(WaitForPid(allowed, absl::Seconds(20)), 0);
  EXPECT_THAT(ReadWholeFile(log), HasSubstr("WITHOUT AUTHENTICATION"));

  // With authentication, a public address needs no such flag.
  auto secure = ServerProcess::Start(
      {"--listen=0.0.0.0:0", "--auth-tokens=" + dir_->Path("tokens")});
  EXPECT_NE(secure, nullptr);
}

TEST_F(AccessE2ETest, FilesTheServerCreatesAreItsOwnOnly) {
  const std::string db = dir_->Path("modes.db");
  const std::string audit = dir_->Path("modes-audit.jsonl");
  auto server =
      ServerProcess::Start({"--store=sqlite://" + db, "--audit-log=" + audit});
  ASSERT_NE(server, nullptr);
  v1::AssessmentRecord record;
  ASSERT_TRUE(Create(grpc::CreateChannel(server->address(),
                                         grpc::InsecureChannelCredentials()),
                     "", "", &record)
                  .ok());
  for (const std::string& path :
       {db, db + "-wal", db + "-shm", db + "-records", audit}) {
    struct stat info;
    ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 0777, 0600) << path;
  }
}

TEST_F(AccessE2ETest, TheStoreCanComeFromAFile) {
  const std::string uri =
      dir_->Write("store-uri", "sqlite://" + dir_->Path("from-file.db") + "\n");
  auto flag = ServerProcess::Start({"--store-file=" + uri});
  ASSERT_NE(flag, nullptr);
  EXPECT_THAT(flag->LogOnceItHas("from-file.db"), HasSubstr("from-file.db"));
  auto env = ServerProcess::Start({}, {"TRUSTFIT_STORE_FILE=" + uri});
  ASSERT_NE(env, nullptr);
  EXPECT_THAT(env->LogOnceItHas("from-file.db"), HasSubstr("from-file.db"));
}

TEST_F(AccessE2ETest, TheHealthPortIsPlaintextAndServesOnlyHealth) {
  auto server =
      ServerProcess::Start(SecureArgs({"--health-listen=127.0.0.1:0"}));
  ASSERT_NE(server, nullptr);
  ASSERT_GT(server->health_port(), 0);
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->health_port()),
                          grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  for (const char* service : {"", "trustfit.v1.TrustFitService"}) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(&context, request, &response).ok()) << service;
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
  }
  EXPECT_EQ(Score(channel, "Bearer " + TokenFor("viewer")).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

// cert-manager replaces the certificate and key in place: new connections
// get the new certificate, without a restart, and open ones stay up.
TEST_F(AccessE2ETest, ARotatedCertificateIsServedWithoutARestart) {
  const std::string cert = dir_->Path("rotating.crt");
  const std::string key = dir_->Path("rotating.key");
  auto install = [&](const CertAndKey& from) {
    dir_->Write("rotating.key", ReadWholeFile(from.key));
    dir_->Write("rotating.crt", ReadWholeFile(from.cert));
  };
  install(*server_cert_);
  auto server = ServerProcess::Start({"--tls-cert=" + cert, "--tls-key=" + key,
                                      "--auth-tokens=" + dir_->Path("tokens"),
                                      "--tls-reload-interval=1s"});
  ASSERT_NE(server, nullptr);
  const std::string token = "Bearer " + TokenFor("viewer");
  auto old_channel = TlsChannel(*server);
  ASSERT_TRUE(Score(old_channel, token).ok());

  const CertAndKey new_ca = MakeCa(*dir_, "new-ca");
  install(MakeCert(*dir_, new_ca, "server-2", "DNS:localhost,IP:127.0.0.1"));
  bool rotated = false;
  for (int i = 0; i < 100 && !rotated; ++i) {
    absl::SleepFor(absl::Milliseconds(200));
    rotated = Score(TlsChannel(*server, nullptr, new_ca.cert), token).ok();
  }
  EXPECT_TRUE(rotated);
  EXPECT_TRUE(Score(old_channel, token).ok());
  EXPECT_EQ(server->WaitForExit(absl::ZeroDuration()), -1);
}

// The CLI's exit code and what it says, run with `args` after --server and
// `env` added.
struct CliResult {
  int code;
  std::string err;
};

CliResult RunCli(const ServerProcess& server, std::vector<std::string> args,
                 const std::vector<std::string>& env = {}) {
  static int counter = 0;
  const std::string base =
      absl::StrCat(TempDirectory(), "/access-cli-", getpid(), "-", counter++);
  std::vector<std::string> argv = {
      TRUSTFIT_CLI_BINARY, "--server=" + server.address(), "--deadline=10s"};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid =
      SpawnProcess(argv, base + ".out", env, "/dev/null", base + ".err");
  return {WaitForPid(pid, absl::Seconds(60)), ReadWholeFile(base + ".err")};
}

TEST_F(AccessE2ETest, TheCliSaysWhatToDo) {
  auto server = ServerProcess::Start(SecureArgs());
  ASSERT_NE(server, nullptr);
  const std::string ca = "--tls-ca=" + ca_->cert;
  const std::string candidate =
      SourcePath("tests/testdata/golden/coasting.candidate.json");
  EXPECT_EQ(
      RunCli(*server, {ca, "list"}, {"TRUSTFIT_TOKEN=" + TokenFor("viewer")})
          .code,
      0);
  const std::string token_file =
      dir_->Write("cli-token", TokenFor("viewer") + "\n");
  EXPECT_EQ(RunCli(*server, {ca, "--token-file=" + token_file, "list"}).code,
            0);

  CliResult r = RunCli(*server, {ca, "list"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("not authenticated"));
  EXPECT_THAT(r.err, HasSubstr("TRUSTFIT_TOKEN"));
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  r = RunCli(*server, {ca, "--token=" + Jwt({{"exp", now - 3600}}), "list"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("has expired"));
  r = RunCli(*server, {ca, "--token=" + TokenFor("viewer"), "assess",
                       "--cluster=north", candidate});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("needs the role assessor"));

  const CertAndKey other = MakeCa(*dir_, "cli-other-ca");
  r = RunCli(*server, {"--tls-ca=" + other.cert, "health"});
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.err, HasSubstr("TLS handshake failed"));
  r = RunCli(*server, {"health"});
  EXPECT_EQ(r.code, 3);
  EXPECT_THAT(r.err, HasSubstr("does it speak TLS?"));
}

}  // namespace
}  // namespace trustfit::testing
