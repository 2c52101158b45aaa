#include "client/plan.h"

#include <fstream>
#include <sstream>
#include <string>

#include "client/exit_codes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/client/fake_server.h"
#include "tests/client/temp_path.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;
using ::trustfit::client::testing::FakeServer;
using ::trustfit::client::testing::TempPathForThisTest;

v1::ImprovementPath TwoChangePath() {
  v1::ImprovementPath path;
  path.set_from_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  path.set_from_provisional(true);
  path.set_overall_now(2.4);
  path.set_target_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  path.set_reachable(true);
  v1::InputChange* first = path.add_changes();
  first->set_field("leadership.headteacher_status");
  first->set_value_now("interim");
  first->set_value_needed("substantive");
  first->set_points_gained(0.25);
  first->set_explanation("Appoint a substantive head.");
  v1::InputChange* second = path.add_changes();
  second->set_field("governance.stage");
  second->set_value_now("exploring");
  second->set_value_needed("governors-resolved");
  second->set_explanation("Governors resolve to join.");
  path.set_arrangement_after(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  path.set_overall_after(3.126);
  path.set_rule_after("integration");
  path.set_evaluations(42);
  path.set_max_changes(3);
  path.mutable_policy()->set_name("north");
  path.mutable_policy()->set_version("2026.1");
  return path;
}

TEST(PrintImprovementPath, ListsEachChangeInOrderWithPointsAndTheOutcome) {
  std::ostringstream out;
  PrintImprovementPath(out, TwoChangePath());
  EXPECT_EQ(out.str(),
            "Now: trust-partnership (provisional), overall 2.40\n"
            "Target: associate-integration\n"
            "\nChanges, in the order to make them:\n"
            "  1. leadership.headteacher_status: interim -> substantive"
            "  (+0.25 points)\n"
            "     Appoint a substantive head.\n"
            "  2. governance.stage: exploring -> governors-resolved\n"
            "     Governors resolve to join.\n"
            "\nWith these 2 changes: associate-integration, overall 3.13"
            "  [integration]\n"
            "(searched 42 candidates, at most 3 changes; policy north "
            "2026.1)\n");
}

TEST(PrintImprovementPath, SaysThisChangeForASingleChange) {
  v1::ImprovementPath path = TwoChangePath();
  path.mutable_changes()->RemoveLast();
  path.set_after_is_provisional(true);
  std::ostringstream out;
  PrintImprovementPath(out, path);
  EXPECT_THAT(out.str(),
              HasSubstr("\nWith this change: associate-integration "
                        "(provisional), overall 3.13  [integration]\n"));
  EXPECT_THAT(out.str(), Not(HasSubstr("2. ")));
}

TEST(PrintImprovementPath, ShowsNegativePointsWithTheirSign) {
  v1::ImprovementPath path = TwoChangePath();
  path.mutable_changes(0)->set_points_gained(-0.5);
  std::ostringstream out;
  PrintImprovementPath(out, path);
  EXPECT_THAT(out.str(), HasSubstr("(-0.50 points)"));
}

TEST(PrintImprovementPath, SaysAlreadyThereWhenNoChangeIsNeeded) {
  v1::ImprovementPath path;
  path.set_from_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  path.set_overall_now(3.5);
  path.set_target_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  path.set_reachable(true);
  std::ostringstream out;
  PrintImprovementPath(out, path);
  EXPECT_EQ(out.str(),
            "Now: associate-integration, overall 3.50\n"
            "Target: associate-integration\n"
            "\nAlready there: no change needed.\n");
}

TEST(PrintImprovementPath, ListsBlockersWhenTheTargetIsUnreachable) {
  v1::ImprovementPath path = TwoChangePath();
  path.set_reachable(false);
  v1::PathBlocker* blocker = path.add_blockers();
  blocker->set_code("SAFEGUARDING_INEFFECTIVE");
  blocker->set_explanation("Safeguarding is not effective.");
  std::ostringstream out;
  PrintImprovementPath(out, path);
  EXPECT_THAT(out.str(),
              HasSubstr("\nNot reachable by changing what the school or trust "
                        "can act on.\nBlocked by:\n"
                        "  SAFEGUARDING_INEFFECTIVE: Safeguarding is not "
                        "effective.\n"));
  // An unreachable path lists no changes, even if the message carried some.
  EXPECT_THAT(out.str(), Not(HasSubstr("Changes, in the order")));
}

// Answers FindImprovementPath with TwoChangePath(), keeping the request.
class FakePathService : public v1::TrustFitService::Service {
 public:
  grpc::Status FindImprovementPath(
      grpc::ServerContext*, const v1::FindImprovementPathRequest* request,
      v1::ImprovementPath* path) override {
    last_request = *request;
    if (request->cluster_id() == "atlantis") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no cluster atlantis");
    }
    *path = TwoChangePath();
    return grpc::Status::OK;
  }
  v1::FindImprovementPathRequest last_request;
};

std::string WriteCandidateFile(const std::string& name) {
  const std::string path = TempPathForThisTest(name);
  std::ofstream(path) << R"({"identity": {"urn": "108057", "name": "Oak"}})";
  return path;
}

class RunPlanTest : public ::testing::Test {
 protected:
  FakePathService service_;
  FakeServer server_{&service_};
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(RunPlanTest, SendsTheCandidateClusterAndTargetAndPrintsThePath) {
  PlanOptions options;
  options.input = WriteCandidateFile("plan_candidate.json");
  options.cluster = "north";
  options.target = "associate-integration";
  EXPECT_EQ(RunPlan(server_.global(), options, out_, err_), kExitOk)
      << err_.str();
  EXPECT_EQ(service_.last_request.candidate().identity().urn(), "108057");
  EXPECT_EQ(service_.last_request.cluster_id(), "north");
  EXPECT_EQ(service_.last_request.target_arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_THAT(out_.str(), HasSubstr("Target: associate-integration\n"));
  EXPECT_EQ(err_.str(), "");
}

TEST_F(RunPlanTest, LeavesTheTargetUnsetWhenNoneIsGiven) {
  PlanOptions options;
  options.input = WriteCandidateFile("plan_candidate.json");
  options.cluster = "north";
  ASSERT_EQ(RunPlan(server_.global(), options, out_, err_), kExitOk);
  EXPECT_EQ(service_.last_request.target_arrangement(),
            v1::ARRANGEMENT_UNSPECIFIED);
}

TEST_F(RunPlanTest, PrintsThePathAsJsonForJsonAndCsvOutput) {
  PlanOptions options;
  options.input = WriteCandidateFile("plan_candidate.json");
  options.cluster = "north";
  for (OutputFormat format : {OutputFormat::kJson, OutputFormat::kCsv}) {
    std::ostringstream out;
    ASSERT_EQ(RunPlan(server_.global(format), options, out, err_), kExitOk);
    const nlohmann::json json = nlohmann::json::parse(out.str());
    EXPECT_EQ(json["target_arrangement"], "ARRANGEMENT_ASSOCIATE_INTEGRATION");
    EXPECT_EQ(json["changes"].size(), 2u);
    EXPECT_EQ(json["evaluations"], 42);
  }
}

TEST_F(RunPlanTest, RejectsAnUnknownTargetBeforeCallingTheServer) {
  PlanOptions options;
  options.input = WriteCandidateFile("plan_candidate.json");
  options.cluster = "north";
  options.target = "sponsorship";
  EXPECT_EQ(RunPlan(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("trustfit: --target: "));
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(service_.last_request.cluster_id(), "");
}

TEST_F(RunPlanTest, IsAUsageErrorWhenTheCandidateFileCannotBeRead) {
  PlanOptions options;
  options.input = TempPathForThisTest("no_such_candidate.json");
  options.cluster = "north";
  EXPECT_EQ(RunPlan(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("no_such_candidate.json"));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(RunPlanTest, IsARejectionWhenTheServerDoesNotKnowTheCluster) {
  PlanOptions options;
  options.input = WriteCandidateFile("plan_candidate.json");
  options.cluster = "atlantis";
  EXPECT_EQ(RunPlan(server_.global(), options, out_, err_), kExitRejected);
  EXPECT_THAT(err_.str(), HasSubstr("no cluster atlantis"));
  EXPECT_EQ(out_.str(), "");
}

TEST(RunPlan, IsUnavailableWhenNoServerListens) {
  PlanOptions options;
  options.input = WriteCandidateFile("plan_unreachable.json");
  options.cluster = "north";
  std::ostringstream out, err;
  EXPECT_EQ(RunPlan(testing::UnreachableServer(), options, out, err),
            kExitUnavailable);
  EXPECT_EQ(out.str(), "");
}

TEST(DefinePlan, TakesTheAliasAndRequiresACluster) {
  CLI::App app;
  const Subcommand plan = DefinePlan(app);
  ASSERT_NE(plan.command, nullptr);
  EXPECT_EQ(plan.command->get_name(), "plan");
  EXPECT_THAT(plan.command->get_aliases(),
              ::testing::ElementsAre("what-would-it-take"));
  EXPECT_THROW(app.parse("plan school.json", false), CLI::RequiredError);
}

}  // namespace
}  // namespace trustfit::client
