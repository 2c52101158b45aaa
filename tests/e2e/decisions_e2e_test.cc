// Decisions and arrangement events end to end: a server killed with SIGKILL
// while callers record decisions and phase changes has every acknowledged
// one after it restarts, on SQLite and on PostgreSQL.

#include <signal.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/error_details.h"
#include "gtest/gtest.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::testing {
namespace {

namespace v1 = ::trustfit::v1;

std::string Reason(const grpc::Status& status) {
  google::rpc::Status details;
  if (!grpc::ExtractErrorDetails(status, &details).ok()) return "";
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

v1::RecordDecisionRequest Decision(const std::string& assessment,
                                   bool approve) {
  v1::RecordDecisionRequest request;
  request.set_name(assessment);
  v1::Decision* d = request.mutable_decision();
  d->set_outcome(approve ? v1::DECISION_OUTCOME_APPROVED
                         : v1::DECISION_OUTCOME_DECLINED);
  d->mutable_decision_date()->set_year(2026);
  d->mutable_decision_date()->set_month(12);
  d->mutable_decision_date()->set_day(10);
  if (!approve)
    d->add_reasons()->set_code(v1::DECISION_REASON_CODE_PERFORMANCE);
  return request;
}

grpc::ClientContext* WithDeadline(grpc::ClientContext* context) {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(5));
  return context;
}

class DecisionCrashTest : public ::testing::TestWithParam<Backend> {};

TEST_P(DecisionCrashTest, EveryAcknowledgedDecisionAndEventSurvivesKill9) {
  ScratchStore scratch;
  const std::string url = scratch.Create(GetParam());
  TRUSTFIT_SKIP_WITHOUT_BACKEND(GetParam(), url);
  auto server = ServerProcess::Start({"--store=" + url});
  ASSERT_NE(server, nullptr);
  auto channel = grpc::CreateChannel(server->address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::TrustFitService::NewStub(channel);

  // Assessments to decide, made before the writers start.
  std::vector<std::string> assessments;
  v1::CreateAssessmentRequest create;
  *create.mutable_record()->mutable_candidate() =
      GoldenCandidate("strong_local");  // Integration, in phase 1.
  create.mutable_record()->set_cluster_id("north");
  for (int i = 0; i < 400; ++i) {
    v1::AssessmentRecord record;
    grpc::ClientContext context;
    ASSERT_TRUE(stub->CreateAssessment(&context, create, &record).ok());
    assessments.push_back(record.name());
  }

  std::mutex mu;
  std::set<std::string> declined;                 // Acknowledged.
  std::map<std::string, int> arrangement_events;  // Acknowledged events.
  std::atomic<size_t> next{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back([&] {
      auto writer = v1::TrustFitService::NewStub(channel);
      for (size_t i = next++; i < assessments.size(); i = next++) {
        const bool approve = i % 3 != 0;
        v1::RecordDecisionResponse response;
        grpc::ClientContext context;
        if (!writer
                 ->RecordDecision(WithDeadline(&context),
                                  Decision(assessments[i], approve), &response)
                 .ok()) {
          return;  // The server is gone.
        }
        {
          std::lock_guard<std::mutex> lock(mu);
          if (!approve) {
            declined.insert(assessments[i]);
            continue;
          }
          arrangement_events[response.arrangement().name()] = 1;
        }
        v1::AdvanceArrangementPhaseRequest advance;
        advance.set_name(response.arrangement().name());
        advance.set_governance_stage(v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED);
        advance.mutable_event_date()->set_year(2027);  // After the decision.
        advance.mutable_event_date()->set_month(1);
        advance.mutable_event_date()->set_day(15);
        v1::ArrangementRecord advanced;
        grpc::ClientContext step;
        if (!writer
                 ->AdvanceArrangementPhase(WithDeadline(&step), advance,
                                           &advanced)
                 .ok()) {
          return;
        }
        std::lock_guard<std::mutex> lock(mu);
        arrangement_events[advanced.name()] = advanced.events_size();
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(1500));
  server->Signal(SIGKILL);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(10)), 128 + SIGKILL);
  for (auto& w : writers) w.join();
  ASSERT_GT(arrangement_events.size(), 10u)
      << "too few writes before the kill to prove anything";
  ASSERT_GT(declined.size(), 5u);

  auto restarted = ServerProcess::Start({"--store=" + url});
  ASSERT_NE(restarted, nullptr);
  auto after = v1::TrustFitService::NewStub(grpc::CreateChannel(
      restarted->address(), grpc::InsecureChannelCredentials()));
  int lost = 0;
  for (const auto& [name, events] : arrangement_events) {
    v1::GetArrangementRequest get;
    get.set_name(name);
    v1::ArrangementRecord a;
    grpc::ClientContext context;
    if (!after->GetArrangement(&context, get, &a).ok() ||
        a.events_size() < events) {
      ++lost;
    }
  }
  EXPECT_EQ(lost, 0) << "of " << arrangement_events.size()
                     << " acknowledged arrangements";
  // A declined assessment stays decided: a second decision is refused.
  int undecided = 0;
  for (const std::string& name : declined) {
    v1::RecordDecisionResponse response;
    grpc::ClientContext context;
    const grpc::Status status =
        after->RecordDecision(&context, Decision(name, true), &response);
    if (Reason(status) != "ASSESSMENT_ALREADY_DECIDED") ++undecided;
  }
  EXPECT_EQ(undecided, 0) << "of " << declined.size()
                          << " acknowledged declines";
}

INSTANTIATE_TEST_SUITE_P(Backends, DecisionCrashTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace trustfit::testing
