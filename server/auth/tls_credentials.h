// TLS for both ends of a TrustFit connection, with gRPC's TLS credentials
// (minimum TLS 1.2, gRPC's default, which these never lower).
//
// Server: the certificate and key are PEM files re-read every
// `refresh_interval` (cert-manager rotates them in place), so a rotated
// certificate is served to new connections without a restart and without
// dropping the connections already open. With a client-CA bundle, client
// certificates are asked for and verified (mutual TLS); the verified
// certificate's subject then names the caller (see authenticator.h).
//
//   ServerTlsConfig tls{"/tls/tls.crt", "/tls/tls.key", "/tls/ca.crt"};
//   TRUSTFIT_ASSIGN_OR_RETURN(auto credentials, MakeServerCredentials(tls));
//   builder.AddListeningPort(config.listen, credentials, &port);
//
// Client: the CA that signed the server's certificate (else the system's
// roots), a client certificate and key for mutual TLS, and a bearer token
// sent with every call.
//
//   ChannelTlsConfig tls{"ca.crt", "client.crt", "client.key"};
//   TRUSTFIT_ASSIGN_OR_RETURN(auto credentials,
//                             MakeChannelCredentials(tls, token));
//   auto channel = grpc::CreateChannel("trustfit.example:443", credentials);

#ifndef TRUSTFIT_SERVER_AUTH_TLS_CREDENTIALS_H_
#define TRUSTFIT_SERVER_AUTH_TLS_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace trustfit::server::auth {

struct ServerTlsConfig {
  std::string cert_file;       // PEM: the server's certificate chain.
  std::string key_file;        // PEM: its private key.
  std::string client_ca_file;  // PEM bundle; empty: no client certificates.
  // With client_ca_file: refuse clients without a certificate (true), or
  // verify a certificate only when one is offered, letting bearer tokens
  // authenticate the rest (false).
  bool require_client_certificate = true;
  // How often the files are checked for changes; whole seconds, at least 1.
  absl::Duration refresh_interval = absl::Seconds(30);
};

// Server credentials for `config`. The files are read and checked first
// (the certificate parses, is in date and matches the key; the CA bundle
// holds a certificate), so a bad file stops the server at start-up rather
// than failing every handshake. Later bad versions of the files are
// ignored by gRPC, which keeps serving the last good ones.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsConfig& config);

struct ChannelTlsConfig {
  std::string ca_file;    // PEM bundle; empty: the system's roots.
  std::string cert_file;  // PEM client certificate chain, for mutual TLS.
  std::string key_file;   // Its private key; given with cert_file or not.
};

// Channel credentials for `config`, sending `bearer_token` (when not empty)
// as "authorization: Bearer <token>" with every call. gRPC sends such call
// credentials only over TLS.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const ChannelTlsConfig& config,
                       absl::string_view bearer_token = "");

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_TLS_CREDENTIALS_H_
