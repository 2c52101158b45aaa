#include "client/connection.h"

#include "client/exit_codes.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/error_details.h"

namespace trustfit::client {

std::shared_ptr<grpc::Channel> Connect(const std::string& server) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  return grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(),
                                   args);
}

void SetDeadline(grpc::ClientContext* context,
                 std::optional<absl::Duration> deadline) {
  if (deadline.has_value()) {
    context->set_deadline(std::chrono::system_clock::now() +
                          absl::ToChronoNanoseconds(*deadline));
  }
}

void SetCallDeadline(grpc::ClientContext* context,
                     std::optional<absl::Duration> deadline) {
  SetDeadline(context, deadline.value_or(kDefaultCallDeadline));
}

int ExitCodeFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return kExitRejected;
    default:
      return kExitUnavailable;
  }
}

int ReportRpcError(const grpc::Status& status, const std::string& server,
                   std::ostream& err) {
  const int code = ExitCodeFor(status.error_code());
  if (code == kExitUnavailable) {
    err << "trustfit: cannot use the server at " << server << ": "
        << status.error_message() << "\n";
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      err << "  No answer in time (--deadline, default "
          << absl::FormatDuration(kDefaultCallDeadline) << ").\n";
    }
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
      err << "  Is trustfit-server running there? Set --server or "
             "TRUSTFIT_SERVER.\n";
    }
    return code;
  }
  err << "trustfit: rejected: " << status.error_message() << "\n";
  google::rpc::Status details;
  if (grpc::ExtractErrorDetails(status, &details).ok()) {
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&bad_request)) {
        for (const auto& v : bad_request.field_violations()) {
          err << "  " << v.field() << ": " << v.description() << "\n";
        }
      } else if (any.UnpackTo(&info)) {
        err << "  (reason " << info.reason() << ", domain " << info.domain()
            << ")\n";
      }
    }
  }
  return code;
}

}  // namespace trustfit::client
