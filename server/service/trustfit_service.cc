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
#include "server/service/call_helpers.h"
#include "server/service/rpc_status.h"
#include "server/service/score_stream.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

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

grpc::Status TrustFitServiceImpl::AdmitScoring(
    grpc::CallbackServerContext* context, absl::string_view method) const {
  const absl::StatusOr<auth::Principal> caller = Admit(context, method);
  if (!caller.ok()) return AccessRefusal(caller.status());
  if (absl::Status gone = CallerGone(context); !gone.ok())
    return GrpcError(gone, kReasonClusterNotFound);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ScoreCandidate(
    grpc::CallbackServerContext* context,
    const v1::ScoreCandidateRequest* request,
    v1::ScoreCandidateResponse* response) {
  if (grpc::Status refused = AdmitScoring(context, kScoreCandidate);
      !refused.ok())
    return FinishUnary(context, std::move(refused));
  const scoring::Policy policy = policies_->Current();
  const absl::StatusOr<const v1::Cluster*> cluster =
      ClusterOfRequest(policy, *request);
  if (!cluster.ok())
    return FinishUnary(context,
                       GrpcError(cluster.status(), kReasonClusterNotFound));
  const absl::Status scored =
      AssessInCluster(policy, request->candidate(), **cluster,
                      !request->has_cluster(), response->mutable_assessment());
  if (!scored.ok())
    return FinishUnary(context, GrpcError(scored, kReasonClusterNotFound));
  ApplyView(request->view(), response->mutable_assessment());
  metrics_->AssessmentMade(
      response->assessment().recommendation().arrangement());
  return FinishUnary(context, grpc::Status::OK);
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
  if (grpc::Status refused = AdmitScoring(context, kFindImprovementPath);
      !refused.ok())
    return FinishUnary(context, std::move(refused));
  const scoring::Policy policy = policies_->Current();
  const absl::StatusOr<const v1::Cluster*> cluster =
      ClusterOfRequest(policy, *request);
  if (!cluster.ok())
    return FinishUnary(context,
                       GrpcError(cluster.status(), kReasonClusterNotFound));
  absl::StatusOr<v1::ImprovementPath> path = scoring::FindImprovementPath(
      policy, request->candidate(), **cluster, request->target_arrangement());
  if (!path.ok())
    return FinishUnary(context,
                       GrpcError(path.status(), kReasonClusterNotFound));
  *response = *std::move(path);
  return FinishUnary(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::QuoteContribution(
    grpc::CallbackServerContext* context,
    const v1::QuoteContributionRequest* request,
    v1::QuoteContributionResponse* response) {
  if (grpc::Status refused = AdmitScoring(context, kQuoteContribution);
      !refused.ok())
    return FinishUnary(context, std::move(refused));
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
  if (!quoted.ok())
    return FinishUnary(context, GrpcError(quoted, kReasonClusterNotFound));
  metrics_->QuoteMade();
  return FinishUnary(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::GetPolicy(
    grpc::CallbackServerContext* context, const v1::GetPolicyRequest*,
    v1::GetPolicyResponse* response) {
  if (const absl::StatusOr<auth::Principal> caller = Admit(context, kGetPolicy);
      !caller.ok()) {
    return FinishUnary(context, AccessRefusal(caller.status()));
  }
  const scoring::Policy policy = policies_->Current();
  *response->mutable_policy() = policy.proto();
  *response->mutable_ref() = policy.ref();
  response->set_source(policies_->source());
  return FinishUnary(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ValidatePolicy(
    grpc::CallbackServerContext* context,
    const v1::ValidatePolicyRequest* request,
    v1::ValidatePolicyResponse* response) {
  if (const absl::StatusOr<auth::Principal> caller =
          Admit(context, kValidatePolicy);
      !caller.ok()) {
    return FinishUnary(context, AccessRefusal(caller.status()));
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
      return FinishUnary(context, InvalidRequest(violations));
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
  return FinishUnary(context, grpc::Status::OK);
}

}  // namespace trustfit::server
