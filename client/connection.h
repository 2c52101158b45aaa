// Talking to trustfit-server: channels, deadlines, and turning a failed call
// into a readable message and an exit code.

#ifndef TRUSTFIT_CLIENT_CONNECTION_H_
#define TRUSTFIT_CLIENT_CONNECTION_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace trustfit::client {

std::shared_ptr<grpc::Channel> Connect(const std::string& server);

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
// `err`, and returns the exit code for it.
int ReportRpcError(const grpc::Status& status, const std::string& server,
                   std::ostream& err);

// The exit code for a status code alone.
int ExitCodeFor(grpc::StatusCode code);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_CONNECTION_H_
