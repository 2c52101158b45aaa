// Talking to trustfit-server: channels, deadlines, and turning a failed call
// into a readable message and an exit code.

#ifndef TRUSTFIT_CLIENT_CONNECTION_H_
#define TRUSTFIT_CLIENT_CONNECTION_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "client/subcommand.h"
#include "grpcpp/grpcpp.h"

namespace trustfit::client {

// The TLS and token options of the command line, as given.
struct ConnectionFlags {
  std::string tls_ca;      // PEM CA bundle; empty: the system's roots.
  std::string tls_cert;    // PEM client certificate (mutual TLS) ...
  std::string tls_key;     // ... and its key.
  std::string token;       // --token or TRUSTFIT_TOKEN.
  std::string token_file;  // --token-file.
};

// Decides how to reach global->server and reads the files `flags` name:
// TLS for https:// or when a --tls-* option is given, plaintext otherwise.
// Fails, naming the option, on a file that cannot be used, and refuses to
// send a token in plaintext beyond loopback.
absl::Status PrepareConnection(const ConnectionFlags& flags,
                               GlobalOptions* global);

// A channel to the server PrepareConnection chose.
std::shared_ptr<grpc::Channel> Connect(const GlobalOptions& global);

// Applies `deadline` (from now) when set: for the batch's stream, which may
// rightly take as long as its input.
void SetDeadline(grpc::ClientContext* context,
                 std::optional<absl::Duration> deadline);

// How long a single call waits for its answer unless --deadline says
// otherwise: a stopped or wedged server must not hang a script for ever.
inline constexpr absl::Duration kDefaultCallDeadline = absl::Seconds(30);

// Applies `deadline`, else kDefaultCallDeadline: for every unary call.
void SetCallDeadline(grpc::ClientContext* context,
                     std::optional<absl::Duration> deadline);

// Prints `status` with every field violation and the error's reason to
// `err`, with what to do about a refusal of access control or a failed TLS
// handshake, and returns the exit code for it.
int ReportRpcError(const grpc::Status& status, const GlobalOptions& global,
                   std::ostream& err);

// The exit code for a status code alone.
int ExitCodeFor(grpc::StatusCode code);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_CONNECTION_H_
