#include "client/connection.h"

#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/exit_codes.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/client_interceptor.h"
#include "grpcpp/support/error_details.h"
#include "scoring/io/text_file.h"
#include "scoring/status_macros.h"

namespace trustfit::client {
namespace {

// Adds "authorization: Bearer <token>" to each call of a plaintext
// channel: gRPC sends call credentials only over TLS.
class BearerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(const std::string* header) : header_(header) {}
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("authorization", *header_);
    }
    methods->Proceed();
  }

 private:
  const std::string* header_;
};

class BearerInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(const std::string& token)
      : header_("Bearer " + token) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerInterceptor(&header_);
  }

 private:
  std::string header_;
};

// The contents of `path`, white space around them dropped; `option` names
// the flag in errors.
absl::StatusOr<std::string> ReadFlagFile(absl::string_view option,
                                         const std::string& path, bool strip) {
  io::TextFileOptions options;
  options.regular_only = false;  // --token-file <(vault read ...) is a pipe.
  absl::StatusOr<std::string> text = io::ReadTextFile(path, options);
  if (!text.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(option, ": ", text.status().message()));
  }
  std::string contents = *std::move(text);
  if (strip) contents = std::string(absl::StripAsciiWhitespace(contents));
  if (contents.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(option, ": ", path, " is empty"));
  }
  return contents;
}

bool IsLoopback(absl::string_view target) {
  absl::string_view host = target.substr(0, target.rfind(':'));
  return host == "localhost" || host == "[::1]" ||
         absl::StartsWith(host, "127.") || absl::StartsWith(target, "unix:");
}

absl::StatusOr<std::string> TokenOf(const ConnectionFlags& flags) {
  if (!flags.token_file.empty()) {
    return ReadFlagFile("--token-file", flags.token_file, true);
  }
  return std::string(absl::StripAsciiWhitespace(flags.token));
}

// TLS credentials from the files `flags` name, sending `token` (if any).
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> TlsCredentials(
    const ConnectionFlags& flags, const std::string& token) {
  grpc::SslCredentialsOptions options;
  if (!flags.tls_ca.empty()) {
    TRUSTFIT_ASSIGN_OR_RETURN(std::string ca,
                              ReadFlagFile("--tls-ca", flags.tls_ca, false));
    options.pem_root_certs = std::move(ca);
  }
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: give both or neither");
  }
  if (!flags.tls_cert.empty()) {
    TRUSTFIT_ASSIGN_OR_RETURN(
        std::string cert, ReadFlagFile("--tls-cert", flags.tls_cert, false));
    TRUSTFIT_ASSIGN_OR_RETURN(std::string key,
                              ReadFlagFile("--tls-key", flags.tls_key, false));
    options.pem_cert_chain = std::move(cert);
    options.pem_private_key = std::move(key);
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::SslCredentials(options);
  if (token.empty()) return credentials;
  return grpc::CompositeChannelCredentials(credentials,
                                           grpc::AccessTokenCredentials(token));
}

}  // namespace

absl::Status PrepareConnection(const ConnectionFlags& flags,
                               GlobalOptions* global) {
  absl::string_view server = global->server;
  bool tls = !flags.tls_ca.empty() || !flags.tls_cert.empty() ||
             !flags.tls_key.empty();
  const char* default_port = nullptr;
  if (absl::ConsumePrefix(&server, "https://")) {
    tls = true;
    default_port = "443";
  } else if (absl::ConsumePrefix(&server, "http://")) {
    if (tls) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--server ", global->server,
          " is plaintext (http://), yet --tls-* options are given"));
    }
    default_port = "80";
  }
  absl::ConsumeSuffix(&server, "/");
  global->target = std::string(server);
  // A port of its own: after the last ':', outside an IPv6 [address].
  const size_t colon = server.rfind(':');
  if (default_port != nullptr &&
      (colon == absl::string_view::npos || server.back() == ']')) {
    absl::StrAppend(&global->target, ":", default_port);
  }
  TRUSTFIT_ASSIGN_OR_RETURN(std::string token, TokenOf(flags));
  for (const char c : token) {
    if (c <= 0x20 || c >= 0x7f) {
      return absl::InvalidArgumentError(
          "the bearer token holds a space or a character that is not "
          "printable ASCII");
    }
  }
  if (tls) {
    TRUSTFIT_ASSIGN_OR_RETURN(
        std::shared_ptr<grpc::ChannelCredentials> credentials,
        TlsCredentials(flags, token));
    global->credentials = std::move(credentials);
    return absl::OkStatus();
  }
  if (!token.empty() && !IsLoopback(global->target)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "refusing to send the bearer token in plaintext to ", global->target,
        ": use TLS (--server https://... or --tls-ca)"));
  }
  global->plaintext_token = std::move(token);
  return absl::OkStatus();
}

std::shared_ptr<grpc::Channel> Connect(const GlobalOptions& global) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(-1);
  const std::string& target =
      global.target.empty() ? global.server : global.target;
  if (global.credentials != nullptr) {
    return grpc::CreateCustomChannel(target, global.credentials, args);
  }
  if (global.plaintext_token.empty()) {
    return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(),
                                     args);
  }
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(
      std::make_unique<BearerInterceptorFactory>(global.plaintext_token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), args,
      std::move(interceptors));
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

namespace {

// What to do about an UNAVAILABLE server, from gRPC's message.
std::string UnavailableHint(const GlobalOptions& global,
                            const std::string& message) {
  const std::string lower = absl::AsciiStrToLower(message);
  if (absl::StrContains(lower, "handshake") ||
      absl::StrContains(lower, "certificate") ||
      absl::StrContains(lower, "ssl")) {
    return global.credentials == nullptr
               ? "  The TLS handshake failed.\n"
               : "  The TLS handshake failed: is the server's certificate "
                 "signed by the CA given (--tls-ca; else the system's), and "
                 "does it name the host in --server? Does the server want a "
                 "client certificate (--tls-cert, --tls-key) signed by a CA "
                 "it trusts? Or does it speak plaintext (drop the --tls-* "
                 "options)?\n";
  }
  if (global.credentials == nullptr &&
      (absl::StrContains(lower, "socket closed") ||
       absl::StrContains(lower, "connection reset") ||
       absl::StrContains(lower, "end of tcp stream"))) {
    return "  The server closed the connection: does it speak TLS? Give "
           "--tls-ca (or --server https://...).\n";
  }
  return "  Is trustfit-server running there? Set --server or "
         "TRUSTFIT_SERVER.\n";
}

// What to do about a refusal by access control, from its ErrorInfo.
std::string AccessHint(const google::rpc::ErrorInfo& info) {
  const std::string& reason = info.reason();
  if (reason == "AUTH_REQUIRED") {
    return "  The server wants credentials: a token (--token-file, --token "
           "or TRUSTFIT_TOKEN) or a client certificate (--tls-cert and "
           "--tls-key).\n";
  }
  if (reason == "TOKEN_EXPIRED")
    return "  The token has expired: get a new one.\n";
  if (reason == "TOKEN_NOT_YET_VALID") {
    return "  The token is not valid yet: is this machine's clock right?\n";
  }
  if (reason == "TOKEN_INVALID") {
    return "  The server does not accept this token: is it the whole token, "
           "issued for this server?\n";
  }
  if (reason == "ROLE_REQUIRED") {
    const auto role = info.metadata().find("required_role");
    return absl::StrCat("  This needs the role ",
                        role == info.metadata().end() ? "?" : role->second,
                        ": ask whoever runs the server to grant it to you.\n");
  }
  return "";
}

}  // namespace

int ReportRpcError(const grpc::Status& status, const GlobalOptions& global,
                   std::ostream& err) {
  const int code = ExitCodeFor(status.error_code());
  if (code == kExitUnavailable) {
    err << "trustfit: cannot use the server at " << global.server << ": "
        << status.error_message() << "\n";
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      err << "  No answer in time (--deadline, default "
          << absl::FormatDuration(kDefaultCallDeadline) << ").\n";
    }
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
      err << UnavailableHint(global, status.error_message());
    }
    return code;
  }
  const char* heading =
      status.error_code() == grpc::StatusCode::UNAUTHENTICATED
          ? "not authenticated"
      : status.error_code() == grpc::StatusCode::PERMISSION_DENIED
          ? "permission denied"
          : "rejected";
  google::rpc::Status details;
  if (!grpc::ExtractErrorDetails(status, &details).ok()) details.Clear();
  google::rpc::BadRequest bad_request;
  google::rpc::ErrorInfo info;
  for (const auto& any : details.details()) {
    if (!any.UnpackTo(&bad_request)) any.UnpackTo(&info);
  }
  // With the violations listed one a line below, the message's own copy of
  // them (after "(N problems): ") would say everything twice.
  std::string message = status.error_message();
  if (const size_t list = message.find("): ");
      bad_request.field_violations_size() > 0 && list != message.npos) {
    message.resize(list + 2);
  }
  err << "trustfit: " << heading << ": " << message << "\n";
  for (const auto& v : bad_request.field_violations())
    err << "  " << v.field() << ": " << v.description() << "\n";
  if (!info.reason().empty()) {
    err << AccessHint(info) << "  (reason " << info.reason() << ", domain "
        << info.domain() << ")\n";
  }
  return code;
}

}  // namespace trustfit::client
