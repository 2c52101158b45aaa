// Recorded assessments end to end: a server killed with SIGKILL in the
// middle of a stream of creates has every acknowledged record after it
// restarts, on SQLite and on PostgreSQL.

#include <signal.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::testing {
namespace {

namespace v1 = ::trustfit::v1;

class CrashTest : public ::testing::TestWithParam<Backend> {};

TEST_P(CrashTest, EveryAcknowledgedRecordSurvivesKillMinusNine) {
  ScratchStore scratch;
  const std::string url = scratch.Create(GetParam());
  TRUSTFIT_SKIP_WITHOUT_BACKEND(GetParam(), url);
  auto server = ServerProcess::Start({"--store=" + url});
  ASSERT_NE(server, nullptr);

  std::mutex mu;
  std::set<std::string> acknowledged;  // Names the server confirmed.
  std::atomic<int> attempts{0};
  std::atomic<bool> stop{false};
  auto channel = grpc::CreateChannel(server->address(),
                                     grpc::InsecureChannelCredentials());
  std::vector<std::thread> writers;
  for (int t = 0; t < 8; ++t) {
    writers.emplace_back([&, t] {
      auto stub = v1::TrustFitService::NewStub(channel);
      v1::CreateAssessmentRequest request;
      *request.mutable_record()->mutable_candidate() =
          GoldenCandidate("coasting");
      request.mutable_record()->set_cluster_id("north");
      for (int i = 0; !stop; ++i) {
        request.set_request_id(absl::StrCat("writer-", t, "-", i));
        ++attempts;
        v1::AssessmentRecord created;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(5));
        if (stub->CreateAssessment(&context, request, &created).ok()) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.insert(created.name());
        } else {
          return;  // The server is gone.
        }
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(1500));
  server->Signal(SIGKILL);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(10)), 128 + SIGKILL);
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_GT(acknowledged.size(), 20u)
      << "too few writes before the kill to prove anything";

  // A new server on the same store has every acknowledged record.
  auto restarted = ServerProcess::Start({"--store=" + url});
  ASSERT_NE(restarted, nullptr);
  auto stub = v1::TrustFitService::NewStub(grpc::CreateChannel(
      restarted->address(), grpc::InsecureChannelCredentials()));
  int missing = 0;
  for (const std::string& name : acknowledged) {
    v1::GetAssessmentRequest get;
    get.set_name(name);
    v1::AssessmentRecord record;
    grpc::ClientContext context;
    if (!stub->GetAssessment(&context, get, &record).ok()) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size()
                        << " acknowledged records";
  // Nothing was recorded that was not asked for.
  v1::ListAssessmentsRequest list;
  list.set_page_size(100);
  int stored = 0;
  for (;;) {
    v1::ListAssessmentsResponse page;
    grpc::ClientContext context;
    const grpc::Status listed = stub->ListAssessments(&context, list, &page);
    ASSERT_TRUE(listed.ok()) << listed.error_message();
    stored += page.assessments_size();
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_GE(stored, static_cast<int>(acknowledged.size()));
  EXPECT_LE(stored, attempts.load());
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace trustfit::testing
