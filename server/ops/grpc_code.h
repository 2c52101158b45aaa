// How a gRPC status code is spelt wherever the server names one: in the
// grpc_code label of its metrics and in the grpc.code field of its call
// log lines, so that a code seen in a log line can be pasted into a query
// on the metrics, and the other way round.
//
// The spelling is Go's codes.Code.String() ("OK", "Canceled",
// "AlreadyExists"), which go-grpc-prometheus and go-grpc-middleware use
// for the same label and field, so that dashboards and queries written for
// those work here too.

#ifndef TRUSTFIT_SERVER_OPS_GRPC_CODE_H_
#define TRUSTFIT_SERVER_OPS_GRPC_CODE_H_

#include "absl/strings/string_view.h"
#include "grpcpp/support/status_code_enum.h"

namespace trustfit::server {

// The name of `code`; "Unknown" for a number outside gRPC's 17 codes.
absl::string_view GrpcCodeName(grpc::StatusCode code);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_GRPC_CODE_H_
