#include "server/service/trustfit_service.h"

#include <chrono>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/rpc/code.pb.h"
#include "scoring/assess.h"
#include "scoring/field_violations.h"
#include "scoring/improvement.h"
#include "scoring/quote.h"
#include "server/service/rpc_status.h"
#include "server/service/score_stream.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

grpc::ServerUnaryReactor* FinishWith(grpc::CallbackServerContext* context,
                                     grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

grpc::ServerUnaryReactor* FinishWithError(grpc::CallbackServerContext* context,
                                          const absl::Status& status) {
  return FinishWith(context, ToGrpcStatus(ScoringError(status)));
}

// A ScoreCandidates stream refused before it reads anything.
class RefusedStream final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit RefusedStream(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

// The methods as gRPC names them, which is how their rules are found.
constexpr absl::string_view kScoreCandidate =
    "/trustfit.v1.TrustFitService/ScoreCandidate";
constexpr absl::string_view kScoreCandidates =
    "/trustfit.v1.TrustFitService/ScoreCandidates";
constexpr absl::string_view kQuoteContribution =
    "/trustfit.v1.TrustFitService/QuoteContribution";
constexpr absl::string_view kFindImprovementPath =
    "/trustfit.v1.TrustFitService/FindImprovementPath";
constexpr absl::string_view kGetPolicy =
    "/trustfit.v1.TrustFitService/GetPolicy";
constexpr absl::string_view kValidatePolicy =
    "/trustfit.v1.TrustFitService/ValidatePolicy";

}  // namespace

// CANCELLED or DEADLINE_EXCEEDED when the caller has gone; OK otherwise.
absl::Status CallerGone(grpc::CallbackServerContext* context) {
  if (!context->IsCancelled()) return absl::OkStatus();
  if (context->deadline() <= std::chrono::system_clock::now()) {
    return absl::DeadlineExceededError(
        "deadline exceeded before the call was handled");
  }
  return absl::CancelledError("the caller cancelled the call");
}

google::rpc::Status ScoringError(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return MakeRpcStatus(status, kReasonClusterNotFound);
    case absl::StatusCode::kCancelled:
      return MakeRpcStatus(status, kReasonCancelled);
    case absl::StatusCode::kDeadlineExceeded:
      return MakeRpcStatus(status, kReasonDeadlineExceeded);
    // Reading the cluster's arrangements failed (AssessInCluster).
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kDataLoss:
      return MakeRpcStatus(status, kReasonStoreFailed);
    default:
      return MakeRpcStatus(status, kReasonInvalidRequest);
  }
}

absl::StatusOr<const v1::Cluster*> SelectCluster(
    const scoring::Policy& policy, const std::string& cluster_id,
    const v1::Cluster* inline_cluster, absl::string_view id_field) {
  if (inline_cluster != nullptr) return inline_cluster;
  std::vector<std::string> known;
  for (const auto& cluster : policy.proto().clusters())
    known.push_back(cluster.id());
  if (cluster_id.empty()) {
    scoring::FieldViolations violations;
    violations.Add(
        id_field,
        absl::StrCat("required: name a cluster of the policy (",
                     absl::StrJoin(known, ", "), ") or give one inline"));
    return violations.ToStatus("invalid request");
  }
  const v1::Cluster* cluster = policy.FindCluster(cluster_id);
  if (cluster == nullptr) {
    // The valid ids travel as metadata too, so that a program can offer
    // them without parsing the message.
    return scoring::WithErrorReason(
        absl::NotFoundError(absl::StrCat(
            "cluster ", scoring::QuoteValue(cluster_id),
            " is not in the policy; it has: ", absl::StrJoin(known, ", "))),
        {std::string(kReasonClusterNotFound),
         {{"cluster_id",
           scoring::Truncate(cluster_id, scoring::kMaxQuotedValueBytes)},
          {"valid_cluster_ids", absl::StrJoin(known, ",")}}});
  }
  return cluster;
}

void ApplyView(v1::AssessmentView view, v1::Assessment* assessment) {
  if (view != v1::ASSESSMENT_VIEW_BASIC) return;
  for (auto& criterion : *assessment->mutable_criteria()) {
    criterion.clear_factors();
    criterion.clear_adjustments();
  }
}

google::type::Date FirstDayOfNextMonth(absl::Time now) {
  const absl::CivilMonth next =
      absl::ToCivilMonth(now, absl::UTCTimeZone()) + 1;
  google::type::Date date;
  date.set_year(static_cast<int>(next.year()));
  date.set_month(next.month());
  date.set_day(1);
  return date;
}

TrustFitServiceImpl::TrustFitServiceImpl(
    PolicyHolder* policies, Metrics* metrics, AssessmentStore* store,
    int stream_workers, const auth::AccessGate* gate, RpcCallers* callers,
    std::function<absl::Time()> now)
    : policies_(policies),
      metrics_(metrics),
      store_(store),
      gate_(gate),
      callers_(callers),
      now_(std::move(now)),
      decision_metrics_(metrics->registry()),
      stream_workers_(stream_workers) {
  SetMessageAllocatorFor_ScoreCandidate(&score_allocator_);
  SetMessageAllocatorFor_QuoteContribution(&quote_allocator_);
}

absl::StatusOr<auth::Principal> TrustFitServiceImpl::Admit(
    grpc::CallbackServerContext* context, absl::string_view method) const {
  absl::StatusOr<auth::Principal> caller = gate_->Check(*context, method);
  if (caller.ok() && caller->method != auth::AuthMethod::kNone &&
      callers_ != nullptr) {
    callers_->Set(context,
                  {caller->name, std::string(AuthMethodName(caller->method))});
  }
  return caller;
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ScoreCandidate(
    grpc::CallbackServerContext* context,
    const v1::ScoreCandidateRequest* request,
    v1::ScoreCandidateResponse* response) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kScoreCandidate);
      !caller.ok()) {
    return FinishWith(context, AccessRefusal(caller.status()));
  }
  if (absl::Status gone = CallerGone(context); !gone.ok())
    return FinishWithError(context, gone);
  const scoring::Policy policy = policies_->Current();
  const absl::StatusOr<const v1::Cluster*> cluster = SelectCluster(
      policy, request->cluster_id(),
      request->has_cluster() ? &request->cluster() : nullptr, "cluster_id");
  if (!cluster.ok()) return FinishWithError(context, cluster.status());
  const absl::Status scored =
      AssessInCluster(policy, request->candidate(), **cluster,
                      !request->has_cluster(), response->mutable_assessment());
  if (!scored.ok()) return FinishWithError(context, scored);
  ApplyView(request->view(), response->mutable_assessment());
  metrics_->AssessmentMade(
      response->assessment().recommendation().arrangement());
  return FinishWith(context, grpc::Status::OK);
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>*
TrustFitServiceImpl::ScoreCandidates(grpc::CallbackServerContext* context) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kScoreCandidates);
      !caller.ok()) {
    return new RefusedStream(AccessRefusal(caller.status()));
  }
  return new ScoreStreamReactor(context, policies_, metrics_, &stream_workers_,
                                store_ ? store_->decisions() : nullptr);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::FindImprovementPath(
    grpc::CallbackServerContext* context,
    const v1::FindImprovementPathRequest* request,
    v1::ImprovementPath* response) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kFindImprovementPath);
      !caller.ok()) {
    return FinishWith(context, AccessRefusal(caller.status()));
  }
  if (absl::Status gone = CallerGone(context); !gone.ok())
    return FinishWithError(context, gone);
  const scoring::Policy policy = policies_->Current();
  const absl::StatusOr<const v1::Cluster*> cluster = SelectCluster(
      policy, request->cluster_id(),
      request->has_cluster() ? &request->cluster() : nullptr, "cluster_id");
  if (!cluster.ok()) return FinishWithError(context, cluster.status());
  absl::StatusOr<v1::ImprovementPath> path = scoring::FindImprovementPath(
      policy, request->candidate(), **cluster, request->target_arrangement());
  if (!path.ok()) return FinishWithError(context, path.status());
  *response = *std::move(path);
  return FinishWith(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::QuoteContribution(
    grpc::CallbackServerContext* context,
    const v1::QuoteContributionRequest* request,
    v1::QuoteContributionResponse* response) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kQuoteContribution);
      !caller.ok()) {
    return FinishWith(context, AccessRefusal(caller.status()));
  }
  if (absl::Status gone = CallerGone(context); !gone.ok())
    return FinishWithError(context, gone);
  const scoring::Policy policy = policies_->Current();
  const v1::QuoteSpec* spec = &request->spec();
  v1::QuoteSpec with_start;
  if (!spec->has_start_date()) {
    with_start = *spec;
    *with_start.mutable_start_date() = FirstDayOfNextMonth(now_());
    spec = &with_start;
  }
  const absl::Status quoted = scoring::QuoteInto(
      policy, request->candidate(), *spec, response->mutable_quote());
  if (!quoted.ok()) return FinishWithError(context, quoted);
  metrics_->QuoteMade();
  return FinishWith(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::GetPolicy(
    grpc::CallbackServerContext* context, const v1::GetPolicyRequest*,
    v1::GetPolicyResponse* response) {
  if (const absl::StatusOr<auth::Principal> caller = Admit(context, kGetPolicy);
      !caller.ok()) {
    return FinishWith(context, AccessRefusal(caller.status()));
  }
  const scoring::Policy policy = policies_->Current();
  *response->mutable_policy() = policy.proto();
  *response->mutable_ref() = policy.ref();
  response->set_source(policies_->source());
  return FinishWith(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ValidatePolicy(
    grpc::CallbackServerContext* context,
    const v1::ValidatePolicyRequest* request,
    v1::ValidatePolicyResponse* response) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kValidatePolicy);
      !caller.ok()) {
    return FinishWith(context, AccessRefusal(caller.status()));
  }
  absl::StatusOr<scoring::Policy> policy;
  switch (request->policy_source_case()) {
    case v1::ValidatePolicyRequest::kYaml:
      policy = scoring::Policy::FromYaml(request->yaml());
      break;
    case v1::ValidatePolicyRequest::kPolicy:
      policy = scoring::Policy::Create(request->policy());
      break;
    default: {
      scoring::FieldViolations violations;
      violations.Add("policy_source",
                     "required: give the policy as yaml or as a message");
      return FinishWithError(context, violations.ToStatus("invalid request"));
    }
  }
  response->set_valid(policy.ok());
  if (policy.ok()) {
    *response->mutable_ref() = policy->ref();
  } else {
    for (const auto& v : scoring::FieldViolationsOf(policy.status())) {
      auto* violation = response->add_violations();
      violation->set_field(v.field);
      violation->set_description(v.description);
    }
  }
  return FinishWith(context, grpc::Status::OK);
}

}  // namespace trustfit::server
