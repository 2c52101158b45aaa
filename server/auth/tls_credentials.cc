#include "server/auth/tls_credentials.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"
#include "scoring/status_macros.h"
#include "server/auth/config_file.h"
#include "server/auth/jwt_verifier.h"

namespace trustfit::server::auth {
namespace {

struct Freer {
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Freer>;

Owned<BIO> MemoryBio(const std::string& pem) {
  return Owned<BIO>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// PEM text read from a file, and the file's path for errors.
struct PemFile {
  std::string path;
  std::string pem;
};

absl::StatusOr<PemFile> ReadPem(const std::string& path,
                                absl::string_view what) {
  TRUSTFIT_ASSIGN_OR_RETURN(std::string pem, ReadConfigFile(path, what));
  return PemFile{path, std::move(pem)};
}

// The certificates of `file`; at least one.
absl::StatusOr<std::vector<Owned<X509>>> ParseCertificates(
    const PemFile& file, absl::string_view what) {
  Owned<BIO> bio = MemoryBio(file.pem);
  std::vector<Owned<X509>> certificates;
  while (X509* certificate =
             PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certificates.emplace_back(certificate);
  }
  if (certificates.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the ", what, " ", file.path,
        " holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
  }
  return certificates;
}

// OK when `cert` is a certificate chain in date and `key` the key of its
// first certificate.
absl::Status CheckKeyPair(const PemFile& cert, const PemFile& key) {
  TRUSTFIT_ASSIGN_OR_RETURN(const std::vector<Owned<X509>> chain,
                            ParseCertificates(cert, "TLS certificate file"));
  Owned<BIO> bio = MemoryBio(key.pem);
  const Owned<EVP_PKEY> private_key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (private_key == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("the TLS key file ", key.path,
                     " holds no unencrypted PEM private key"));
  }
  X509* leaf = chain.front().get();
  if (X509_check_private_key(leaf, private_key.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the TLS key ", key.path,
                     " is not the key of the certificate ", cert.path));
  }
  if (X509_cmp_current_time(X509_get0_notAfter(leaf)) <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the TLS certificate ", cert.path, " has expired"));
  }
  if (X509_cmp_current_time(X509_get0_notBefore(leaf)) >= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the TLS certificate ", cert.path, " is not valid yet"));
  }
  return absl::OkStatus();
}

absl::Status CheckBearerToken(absl::string_view token) {
  if (token.size() > kMaxJwtBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the bearer token is longer than ", kMaxJwtBytes, " bytes"));
  }
  for (const char c : token) {
    if (c <= 0x20 || c >= 0x7f) {
      return absl::InvalidArgumentError(
          "the bearer token holds a space or a character that is not "
          "printable ASCII (a stray newline from a file?)");
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsConfig& config) {
  TRUSTFIT_ASSIGN_OR_RETURN(const PemFile cert,
                            ReadPem(config.cert_file, "TLS certificate file"));
  TRUSTFIT_ASSIGN_OR_RETURN(const PemFile key,
                            ReadPem(config.key_file, "TLS key file"));
  TRUSTFIT_RETURN_IF_ERROR(CheckKeyPair(cert, key));
  const bool mutual = !config.client_ca_file.empty();
  if (mutual) {
    TRUSTFIT_ASSIGN_OR_RETURN(const PemFile ca,
                              ReadPem(config.client_ca_file, "client CA file"));
    TRUSTFIT_RETURN_IF_ERROR(ParseCertificates(ca, "client CA file").status());
  }
  const int64_t refresh = absl::ToInt64Seconds(config.refresh_interval);
  if (refresh < 1) {
    return absl::InvalidArgumentError(
        "the TLS refresh interval must be at least one second");
  }
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          config.key_file, config.cert_file, config.client_ca_file,
          static_cast<unsigned int>(refresh));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (mutual) {
    options.watch_root_certs();
    options.set_cert_request_type(
        config.require_client_certificate
            ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
            : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const ChannelTlsConfig& config,
                       absl::string_view bearer_token) {
  grpc::SslCredentialsOptions options;
  if (!config.ca_file.empty()) {
    TRUSTFIT_ASSIGN_OR_RETURN(PemFile ca, ReadPem(config.ca_file, "CA file"));
    TRUSTFIT_RETURN_IF_ERROR(ParseCertificates(ca, "CA file").status());
    options.pem_root_certs = std::move(ca.pem);
  }
  if (config.cert_file.empty() != config.key_file.empty()) {
    return absl::InvalidArgumentError(
        "a client certificate and its key go together: give both or neither");
  }
  if (!config.cert_file.empty()) {
    TRUSTFIT_ASSIGN_OR_RETURN(
        PemFile cert, ReadPem(config.cert_file, "TLS certificate file"));
    TRUSTFIT_ASSIGN_OR_RETURN(PemFile key,
                              ReadPem(config.key_file, "TLS key file"));
    TRUSTFIT_RETURN_IF_ERROR(CheckKeyPair(cert, key));
    options.pem_cert_chain = std::move(cert.pem);
    options.pem_private_key = std::move(key.pem);
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::SslCredentials(options);
  if (bearer_token.empty()) return credentials;
  TRUSTFIT_RETURN_IF_ERROR(CheckBearerToken(bearer_token));
  return grpc::CompositeChannelCredentials(
      credentials, grpc::AccessTokenCredentials(std::string(bearer_token)));
}

}  // namespace trustfit::server::auth
