// The decision and arrangement methods of TrustFitServiceImpl (§7):
// RecordDecision (AIP-136 on an assessment), GetArrangement,
// ListArrangements (AIP-131, -132, -158), the arrangement's custom methods
// (AdvanceArrangementPhase, ReviewArrangement, ExtendArrangement,
// EndArrangement) and GetPipeline. Transport only: the rules are in
// scoring/arrangements.h and scoring/pipeline.h, the storage in
// server/decision_store.h.
//
// The store calls are synchronous on the handler's thread: decisions and
// steps are rare (a board meeting's worth a month) and each is one small
// transaction.

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "scoring/arrangements.h"
#include "scoring/dates.h"
#include "scoring/field_violations.h"
#include "scoring/pipeline.h"
#include "scoring/portfolio.h"
#include "scoring/proto_bytes.h"
#include "scoring/status_macros.h"
#include "server/service/call_helpers.h"
#include "server/service/page_token.h"
#include "server/service/rpc_status.h"
#include "server/service/trustfit_service.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;

constexpr int kDefaultDueWithinDays = 30;
constexpr int kMaxDueWithinDays = 3660;

}  // namespace

absl::StatusOr<std::string> ResourceId(absl::string_view name,
                                       absl::string_view collection,
                                       absl::string_view field) {
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, collection) || !absl::ConsumePrefix(&id, "/") ||
      id.empty() || id.size() > 16 ||
      id.find_first_not_of("0123456789abcdef") != absl::string_view::npos) {
    scoring::FieldViolations violations;
    violations.Add(field, absl::StrCat("must be ", collection, "/{id}, got \"",
                                       name, "\""));
    return violations.ToStatus("invalid request");
  }
  return std::string(id);
}

scoring::StepContext TrustFitServiceImpl::StepFor(
    grpc::CallbackServerContext* context, const auth::Principal& caller) const {
  scoring::StepContext step;
  step.recorded_by = Requester(*context, caller);
  const absl::Time now = now_();
  step.record_time = scoring::TimestampOf(now);
  step.today = scoring::DateOf(now);
  return step;
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::RecordDecision(
    grpc::CallbackServerContext* context,
    const v1::RecordDecisionRequest* request,
    v1::RecordDecisionResponse* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/RecordDecision");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  DecisionStore* decisions = store_ ? store_->decisions() : nullptr;
  if (decisions == nullptr) return FinishUnary(context, NoStoreError());
  absl::StatusOr<std::string> id =
      ResourceId(request->name(), "assessments", "name");
  if (!id.ok())
    return FinishUnary(context, GrpcError(id.status(), kReasonRecordNotFound));
  if (absl::Status s = scoring::ValidateDecision(request->decision());
      !s.ok()) {
    return FinishUnary(context, GrpcError(s, kReasonRecordNotFound));
  }
  if (request->request_id().size() > 128) {
    scoring::FieldViolations v;
    v.Add("request_id", "at most 128 characters");
    return FinishUnary(context, InvalidRequest(v));
  }
  absl::StatusOr<v1::AssessmentRecord> record = store_->Get(*id);
  if (!record.ok()) {
    return FinishUnary(context,
                       GrpcError(record.status(), kReasonRecordNotFound));
  }
  const scoring::StepContext step = StepFor(context, *caller);
  v1::Decision decision = request->decision();
  decision.set_assessment(record->name());
  decision.set_decided_by(step.recorded_by);
  *decision.mutable_record_time() = step.record_time;
  std::optional<v1::ArrangementRecord> opened;
  if (decision.outcome() == v1::DECISION_OUTCOME_APPROVED) {
    decision.set_arrangement(DecisionStore::NewArrangementName());
    absl::StatusOr<v1::ArrangementRecord> a = scoring::OpenArrangement(
        policies_->Current(), *record, decision, decision.arrangement(), step);
    if (!a.ok())
      return FinishUnary(context, GrpcError(a.status(), kReasonRecordNotFound));
    opened = *std::move(a);
  }
  // A retry sends the same decision; what the server adds is not compared.
  const std::string hash =
      request->request_id().empty()
          ? std::string()
          : scoring::DeterministicSha256Hex(request->decision());
  absl::StatusOr<DecisionOutcomeRow> stored = decisions->RecordDecision(
      *id, decision, request->request_id(), hash, opened);
  if (!stored.ok())
    return FinishUnary(context,
                       GrpcError(stored.status(), kReasonRecordNotFound));
  if (!stored->reused) decision_metrics_.DecisionRecorded(decision.outcome());
  *response->mutable_decision() = std::move(stored->decision);
  if (stored->arrangement) {
    *response->mutable_arrangement() = *std::move(stored->arrangement);
  }
  return FinishUnary(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::GetArrangement(
    grpc::CallbackServerContext* context,
    const v1::GetArrangementRequest* request, v1::ArrangementRecord* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/GetArrangement");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  DecisionStore* decisions = store_ ? store_->decisions() : nullptr;
  if (decisions == nullptr) return FinishUnary(context, NoStoreError());
  absl::StatusOr<std::string> id =
      ResourceId(request->name(), "arrangements", "name");
  if (!id.ok())
    return FinishUnary(context, GrpcError(id.status(), kReasonRecordNotFound));
  absl::StatusOr<v1::ArrangementRecord> a = decisions->GetArrangement(*id);
  if (!a.ok()) {
    return FinishUnary(context,
                       GrpcError(a.status(), kReasonArrangementNotFound));
  }
  *response = *std::move(a);
  return FinishUnary(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ListArrangements(
    grpc::CallbackServerContext* context,
    const v1::ListArrangementsRequest* request,
    v1::ListArrangementsResponse* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/ListArrangements");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  DecisionStore* decisions = store_ ? store_->decisions() : nullptr;
  if (decisions == nullptr) return FinishUnary(context, NoStoreError());
  scoring::FieldViolations violations;
  if (request->page_size() < 0) {
    violations.Add("page_size", "must not be negative");
  }
  if (!v1::ArrangementState_IsValid(request->state())) {
    violations.Add("state", absl::StrCat("unknown value ", request->state()));
  }
  if (!violations.empty())
    return FinishUnary(context, InvalidRequest(violations));
  ArrangementQuery query;
  query.urn = request->urn();
  query.cluster_id = request->cluster_id();
  query.state = request->state();
  query.limit = PageLimit(request->page_size());
  v1::ListArrangementsRequest filters = *request;
  filters.clear_page_size();
  filters.clear_page_token();
  const std::string fingerprint = scoring::DeterministicSha256Hex(filters);
  query.after_seq = PagePosition(request->page_token(), fingerprint,
                                 store_->page_token_key(), &violations);
  if (!violations.empty())
    return FinishUnary(context, InvalidRequest(violations));
  absl::StatusOr<ArrangementPage> page = decisions->ListArrangements(query);
  if (!page.ok())
    return FinishUnary(context,
                       GrpcError(page.status(), kReasonRecordNotFound));
  for (auto& a : page->arrangements) {
    *response->add_arrangements() = std::move(a);
  }
  if (page->next_after_seq) {
    response->set_next_page_token(EncodePageToken(
        *page->next_after_seq, fingerprint, store_->page_token_key()));
  }
  return FinishUnary(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::StepArrangement(
    grpc::CallbackServerContext* context, const std::string& name,
    const DecisionStore::Step& step, v1::ArrangementRecord* response) {
  DecisionStore* decisions = store_ ? store_->decisions() : nullptr;
  if (decisions == nullptr) return FinishUnary(context, NoStoreError());
  absl::StatusOr<std::string> id = ResourceId(name, "arrangements", "name");
  if (!id.ok())
    return FinishUnary(context, GrpcError(id.status(), kReasonRecordNotFound));
  absl::StatusOr<v1::ArrangementRecord> stepped =
      decisions->UpdateArrangement(*id, step);
  if (!stepped.ok()) {
    const std::string refusal = scoring::RefusalReason(stepped.status());
    decision_metrics_.StepRefused(refusal.empty() ? "INVALID" : refusal);
    return FinishUnary(context,
                       GrpcError(stepped.status(), kReasonArrangementNotFound));
  }
  decision_metrics_.EventRecorded(
      stepped->events(stepped->events_size() - 1).kind());
  *response = *std::move(stepped);
  return FinishUnary(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::AdvanceArrangementPhase(
    grpc::CallbackServerContext* context,
    const v1::AdvanceArrangementPhaseRequest* request,
    v1::ArrangementRecord* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/AdvanceArrangementPhase");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  const scoring::StepContext step = StepFor(context, *caller);
  return StepArrangement(
      context, request->name(),
      [&](const v1::ArrangementRecord& a) {
        return scoring::AdvancePhase(a, request->governance_stage(),
                                     request->event_date(), request->note(),
                                     step);
      },
      response);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ReviewArrangement(
    grpc::CallbackServerContext* context,
    const v1::ReviewArrangementRequest* request,
    v1::ArrangementRecord* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/ReviewArrangement");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  if (store_ == nullptr) return FinishUnary(context, NoStoreError());
  absl::StatusOr<std::string> assessment_id =
      ResourceId(request->assessment(), "assessments", "assessment");
  if (!assessment_id.ok()) {
    return FinishUnary(
        context, GrpcError(assessment_id.status(), kReasonRecordNotFound));
  }
  absl::StatusOr<v1::AssessmentRecord> assessment = store_->Get(*assessment_id);
  if (!assessment.ok()) {
    return FinishUnary(context,
                       GrpcError(assessment.status(), kReasonRecordNotFound));
  }
  const scoring::StepContext step = StepFor(context, *caller);
  return StepArrangement(
      context, request->name(),
      [&](const v1::ArrangementRecord& a)
          -> absl::StatusOr<v1::ArrangementRecord> {
        // The assessment the arrangement was last judged on, to compare.
        TRUSTFIT_ASSIGN_OR_RETURN(v1::AssessmentRecord previous,
                                  store_->Get(absl::StripPrefix(
                                      a.latest_assessment(), "assessments/")));
        return scoring::Review(a, *assessment, previous, request->review_date(),
                               request->note(), step);
      },
      response);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::ExtendArrangement(
    grpc::CallbackServerContext* context,
    const v1::ExtendArrangementRequest* request,
    v1::ArrangementRecord* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/ExtendArrangement");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  const scoring::StepContext step = StepFor(context, *caller);
  const scoring::Policy policy = policies_->Current();
  return StepArrangement(
      context, request->name(),
      [&](const v1::ArrangementRecord& a) {
        return scoring::Extend(policy, a, request->new_term_end(),
                               request->event_date(), request->note(), step);
      },
      response);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::EndArrangement(
    grpc::CallbackServerContext* context,
    const v1::EndArrangementRequest* request, v1::ArrangementRecord* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/EndArrangement");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  const scoring::StepContext step = StepFor(context, *caller);
  return StepArrangement(
      context, request->name(),
      [&](const v1::ArrangementRecord& a) {
        return scoring::End(a, request->outcome(), request->walked_away_by(),
                            request->event_date(), request->note(), step);
      },
      response);
}

grpc::ServerUnaryReactor* TrustFitServiceImpl::GetPipeline(
    grpc::CallbackServerContext* context, const v1::GetPipelineRequest* request,
    v1::GetPipelineResponse* response) {
  const absl::StatusOr<auth::Principal> caller =
      Admit(context, "/trustfit.v1.TrustFitService/GetPipeline");
  if (!caller.ok()) return FinishUnary(context, AccessRefusal(caller.status()));
  DecisionStore* decisions = store_ ? store_->decisions() : nullptr;
  if (decisions == nullptr) return FinishUnary(context, NoStoreError());
  const scoring::Policy policy = policies_->Current();
  scoring::FieldViolations violations;
  if (request->due_within_days() < 0 ||
      request->due_within_days() > kMaxDueWithinDays) {
    violations.Add("due_within_days",
                   absl::StrCat("must be 0 (for ", kDefaultDueWithinDays,
                                ") to ", kMaxDueWithinDays));
  }
  if (request->has_as_of() && !scoring::IsValidDate(request->as_of())) {
    violations.Add("as_of", "must be a real date (YYYY-MM-DD)");
  }
  if (!violations.empty())
    return FinishUnary(context, InvalidRequest(violations));
  if (!request->cluster_id().empty()) {
    absl::StatusOr<const v1::Cluster*> cluster =
        SelectCluster(policy, request->cluster_id(), nullptr, "cluster_id");
    if (!cluster.ok()) {
      return FinishUnary(context,
                         GrpcError(cluster.status(), kReasonClusterNotFound));
    }
  }
  absl::StatusOr<std::vector<v1::ArrangementRecord>> active =
      decisions->Active(request->cluster_id());
  if (!active.ok())
    return FinishUnary(context,
                       GrpcError(active.status(), kReasonRecordNotFound));
  *response = scoring::BuildPipeline(
      policy, *active, request->cluster_id(),
      request->has_as_of() ? request->as_of() : scoring::DateOf(now_()),
      request->due_within_days() == 0 ? kDefaultDueWithinDays
                                      : request->due_within_days());
  return FinishUnary(context, grpc::Status::OK);
}

absl::Status TrustFitServiceImpl::AssessInCluster(
    const scoring::Policy& policy, const v1::Candidate& candidate,
    const v1::Cluster& cluster, bool from_policy, v1::Assessment* out) {
  DecisionStore* decisions = store_ ? store_->decisions() : nullptr;
  // A cluster given inline is the caller's whole picture of it.
  if (decisions == nullptr || !from_policy) {
    return scoring::AssessInto(policy, candidate, cluster, out);
  }
  // The snapshot, not the database: scoring answers while the store cannot.
  return scoring::AssessWithPortfolio(
      policy, candidate, cluster,
      scoring::CommitmentsOf(*decisions->ActiveSnapshot(), cluster.id()), out);
}

}  // namespace trustfit::server
