#include "server/access.h"

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "scoring/status_macros.h"
#include "server/auth/authorizer.h"
#include "server/auth/jwt_keys.h"
#include "server/auth/jwt_verifier.h"
#include "server/auth/role_bindings.h"
#include "server/auth/tls_credentials.h"
#include "server/auth/token_store.h"
#include "server/ops/logging.h"

namespace trustfit::server {
namespace {

// `status` with the option it came from in front.
absl::Status InOption(absl::string_view option, const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(),
                      absl::StrCat(option, ": ", status.message()));
}

std::vector<std::string> CommaList(absl::string_view text) {
  return absl::StrSplit(text, ',', absl::SkipWhitespace());
}

absl::StatusOr<std::shared_ptr<const auth::JwtVerifier>> MakeJwtVerifier(
    const AccessConfig& config) {
  const bool jwks = !config.jwks_file.empty();
  const bool pem = !config.jwt_public_key_file.empty();
  if (jwks && pem) {
    return absl::InvalidArgumentError(
        "--auth-jwks and --auth-jwt-public-key: give one source of the keys "
        "that sign JWTs, not both");
  }
  if (!jwks && !pem) {
    if (!config.jwt_issuer.empty() || !config.jwt_audience.empty()) {
      return absl::InvalidArgumentError(
          "--auth-jwt-issuer and --auth-jwt-audience need the keys that sign "
          "the tokens: --auth-jwks or --auth-jwt-public-key");
    }
    return nullptr;
  }
  const std::string option = jwks ? "--auth-jwks" : "--auth-jwt-public-key";
  absl::StatusOr<auth::JwtKeySet> keys = auth::JwtKeySet::FromFile(
      jwks ? config.jwks_file : config.jwt_public_key_file);
  if (!keys.ok()) return InOption(option, keys.status());
  if (config.jwt_issuer.empty() || config.jwt_audience.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        option,
        " needs --auth-jwt-issuer and --auth-jwt-audience: the iss and aud "
        "every token must carry"));
  }
  auth::JwtConfig jwt;
  jwt.issuer = config.jwt_issuer;
  jwt.audiences = CommaList(config.jwt_audience);
  jwt.algorithms = CommaList(config.jwt_algorithms);
  jwt.clock_skew = config.clock_skew;
  jwt.principal_claim = config.jwt_principal_claim;
  jwt.roles_claim = config.jwt_roles_claim;
  absl::StatusOr<auth::JwtVerifier> verifier =
      auth::JwtVerifier::Create(std::move(jwt), *std::move(keys));
  if (!verifier.ok()) return InOption("--auth-jwt-*", verifier.status());
  return std::make_shared<const auth::JwtVerifier>(*std::move(verifier));
}

absl::StatusOr<auth::Authenticator::Methods> MakeMethods(
    const AccessConfig& config) {
  auth::Authenticator::Methods methods;
  if (!config.tokens_file.empty()) {
    absl::StatusOr<auth::TokenStore> tokens =
        auth::TokenStore::FromFile(config.tokens_file);
    if (!tokens.ok()) return InOption("--auth-tokens", tokens.status());
    methods.tokens = std::make_shared<auth::TokenStore>(*std::move(tokens));
  }
  TRUSTFIT_ASSIGN_OR_RETURN(methods.jwt, MakeJwtVerifier(config));
  methods.client_certificates = !config.tls_client_ca.empty();
  if (!config.role_bindings_file.empty()) {
    absl::StatusOr<auth::RoleBindings> bindings =
        auth::RoleBindings::FromFile(config.role_bindings_file);
    if (!bindings.ok())
      return InOption("--auth-mtls-clients", bindings.status());
    methods.bindings =
        std::make_shared<auth::RoleBindings>(*std::move(bindings));
  }
  return methods;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeCredentials(
    const AccessConfig& config) {
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: give both or neither");
  }
  if (config.tls_cert.empty()) {
    if (!config.tls_client_ca.empty()) {
      return absl::InvalidArgumentError(
          "--tls-client-ca needs TLS: give --tls-cert and --tls-key too");
    }
    return grpc::InsecureServerCredentials();
  }
  auth::ServerTlsConfig tls;
  tls.cert_file = config.tls_cert;
  tls.key_file = config.tls_key;
  tls.client_ca_file = config.tls_client_ca;
  tls.require_client_certificate = config.tls_client_auth != "optional";
  tls.refresh_interval = config.tls_reload_interval;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      auth::MakeServerCredentials(tls);
  if (!credentials.ok()) return InOption("--tls-*", credentials.status());
  return credentials;
}

absl::StatusOr<std::unique_ptr<auth::AuditLog>> OpenAudit(
    const std::string& destination) {
  if (destination == "off") return nullptr;
  absl::StatusOr<std::unique_ptr<auth::AuditLog>> audit =
      auth::AuditLog::Open(destination == "-" ? "stderr" : destination);
  if (!audit.ok()) return InOption("--audit-log", audit.status());
  return audit;
}

std::string MethodNames(const auth::Authenticator::Methods& methods) {
  std::vector<std::string> names;
  if (methods.tokens) names.push_back("token");
  if (methods.jwt) names.push_back("jwt");
  if (methods.client_certificates) names.push_back("mtls");
  return names.empty() ? "none" : absl::StrJoin(names, ",");
}

}  // namespace

absl::StatusOr<std::unique_ptr<Access>> Access::Build(
    const AccessConfig& config) {
  std::unique_ptr<Access> access(new Access());
  TRUSTFIT_ASSIGN_OR_RETURN(access->credentials_, MakeCredentials(config));
  access->tls_ = !config.tls_cert.empty();
  TRUSTFIT_ASSIGN_OR_RETURN(auth::Authenticator::Methods methods,
                            MakeMethods(config));
  access->methods_ = MethodNames(methods);
  access->authenticator_ =
      std::make_shared<const auth::Authenticator>(std::move(methods));
  TRUSTFIT_ASSIGN_OR_RETURN(access->audit_, OpenAudit(config.audit_log));
  TRUSTFIT_ASSIGN_OR_RETURN(auth::Authorizer rules,
                            auth::Authorizer::ForTrustFit());
  access->gate_ = std::make_unique<auth::AccessGate>(auth::AccessGate::Options{
      access->authenticator_, std::move(rules), access->audit_.get()});
  access->allow_unauthenticated_ = config.allow_unauthenticated;
  return access;
}

absl::Status Access::CheckExposure(absl::string_view listen) const {
  if (authenticator_->enabled() || IsLoopbackAddress(listen))
    return absl::OkStatus();
  if (!allow_unauthenticated_) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to serve ", listen,
        " without authentication: anyone who reaches it could read and "
        "create every record. Configure --auth-tokens, --auth-jwks or "
        "--auth-jwt-public-key, or mutual TLS (--tls-client-ca); or listen "
        "on loopback (--listen=127.0.0.1:50051); or, to serve every caller "
        "without credentials, pass --allow-unauthenticated"));
  }
  LogEvent(spdlog::level::warn,
           "SERVING WITHOUT AUTHENTICATION: any caller that reaches this "
           "address can read and create every record "
           "(--allow-unauthenticated)",
           {{"listen", std::string(listen)}});
  return absl::OkStatus();
}

std::string Access::Describe() const { return methods_; }

bool IsLoopbackAddress(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") ||
      absl::StartsWith(listen, "unix-abstract:"))
    return true;
  absl::ConsumePrefix(&listen, "dns:");
  absl::ConsumePrefix(&listen, "ipv4:");
  absl::ConsumePrefix(&listen, "ipv6:");
  absl::string_view host = listen;
  if (absl::ConsumePrefix(&host, "[")) {
    host = host.substr(0, host.find(']'));
    return host == "::1";
  }
  host = host.substr(0, host.rfind(':'));
  if (host == "localhost") return true;
  // 127.0.0.0/8: four numbers, the first 127.
  const std::vector<absl::string_view> parts = absl::StrSplit(host, '.');
  int first = 0;
  return parts.size() == 4 && absl::SimpleAtoi(parts[0], &first) &&
         first == 127;
}

}  // namespace trustfit::server
