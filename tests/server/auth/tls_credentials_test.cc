// TLS and mutual TLS on a small in-test server: what is accepted, what is
// refused, a certificate rotated on disk, and the files checked at start-up.

#include "server/auth/tls_credentials.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/auth/auth_status.h"
#include "tests/server/auth/test_pki.h"
#include "tests/server/auth/test_server.h"

namespace trustfit::server::auth {
namespace {

using ::testing::HasSubstr;
using ::trustfit::testing::CertAndKey;
using ::trustfit::testing::GatedService;
using ::trustfit::testing::MakeCa;
using ::trustfit::testing::MakeCert;
using ::trustfit::testing::MustRun;
using ::trustfit::testing::ReadFileOrFail;
using ::trustfit::testing::ScratchDir;
using ::trustfit::testing::TestServer;
namespace v1 = ::trustfit::v1;

constexpr char kServerSan[] = "DNS:localhost,IP:127.0.0.1";
constexpr char kClientSpiffeId[] =
    "spiffe://trust.example/ns/trustfit/sa/batch";

// A CA, the server's certificate, a client's, and a second CA nobody trusts
// with a client certificate of its own.
struct Pki {
  ScratchDir dir;
  CertAndKey ca = MakeCa(dir, "trust-ca");
  CertAndKey server = MakeCert(dir, ca, "server", kServerSan);
  CertAndKey client =
      MakeCert(dir, ca, "batch", absl::StrCat("URI:", kClientSpiffeId));
  CertAndKey client_without_san = MakeCert(dir, ca, "alice", "");
  CertAndKey rogue_ca = MakeCa(dir, "rogue-ca");
  CertAndKey rogue_client =
      MakeCert(dir, rogue_ca, "mallory", absl::StrCat("URI:", kClientSpiffeId));
};

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pki_ = new Pki; }
  static void TearDownTestSuite() { delete pki_; }

  // A server whose gate takes client certificates as identity.
  void Serve(const ServerTlsConfig& config) {
    Authenticator::Methods methods;
    methods.client_certificates = true;
    methods.tokens = std::make_shared<TokenStore>(*TokenStore::FromText(
        absl::StrCat(TokenHash("ci-token"), " ci viewer"), "tokens"));
    methods.bindings = std::make_shared<RoleBindings>(
        *RoleBindings::FromText("mtls * viewer", "roles"));
    gate_ = std::make_unique<AccessGate>(
        AccessGate::Options{std::make_shared<Authenticator>(std::move(methods)),
                            *Authorizer::ForTrustFit()});
    service_ = std::make_unique<GatedService>(gate_.get());
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        MakeServerCredentials(config);
    ASSERT_TRUE(credentials.ok()) << credentials.status();
    server_ = std::make_unique<TestServer>(*credentials, service_.get());
  }

  static ServerTlsConfig ServerConfig(bool mutual) {
    ServerTlsConfig config;
    config.cert_file = pki_->server.cert;
    config.key_file = pki_->server.key;
    if (mutual) config.client_ca_file = pki_->ca.cert;
    return config;
  }

  std::shared_ptr<grpc::Channel> Channel(const ChannelTlsConfig& config,
                                         absl::string_view token = "") {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        MakeChannelCredentials(config, token);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    return grpc::CreateChannel(server_->address(), *credentials);
  }

  // GetPolicy on `channel`: the caller the server saw, or the status.
  static grpc::Status GetPolicy(const std::shared_ptr<grpc::Channel>& channel,
                                std::string* caller = nullptr,
                                std::string* server_name = nullptr) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(10));
    v1::GetPolicyResponse response;
    const grpc::Status status =
        v1::TrustFitService::NewStub(channel)->GetPolicy(
            &context, v1::GetPolicyRequest(), &response);
    if (caller != nullptr) *caller = response.source();
    if (server_name != nullptr && context.auth_context() != nullptr) {
      const auto names =
          context.auth_context()->FindPropertyValues("x509_common_name");
      if (!names.empty())
        *server_name = std::string(names[0].data(), names[0].size());
    }
    return status;
  }

  static Pki* pki_;
  std::unique_ptr<AccessGate> gate_;
  std::unique_ptr<GatedService> service_;
  std::unique_ptr<TestServer> server_;
};

Pki* TlsTest::pki_ = nullptr;

TEST_F(TlsTest, ServesTlsToAClientTrustingTheCa) {
  Serve(ServerConfig(false));
  std::string caller;
  std::string server_name;
  const grpc::Status status = GetPolicy(
      Channel({pki_->ca.cert, "", ""}, "ci-token"), &caller, &server_name);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller, "ci token");
  EXPECT_EQ(server_name, "server");
}

TEST_F(TlsTest, RefusesPlaintext) {
  Serve(ServerConfig(false));
  const grpc::Status status = GetPolicy(grpc::CreateChannel(
      server_->address(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

TEST_F(TlsTest, AClientNotTrustingTheServersCaRefusesIt) {
  Serve(ServerConfig(false));
  const grpc::Status status = GetPolicy(Channel({pki_->rogue_ca.cert, "", ""}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsNamesTheCallerByTheCertificatesSan) {
  Serve(ServerConfig(true));
  std::string caller;
  const grpc::Status status = GetPolicy(
      Channel({pki_->ca.cert, pki_->client.cert, pki_->client.key}), &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller, absl::StrCat(kClientSpiffeId, " mtls"));
}

TEST_F(TlsTest, MutualTlsNamesTheCallerByTheCnWithoutSan) {
  Serve(ServerConfig(true));
  std::string caller;
  const grpc::Status status =
      GetPolicy(Channel({pki_->ca.cert, pki_->client_without_san.cert,
                         pki_->client_without_san.key}),
                &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller, "alice mtls");
}

TEST_F(TlsTest, MutualTlsRefusesAClientWithoutACertificate) {
  Serve(ServerConfig(true));
  const grpc::Status status =
      GetPolicy(Channel({pki_->ca.cert, "", ""}, "ci-token"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsRefusesACertificateSignedByAnotherCa) {
  Serve(ServerConfig(true));
  const grpc::Status status = GetPolicy(Channel(
      {pki_->ca.cert, pki_->rogue_client.cert, pki_->rogue_client.key}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

// Optional client certificates: verified when offered; a token otherwise.
TEST_F(TlsTest, OptionalClientCertificatesLeaveTheRestToTokens) {
  ServerTlsConfig config = ServerConfig(true);
  config.require_client_certificate = false;
  Serve(config);
  std::string caller;
  ASSERT_TRUE(
      GetPolicy(Channel({pki_->ca.cert, pki_->client.cert, pki_->client.key}),
                &caller)
          .ok());
  EXPECT_EQ(caller, absl::StrCat(kClientSpiffeId, " mtls"));
  ASSERT_TRUE(
      GetPolicy(Channel({pki_->ca.cert, "", ""}, "ci-token"), &caller).ok());
  EXPECT_EQ(caller, "ci token");
  const grpc::Status anonymous = GetPolicy(Channel({pki_->ca.cert, "", ""}));
  EXPECT_EQ(anonymous.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(anonymous.error_message(),
              HasSubstr("a bearer token (authorization: Bearer <token>) or a "
                        "client certificate"));
  // A certificate from elsewhere is still refused, not ignored.
  EXPECT_EQ(GetPolicy(Channel({pki_->ca.cert, pki_->rogue_client.cert,
                               pki_->rogue_client.key}))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, ServesARotatedCertificateWithoutARestart) {
  ScratchDir dir;
  const CertAndKey first = MakeCert(dir, pki_->ca, "server-1", kServerSan);
  const CertAndKey second = MakeCert(dir, pki_->ca, "server-2", kServerSan);
  ServerTlsConfig config;
  config.cert_file = dir.Write("tls.crt", ReadFileOrFail(first.cert));
  config.key_file = dir.Write("tls.key", ReadFileOrFail(first.key));
  config.refresh_interval = absl::Seconds(1);
  Serve(config);
  const std::shared_ptr<grpc::Channel> open =
      Channel({pki_->ca.cert, "", ""}, "ci-token");
  std::string served;
  ASSERT_TRUE(GetPolicy(open, nullptr, &served).ok());
  EXPECT_EQ(served, "server-1");

  // As a Kubernetes Secret volume does: each file replaced whole.
  dir.Write("tls.key", ReadFileOrFail(second.key));
  dir.Write("tls.crt", ReadFileOrFail(second.cert));
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (served != "server-2" && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const grpc::Status status = GetPolicy(
        Channel({pki_->ca.cert, "", ""}, "ci-token"), nullptr, &served);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(served, "server-2");
  // The connection opened before the rotation still works.
  EXPECT_TRUE(GetPolicy(open).ok());
}

TEST_F(TlsTest, RefusesTlsOlderThan12) {
  Serve(ServerConfig(false));
  const std::string connect =
      absl::StrCat("openssl s_client -connect ", server_->address(),
                   " -alpn h2 -CAfile ", pki_->ca.cert, " </dev/null");
  EXPECT_THAT(MustRun(connect + " -tls1_2"),
              HasSubstr("New, TLSv1.2, Cipher is"));
  // openssl s_client exits 1 when the handshake fails.
  EXPECT_THAT(MustRun(absl::StrCat("! ", connect,
                                   " -tls1_1 -cipher DEFAULT@SECLEVEL=0")),
              HasSubstr("Cipher is (NONE)"));
}

TEST_F(TlsTest, ServerFilesAreCheckedAtStartUp) {
  ScratchDir dir;
  const auto error = [](const ServerTlsConfig& config) {
    return std::string(MakeServerCredentials(config).status().message());
  };
  ServerTlsConfig config = ServerConfig(false);
  config.cert_file = dir.Path("absent.crt");
  EXPECT_THAT(error(config), HasSubstr("cannot read the TLS certificate file"));
  config = ServerConfig(false);
  config.cert_file = dir.Write("garbage.crt", "not a certificate");
  EXPECT_THAT(error(config), HasSubstr("holds no PEM certificate"));
  config = ServerConfig(false);
  config.key_file = pki_->client.key;
  EXPECT_THAT(error(config),
              HasSubstr(absl::StrCat("the TLS key ", pki_->client.key,
                                     " is not the key of the certificate")));
  config = ServerConfig(false);
  config.key_file = dir.Write("garbage.key", "not a key");
  EXPECT_THAT(error(config), HasSubstr("holds no unencrypted PEM private key"));
  config = ServerConfig(true);
  config.client_ca_file = dir.Write("empty-ca.crt", "");
  EXPECT_THAT(error(config), HasSubstr("the client CA file"));
  config = ServerConfig(false);
  config.refresh_interval = absl::Milliseconds(500);
  EXPECT_THAT(error(config), HasSubstr("at least one second"));
}

// A self-signed certificate valid from `start` to `end` (openssl's
// YYYYMMDDHHMMSSZ), made with `openssl ca`, which can date certificates.
CertAndKey DatedCertificate(const ScratchDir& dir, const std::string& start,
                            const std::string& end) {
  const CertAndKey out{dir.Path("dated.crt"), dir.Path("dated.key")};
  dir.Write("index.txt", "");
  dir.Write("serial", "01\n");
  const std::string config = dir.Write(
      "ca.cnf",
      absl::StrCat("[ca]\ndefault_ca=d\n[d]\ndatabase=", dir.Path("index.txt"),
                   "\nnew_certs_dir=", dir.Path(""),
                   "\nserial=", dir.Path("serial"),
                   "\ndefault_md=sha256\npolicy=p\n[p]\n"
                   "commonName=supplied\n"));
  MustRun(absl::StrCat(
      "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
      "-subj /CN=dated -keyout ",
      out.key, " -out ", dir.Path("dated.csr")));
  MustRun(absl::StrCat("openssl ca -batch -config ", config,
                       " -selfsign -keyfile ", out.key, " -in ",
                       dir.Path("dated.csr"), " -startdate ", start,
                       " -enddate ", end, " -out ", out.cert));
  return out;
}

TEST_F(TlsTest, RefusesACertificateOutOfDate) {
  const struct {
    const char* start;
    const char* end;
    const char* error;
  } cases[] = {{"20200101000000Z", "20200102000000Z", "has expired"},
               {"20990101000000Z", "20990102000000Z", "is not valid yet"}};
  for (const auto& [start, end, error] : cases) {
    ScratchDir dir;
    const CertAndKey dated = DatedCertificate(dir, start, end);
    EXPECT_THAT(
        MakeServerCredentials({dated.cert, dated.key, ""}).status().message(),
        HasSubstr(error));
  }
}

TEST_F(TlsTest, ChannelFilesAreChecked) {
  ScratchDir dir;
  const auto error = [](const ChannelTlsConfig& config,
                        absl::string_view token = "") {
    return std::string(
        MakeChannelCredentials(config, token).status().message());
  };
  EXPECT_THAT(error({dir.Path("absent.crt"), "", ""}),
              HasSubstr("cannot read the CA file"));
  EXPECT_THAT(error({dir.Write("ca.crt", "junk"), "", ""}),
              HasSubstr("the CA file"));
  EXPECT_THAT(error({pki_->ca.cert, pki_->client.cert, ""}),
              HasSubstr("give both or neither"));
  EXPECT_THAT(error({pki_->ca.cert, pki_->client.cert, pki_->server.key}),
              HasSubstr("is not the key of the certificate"));
  EXPECT_THAT(error({pki_->ca.cert, "", ""}, "token\n"),
              HasSubstr("a stray newline from a file?"));
  EXPECT_THAT(error({pki_->ca.cert, "", ""}, std::string(20000, 'a')),
              HasSubstr("longer than"));
  EXPECT_TRUE(MakeChannelCredentials({"", "", ""}).ok());  // system roots
}

}  // namespace
}  // namespace trustfit::server::auth
