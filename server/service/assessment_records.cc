// The recorded-assessment methods of TrustFitServiceImpl: CreateAssessment,
// GetAssessment and ListAssessments (AIP-133, -131, -132, -158).

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "scoring/assess.h"
#include "scoring/candidate_validation.h"
#include "scoring/dates.h"
#include "scoring/field_violations.h"
#include "scoring/proto_bytes.h"
#include "scoring/quote.h"
#include "server/service/call_helpers.h"
#include "server/service/page_token.h"
#include "server/service/rpc_status.h"
#include "server/service/trustfit_service.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

// The largest record stored: 40 times a real one (10 KB), and small enough
// that a page of them fits in the largest message (kMaxPageSize are capped
// to what fits).
constexpr size_t kMaxRecordBytes = 256 << 10;

constexpr absl::string_view kCreateAssessment =
    "/trustfit.v1.TrustFitService/CreateAssessment";
constexpr absl::string_view kGetAssessment =
    "/trustfit.v1.TrustFitService/GetAssessment";
constexpr absl::string_view kListAssessments =
    "/trustfit.v1.TrustFitService/ListAssessments";

// Ends a CreateAssessment call the gate let through, and audits how it
// ended and the record it made (if any). Holds the call's reactor:
// DefaultReactor() may be called only once a call.
struct AuditedFinish {
  const auth::AccessGate* gate;
  grpc::CallbackServerContext* context;
  auth::Principal caller;
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();

  grpc::ServerUnaryReactor* operator()(grpc::Status status,
                                       absl::string_view record_name) const {
    gate->AuditOutcome(*context, caller, kCreateAssessment, record_name,
                       status);
    reactor->Finish(std::move(status));
    return reactor;
  }
};

constexpr size_t kMaxClaimedRequesterBytes = 128;

// The requester a call names in x-trustfit-requester ("" when none),
// checked: it is written into records, shown in tables and pages and
// exported to CSV, so it must be short, one line, and nothing a browser or
// a spreadsheet would run.
absl::StatusOr<std::string> ClaimedRequester(
    const grpc::CallbackServerContext& context) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find("x-trustfit-requester");
  if (found == metadata.end()) return std::string();
  const absl::string_view claimed(found->second.data(), found->second.size());
  std::string problem;
  if (claimed.size() > kMaxClaimedRequesterBytes) {
    problem = absl::StrCat("at most ", kMaxClaimedRequesterBytes,
                           " characters, got ", claimed.size());
  } else if (std::any_of(claimed.begin(), claimed.end(), [](char c) {
               return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
             })) {
    problem = "one line of printable characters";
  } else if (claimed.empty() ||
             claimed.find_first_of("<>\"`\\") != absl::string_view::npos ||
             absl::string_view("=+-@").find(claimed.front()) !=
                 absl::string_view::npos) {
    problem =
        "a name or an address: none of < > \" ` \\, and not starting "
        "with = + - @";
  }
  if (problem.empty()) return std::string(claimed);
  scoring::FieldViolations violations;
  violations.Add("x-trustfit-requester", problem);
  return violations.ToStatus("invalid request metadata");
}

// Who the record says asked: with authentication on, the authenticated
// caller, with what the call claimed kept as "on behalf of"; with it off,
// the claim, or "anonymous".
void SetRequester(const auth::Principal& caller, const std::string& claimed,
                  v1::AssessmentRecord* record) {
  record->set_auth_method(std::string(auth::AuthMethodName(caller.method)));
  if (caller.method == auth::AuthMethod::kNone) {
    record->set_requester(claimed.empty() ? "anonymous" : claimed);
    return;
  }
  record->set_requester(caller.name);
  record->set_on_behalf_of(claimed);
}

// Paths of scoring's violations, rooted at the CreateAssessmentRequest.
std::string UnderRecord(const std::string& field) {
  if (absl::StartsWith(field, "spec."))
    return "record.quote_spec." + field.substr(5);
  return "record." + field;
}

// `bytes` as a message, without a copy.
grpc::ByteBuffer ByteBufferOf(std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  grpc::Slice slice(
      owned->data(), owned->size(),
      [](void* string) { delete static_cast<std::string*>(string); }, owned);
  return grpc::ByteBuffer(&slice, 1);
}

std::string Fingerprint(const v1::ListAssessmentsRequest& request) {
  v1::ListAssessmentsRequest filters = request;
  filters.clear_page_size();
  filters.clear_page_token();
  return scoring::DeterministicSha256Hex(filters);
}

}  // namespace

std::string Requester(const grpc::CallbackServerContext& context,
                      const auth::Principal& caller) {
  if (caller.method != auth::AuthMethod::kNone) return caller.name;
  const auto& metadata = context.client_metadata();
  const auto requester = metadata.find("x-trustfit-requester");
  return requester == metadata.end()
             ? "anonymous"
             : std::string(requester->second.data(), requester->second.size());
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::CreateAssessment(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
    grpc::ByteBuffer* response_bytes) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, kCreateAssessment);
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  const AuditedFinish finish{gate_, context, *caller};
  if (store_ == nullptr) return finish(NoStoreError(), "");
  // A call that timed out before it was handled may come with no request:
  // say so, rather than that its record is missing.
  if (absl::Status gone = CallerGone(context); !gone.ok())
    return finish(GrpcError(gone, kReasonClusterNotFound), "");
  // The request and the record, on an arena given back when the call is
  // answered.
  const std::shared_ptr<CreateMessages> messages(
      create_messages_.AllocateMessages(),
      [](CreateMessages* held) { held->Release(); });
  if (grpc::Status built =
          BuildRecord(context, *caller, *request_bytes, messages.get());
      !built.ok()) {
    return finish(std::move(built), "");
  }
  v1::AssessmentRecord& record = *messages->response();
  const v1::CreateAssessmentRequest& request = *messages->request();
  Metrics* metrics = metrics_;
  // The hash tells a retry from a reuse of the request_id; without one
  // there is nothing to compare.
  std::string request_hash =
      request.request_id().empty()
          ? std::string()
          : scoring::DeterministicSha256Hex(request.record());
  store_->Create(
      PrepareRecord(record, std::move(request_hash)),
      [finish, response_bytes, metrics,
       messages](absl::StatusOr<CreateOutcome> outcome) {
        if (!outcome.ok()) {
          // The store's one unique key a caller chooses is request_id.
          const bool reused =
              outcome.status().code() == absl::StatusCode::kAlreadyExists;
          finish(reused ? ToGrpcStatus(MakeRpcStatus(outcome.status(),
                                                     kReasonRequestIdReused))
                        : GrpcError(outcome.status(), kReasonRecordNotFound),
                 "");
          return;
        }
        // A retry of an earlier request gets the record made then.
        v1::AssessmentRecord& record = *messages->response();
        if (outcome->reused && !record.ParseFromString(outcome->bytes)) {
          finish(GrpcError(
                     absl::DataLossError("the earlier record cannot be read"),
                     kReasonRecordNotFound),
                 "");
          return;
        }
        metrics->AssessmentMade(
            record.assessment().recommendation().arrangement());
        *response_bytes = ByteBufferOf(std::move(outcome->bytes));
        finish(grpc::Status::OK, record.name());
      });
  return finish.reactor;
}

grpc::Status TrustFitServiceImpl::BuildRecord(
    grpc::CallbackServerContext* context, const auth::Principal& caller,
    const grpc::ByteBuffer& request_bytes, CreateMessages* messages) {
  v1::CreateAssessmentRequest* request = messages->request();
  grpc::ByteBuffer request_copy = request_bytes;  // Shares the slices.
  grpc::ProtoBufferReader reader(&request_copy);
  if (!request->ParseFromZeroCopyStream(&reader)) {
    return GrpcError(
        absl::InvalidArgumentError(
            "the request is not a trustfit.v1.CreateAssessmentRequest"),
        kReasonClusterNotFound);
  }
  scoring::FieldViolations violations;
  if (!request->has_record())
    violations.Add("record", "required: the candidate to assess");
  // NUL bytes are refused: PostgreSQL would cut the text at them, and two
  // request ids differing after one would collide.
  scoring::CheckText("request_id", request->request_id(), 128, &violations);
  scoring::CheckText("record.note", request->record().note(), 10000,
                     &violations);
  scoring::CheckText("record.cluster_id", request->record().cluster_id(),
                     scoring::kMaxCandidateTextBytes, &violations);
  if (!violations.empty()) return InvalidRequest(violations);
  const absl::StatusOr<std::string> claimed = ClaimedRequester(*context);
  if (!claimed.ok()) return GrpcError(claimed.status(), kReasonClusterNotFound);

  const v1::AssessmentRecord& input = request->record();
  const scoring::Policy policy = policies_->Current();
  absl::StatusOr<const v1::Cluster*> cluster = SelectCluster(
      policy, input.cluster_id(),
      input.has_cluster() ? &input.cluster() : nullptr, "record.cluster_id");
  if (!cluster.ok()) return GrpcError(cluster.status(), kReasonClusterNotFound);

  // The record is built on the call's arena and serialised here, on this
  // call's thread, once: the store writes those bytes and the caller gets
  // them back. The store's writer only writes.
  v1::AssessmentRecord& record = *messages->response();
  *record.mutable_candidate() = input.candidate();
  record.set_note(input.note());
  record.set_cluster_id((*cluster)->id());
  *record.mutable_cluster() = **cluster;
  absl::Status status =
      AssessInCluster(policy, input.candidate(), **cluster,
                      !input.has_cluster(), record.mutable_assessment());
  if (status.ok() && input.has_quote_spec()) {
    *record.mutable_quote_spec() = input.quote_spec();
    if (!record.quote_spec().has_start_date()) {
      *record.mutable_quote_spec()->mutable_start_date() =
          FirstDayOfNextMonth(now_());
    }
    status = scoring::QuoteInto(policy, input.candidate(), record.quote_spec(),
                                record.mutable_quote());
  }
  if (!status.ok())
    return GrpcError(scoring::RenameFieldPaths(status, UnderRecord),
                     kReasonClusterNotFound);
  *record.mutable_policy() = policy.ref();
  SetRequester(caller, *claimed, &record);
  record.set_peer(context->peer());
  *record.mutable_create_time() = scoring::TimestampOf(now_());
  record.set_request_id(request->request_id());
  record.set_name(store_->NewName());
  // Whatever made it big (an inline cluster, say), a record must stay small
  // enough for any page of ListAssessments to be read back.
  if (const size_t size = record.ByteSizeLong(); size > kMaxRecordBytes) {
    violations.Add("record", absl::StrCat("the record would be ", size,
                                          " bytes; at most ", kMaxRecordBytes));
    return InvalidRequest(violations);
  }
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::GetAssessment(
    grpc::CallbackServerContext* context,
    const v1::GetAssessmentRequest* request, v1::AssessmentRecord* response) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kGetAssessment);
      !caller.ok()) {
    return FinishUnary(context, AccessRefusal(caller.status()));
  }
  if (store_ == nullptr) return FinishUnary(context, NoStoreError());
  absl::string_view id = request->name();
  if (!absl::ConsumePrefix(&id, "assessments/") || id.empty() ||
      id.find_first_not_of("0123456789abcdef") != absl::string_view::npos) {
    scoring::FieldViolations violations;
    violations.Add("name", absl::StrCat("must be assessments/{id}, got ",
                                        scoring::QuoteValue(request->name())));
    return FinishUnary(context, InvalidRequest(violations));
  }
  // Read on the store's threads: a hung database must not hold gRPC's.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  store_->GetAsync(
      std::string(id),
      [reactor, response](absl::StatusOr<v1::AssessmentRecord> record) {
        if (!record.ok()) {
          reactor->Finish(GrpcError(record.status(), kReasonRecordNotFound));
          return;
        }
        *response = *std::move(record);
        reactor->Finish(grpc::Status::OK);
      });
  return reactor;
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ListAssessments(
    grpc::CallbackServerContext* context,
    const v1::ListAssessmentsRequest* request,
    v1::ListAssessmentsResponse* response) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kListAssessments);
      !caller.ok()) {
    return FinishUnary(context, AccessRefusal(caller.status()));
  }
  if (store_ == nullptr) return FinishUnary(context, NoStoreError());
  scoring::FieldViolations violations;
  if (request->page_size() < 0)
    violations.Add("page_size", "must not be negative");
  scoring::CheckText("urn", request->urn(), scoring::kMaxCandidateTextBytes,
                     &violations);
  scoring::CheckText("cluster_id", request->cluster_id(),
                     scoring::kMaxCandidateTextBytes, &violations);
  if (!v1::Arrangement_IsValid(request->recommendation())) {
    violations.Add("recommendation",
                   absl::StrCat("unknown value ", request->recommendation()));
  }
  if (!violations.empty())
    return FinishUnary(context, InvalidRequest(violations));

  ListQuery query;
  query.urn = request->urn();
  query.cluster_id = request->cluster_id();
  query.recommendation = request->recommendation();
  if (request->has_created_after()) {
    query.created_after_us =
        absl::ToUnixMicros(scoring::TimeOf(request->created_after()));
  }
  if (request->has_created_before()) {
    query.created_before_us =
        absl::ToUnixMicros(scoring::TimeOf(request->created_before()));
  }
  query.limit = PageLimit(request->page_size());
  const std::string fingerprint = Fingerprint(*request);
  query.after_seq = PagePosition(request->page_token(), fingerprint,
                                 store_->page_token_key(), &violations);
  if (!violations.empty())
    return FinishUnary(context, InvalidRequest(violations));
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  AssessmentStore* store = store_;
  store_->ListAsync(std::move(query), [reactor, response, store, fingerprint](
                                          absl::StatusOr<ListPage> page) {
    if (!page.ok()) {
      reactor->Finish(GrpcError(page.status(), kReasonRecordNotFound));
      return;
    }
    for (auto& record : page->records)
      *response->add_assessments() = std::move(record);
    if (page->next_after_seq) {
      response->set_next_page_token(EncodePageToken(
          *page->next_after_seq, fingerprint, store->page_token_key()));
    }
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

}  // namespace trustfit::server
