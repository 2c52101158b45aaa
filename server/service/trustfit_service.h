// TrustFitServiceImpl: the trustfit.v1.TrustFitService over the scoring core.
//
// Transport only: each method takes a policy snapshot, resolves the cluster,
// calls scoring, and maps errors to google.rpc.Status (rpc_status.h). All
// the rules live in scoring/.

#ifndef TRUSTFIT_SERVER_SERVICE_TRUSTFIT_SERVICE_H_
#define TRUSTFIT_SERVER_SERVICE_TRUSTFIT_SERVICE_H_

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "scoring/arrangements.h"
#include "server/auth/access_gate.h"
#include "server/ops/decision_metrics.h"
#include "server/ops/metrics.h"
#include "server/ops/observability.h"
#include "server/ops/policy_holder.h"
#include "server/service/arena_allocator.h"
#include "server/service/worker_pool.h"
#include "server/store/assessment_store.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::server {

namespace internal {
namespace gen = ::trustfit::v1;
// TrustFitService::CallbackService, but with ScoreCandidates and
// CreateAssessment raw (bytes in and out). CreateAssessment answers with the
// bytes it stored rather than have gRPC serialise the record a second time;
// ScoreCandidates tells an unparseable message from the end of the stream
// (score_stream.h). A new method needs its line here (its handler's
// `override` does not compile until it has one).
template <class Base>
using DecisionMethods = gen::TrustFitService::WithCallbackMethod_RecordDecision<
    gen::TrustFitService::WithCallbackMethod_GetArrangement<
        gen::TrustFitService::WithCallbackMethod_ListArrangements<
            gen::TrustFitService::WithCallbackMethod_AdvanceArrangementPhase<
                gen::TrustFitService::WithCallbackMethod_ReviewArrangement<
                    gen::TrustFitService::WithCallbackMethod_ExtendArrangement<
                        gen::TrustFitService::WithCallbackMethod_EndArrangement<
                            gen::TrustFitService::
                                WithCallbackMethod_GetPipeline<Base>>>>>>>>;
template <class Base>
using RecordMethods =
    gen::TrustFitService::WithRawCallbackMethod_CreateAssessment<
        gen::TrustFitService::WithCallbackMethod_GetAssessment<
            gen::TrustFitService::WithCallbackMethod_ListAssessments<Base>>>;
using TrustFitCallbackBase =
    gen::TrustFitService::WithCallbackMethod_ScoreCandidate<
        gen::TrustFitService::WithRawCallbackMethod_ScoreCandidates<
            gen::TrustFitService::WithCallbackMethod_QuoteContribution<
                gen::TrustFitService::WithCallbackMethod_FindImprovementPath<
                    gen::TrustFitService::WithCallbackMethod_GetPolicy<
                        gen::TrustFitService::WithCallbackMethod_ValidatePolicy<
                            RecordMethods<DecisionMethods<
                                gen::TrustFitService::Service>>>>>>>>;
}  // namespace internal

class TrustFitServiceImpl final : public internal::TrustFitCallbackBase {
 public:
  // `policies` and `metrics` must outlive the service. Stream items are
  // scored on `stream_workers` threads besides the caller's. `now` is the
  // clock used to default a quote's start date.
  // `store` may be null: then the record methods answer FAILED_PRECONDITION.
  // Every handler first asks `gate` (which must outlive the service)
  // whether the caller may call its method, and names the caller in
  // `callers` (may be null) for the call's log line.
  TrustFitServiceImpl(PolicyHolder* policies, Metrics* metrics,
                      AssessmentStore* store, int stream_workers,
                      const auth::AccessGate* gate, RpcCallers* callers,
                      std::function<absl::Time()> now = absl::Now);

  grpc::ServerUnaryReactor* ScoreCandidate(
      grpc::CallbackServerContext* context,
      const trustfit::v1::ScoreCandidateRequest* request,
      trustfit::v1::ScoreCandidateResponse* response) override;

  // Serialised ScoreCandidatesRequests in, ScoreCandidatesResponses out.
  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* ScoreCandidates(
      grpc::CallbackServerContext* context) override;

  grpc::ServerUnaryReactor* QuoteContribution(
      grpc::CallbackServerContext* context,
      const trustfit::v1::QuoteContributionRequest* request,
      trustfit::v1::QuoteContributionResponse* response) override;

  grpc::ServerUnaryReactor* FindImprovementPath(
      grpc::CallbackServerContext* context,
      const trustfit::v1::FindImprovementPathRequest* request,
      trustfit::v1::ImprovementPath* response) override;

  grpc::ServerUnaryReactor* GetPolicy(
      grpc::CallbackServerContext* context,
      const trustfit::v1::GetPolicyRequest* request,
      trustfit::v1::GetPolicyResponse* response) override;

  grpc::ServerUnaryReactor* ValidatePolicy(
      grpc::CallbackServerContext* context,
      const trustfit::v1::ValidatePolicyRequest* request,
      trustfit::v1::ValidatePolicyResponse* response) override;

  // In assessment_records.cc. A CreateAssessmentRequest in, an
  // AssessmentRecord out.
  grpc::ServerUnaryReactor* CreateAssessment(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetAssessment(
      grpc::CallbackServerContext* context,
      const trustfit::v1::GetAssessmentRequest* request,
      trustfit::v1::AssessmentRecord* response) override;
  grpc::ServerUnaryReactor* ListAssessments(
      grpc::CallbackServerContext* context,
      const trustfit::v1::ListAssessmentsRequest* request,
      trustfit::v1::ListAssessmentsResponse* response) override;

  // In decision_handlers.cc.
  grpc::ServerUnaryReactor* RecordDecision(
      grpc::CallbackServerContext* context,
      const trustfit::v1::RecordDecisionRequest* request,
      trustfit::v1::RecordDecisionResponse* response) override;
  grpc::ServerUnaryReactor* GetArrangement(
      grpc::CallbackServerContext* context,
      const trustfit::v1::GetArrangementRequest* request,
      trustfit::v1::ArrangementRecord* response) override;
  grpc::ServerUnaryReactor* ListArrangements(
      grpc::CallbackServerContext* context,
      const trustfit::v1::ListArrangementsRequest* request,
      trustfit::v1::ListArrangementsResponse* response) override;
  grpc::ServerUnaryReactor* AdvanceArrangementPhase(
      grpc::CallbackServerContext* context,
      const trustfit::v1::AdvanceArrangementPhaseRequest* request,
      trustfit::v1::ArrangementRecord* response) override;
  grpc::ServerUnaryReactor* ReviewArrangement(
      grpc::CallbackServerContext* context,
      const trustfit::v1::ReviewArrangementRequest* request,
      trustfit::v1::ArrangementRecord* response) override;
  grpc::ServerUnaryReactor* ExtendArrangement(
      grpc::CallbackServerContext* context,
      const trustfit::v1::ExtendArrangementRequest* request,
      trustfit::v1::ArrangementRecord* response) override;
  grpc::ServerUnaryReactor* EndArrangement(
      grpc::CallbackServerContext* context,
      const trustfit::v1::EndArrangementRequest* request,
      trustfit::v1::ArrangementRecord* response) override;
  grpc::ServerUnaryReactor* GetPipeline(
      grpc::CallbackServerContext* context,
      const trustfit::v1::GetPipelineRequest* request,
      trustfit::v1::GetPipelineResponse* response) override;

 private:
  // Who records a step of `context`'s call, and when (decision_handlers.cc).
  scoring::StepContext StepFor(grpc::CallbackServerContext* context,
                               const auth::Principal& caller) const;
  // Applies `step` to the arrangement `name` and answers with the result.
  grpc::ServerUnaryReactor* StepArrangement(
      grpc::CallbackServerContext* context, const std::string& name,
      const DecisionStore::Step& step,
      trustfit::v1::ArrangementRecord* response);
  // scoring::AssessInto against `cluster` with the committed days of its
  // active arrangements added when it is the policy's (`from_policy`) and
  // there is a store (scoring/portfolio.h). UNAVAILABLE or INTERNAL when
  // the store fails.
  absl::Status AssessInCluster(const scoring::Policy& policy,
                               const trustfit::v1::Candidate& candidate,
                               const trustfit::v1::Cluster& cluster,
                               bool from_policy, trustfit::v1::Assessment* out);
  using CreateMessages =
      grpc::MessageHolder<trustfit::v1::CreateAssessmentRequest,
                          trustfit::v1::AssessmentRecord>;

  // Parses and checks CreateAssessment's request into `messages` and builds
  // its record there, requested by `caller` (in assessment_records.cc).
  grpc::Status BuildRecord(grpc::CallbackServerContext* context,
                           const auth::Principal& caller,
                           const grpc::ByteBuffer& request_bytes,
                           CreateMessages* messages);

  // The caller of `context` when it may call `method`
  // ("/trustfit.v1.TrustFitService/GetPolicy"); otherwise the refusal to
  // end the call with (AccessRefusal), which the gate has audited.
  absl::StatusOr<auth::Principal> Admit(grpc::CallbackServerContext* context,
                                        absl::string_view method) const;
  // OK when the caller may call the scoring `method` and is still waiting
  // for its answer; otherwise the status to end the call with.
  grpc::Status AdmitScoring(grpc::CallbackServerContext* context,
                            absl::string_view method) const;

  PolicyHolder* policies_;
  Metrics* metrics_;
  AssessmentStore* store_;
  const auth::AccessGate* gate_;
  RpcCallers* callers_;
  std::function<absl::Time()> now_;
  DecisionMetrics decision_metrics_;
  WorkerPool stream_workers_;
  ArenaMessageAllocator<trustfit::v1::ScoreCandidateRequest,
                        trustfit::v1::ScoreCandidateResponse>
      score_allocator_;
  ArenaMessageAllocator<trustfit::v1::QuoteContributionRequest,
                        trustfit::v1::QuoteContributionResponse>
      quote_allocator_;
  // CreateAssessment's request and record, parsed and built by hand.
  ArenaMessageAllocator<trustfit::v1::CreateAssessmentRequest,
                        trustfit::v1::AssessmentRecord>
      create_messages_;
};

// The id of `name` when it is "{collection}/{id}" (16 lower-case hex digits
// at most); INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> ResourceId(absl::string_view name,
                                       absl::string_view collection,
                                       absl::string_view field);

// Who is asking, as records, decisions and events name them: with
// authentication on, the authenticated `caller` (never what the call says
// about itself); with it off, the x-trustfit-requester call metadata, or
// "anonymous".
std::string Requester(const grpc::CallbackServerContext& context,
                      const auth::Principal& caller);

// The first day of the month after `now`, in UTC.
google::type::Date FirstDayOfNextMonth(absl::Time now);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_TRUSTFIT_SERVICE_H_
