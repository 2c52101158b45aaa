#include "client/report_commands.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "client/exit_codes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "tests/client/cout_capture.h"
#include "tests/client/fake_server.h"
#include "tests/client/temp_path.h"
#include "tests/scoring/test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::trustfit::client::testing::CoutCapture;
using ::trustfit::client::testing::FakeServer;
using ::trustfit::client::testing::TempPathForThisTest;
using ::trustfit::client::testing::UnreachableServer;

std::string TempPath(const std::string& name) {
  return TempPathForThisTest(name);
}

TEST(WriteOutput, WritesToOutForNoPathOrADash) {
  for (const char* path : {"", "-"}) {
    std::ostringstream out, err;
    EXPECT_EQ(WriteOutput(path, "<html>", out, err), kExitOk);
    EXPECT_EQ(out.str(), "<html>");
    EXPECT_EQ(err.str(), "");
  }
}

TEST(WriteOutput, WritesTheFileAndSaysWhere) {
  const std::string path = TempPath("report_commands_out.html");
  std::ostringstream out, err;
  EXPECT_EQ(WriteOutput(path, std::string("a\0b", 3), out, err), kExitOk);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(err.str(), "trustfit: wrote " + path + "\n");
  EXPECT_EQ(trustfit::testing::ReadFileOrDie(path), std::string("a\0b", 3));
}

TEST(WriteOutput, IsAUsageErrorWhenTheFileCannotBeWritten) {
  std::ostringstream out, err;
  EXPECT_EQ(WriteOutput("/nonexistent-dir/r.html", "x", out, err), kExitUsage);
  EXPECT_EQ(err.str(), "trustfit: cannot write /nonexistent-dir/r.html\n");
}

// Runs `line` through the subcommand `define` adds; returns its exit code.
template <typename Define>
int RunLine(Define define, const std::string& line,
            const GlobalOptions& global) {
  CLI::App app;
  const Subcommand subcommand = define(app);
  app.parse(line, false);
  return subcommand.run(global);
}

TEST(DefineReport, NeedsANameOrACandidateButNotBoth) {
  for (const char* line :
       {"report", "report assessments/1 --candidate school.json -c north"}) {
    CoutCapture capture;
    EXPECT_EQ(RunLine(DefineReport, line, UnreachableServer()), kExitUsage)
        << line;
    EXPECT_EQ(capture.err(),
              "trustfit: report: give a recorded assessment's NAME, or "
              "--candidate FILE and --cluster\n")
        << line;
  }
}

TEST(DefineReport, NeedsAClusterForACandidate) {
  CoutCapture capture;
  EXPECT_EQ(RunLine(DefineReport, "report --candidate school.json",
                    UnreachableServer()),
            kExitUsage);
  EXPECT_THAT(capture.err(), StartsWith("trustfit: report: --candidate needs "
                                        "--cluster"));
}

TEST(DefineReport, RejectsAClusterWithoutACandidateAndUnknownFormats) {
  for (const char* line :
       {"report assessments/1 --cluster north", "report x --format docx"}) {
    CLI::App app;
    // The subcommand owns its options: it must outlive the parse.
    const Subcommand subcommand = DefineReport(app);
    EXPECT_THROW(app.parse(line, false), CLI::ParseError) << line;
  }
}

TEST(DefineAgreement, RequiresANameAndTakesHtmlOrMarkdown) {
  for (const char* line : {"agreement", "agreement x --format pdf"}) {
    CLI::App app;
    DefineAgreement(app);
    EXPECT_THROW(app.parse(line, false), CLI::ParseError) << line;
  }
}

TEST(DefineReport, IsUnavailableWhenTheServerCannotBeReached) {
  CoutCapture capture;
  EXPECT_EQ(RunLine(DefineReport, "report assessments/1", UnreachableServer()),
            kExitUnavailable);
  EXPECT_EQ(capture.out(), "");
}

// The default policy, and a recorded assessment with no quote.
class FakeBoardPack : public v1::TrustFitService::Service {
 public:
  grpc::Status GetPolicy(grpc::ServerContext*, const v1::GetPolicyRequest*,
                         v1::GetPolicyResponse* response) override {
    *response->mutable_policy() = scoring::Policy::Default().proto();
    return grpc::Status::OK;
  }
  grpc::Status GetAssessment(grpc::ServerContext*,
                             const v1::GetAssessmentRequest* request,
                             v1::AssessmentRecord* record) override {
    absl::MutexLock lock(&mu);
    asked.push_back(request->name());
    record->set_name(request->name());
    record->set_cluster_id("north");
    return grpc::Status::OK;
  }
  grpc::Status FindImprovementPath(
      grpc::ServerContext*, const v1::FindImprovementPathRequest* request,
      v1::ImprovementPath*) override {
    absl::MutexLock lock(&mu);
    path_clusters.push_back(request->cluster_id());
    return grpc::Status::OK;
  }
  absl::Mutex mu;
  std::vector<std::string> asked;
  std::vector<std::string> path_clusters;
};

TEST(DefineAgreement, IsARejectionWithAHintWhenTheRecordHasNoQuote) {
  FakeBoardPack service;
  FakeServer server(&service);
  CoutCapture capture;
  EXPECT_EQ(RunLine(DefineAgreement, "agreement 0190a3c4", server.global()),
            kExitRejected);
  EXPECT_THAT(service.asked, ::testing::ElementsAre("assessments/0190a3c4"));
  // The path is sought against the cluster the record was assessed against.
  EXPECT_THAT(service.path_clusters, ::testing::ElementsAre("north"));
  EXPECT_THAT(capture.err(),
              StartsWith("trustfit: no agreement for assessments/0190a3c4: "));
  EXPECT_THAT(capture.err(),
              HasSubstr("(an agreement needs a quote: record one with "
                        "`trustfit assess --arrangement ...`)\n"));
  EXPECT_EQ(capture.out(), "");
}

TEST(WriteTrajectoryReport, IsUnavailableWithoutAServer) {
  std::ostringstream err;
  EXPECT_EQ(WriteTrajectoryReport(UnreachableServer(), {},
                                  TempPath("trajectory.svg"), err),
            kExitUnavailable);
  EXPECT_THAT(err.str(), HasSubstr("cannot use the server"));
}

}  // namespace
}  // namespace trustfit::client
