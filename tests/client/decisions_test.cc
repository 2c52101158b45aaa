#include "client/decisions.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "client/exit_codes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/client/cout_capture.h"
#include "tests/client/fake_server.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::trustfit::client::testing::CoutCapture;
using ::trustfit::client::testing::FakeServer;

DecideOptions Approval() {
  DecideOptions options;
  options.assessment = "7f3c9a1e5b2d4c60";
  options.outcome = "approved";
  options.date = "2026-12-10";
  return options;
}

std::string RequestError(const DecideOptions& options) {
  absl::StatusOr<v1::RecordDecisionRequest> request =
      MakeDecisionRequest(options);
  EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(request.status().message());
}

TEST(ParseDate, ReadsAnIsoDay) {
  absl::StatusOr<google::type::Date> date = ParseDate("2026-12-10", "--date");
  ASSERT_TRUE(date.ok()) << date.status();
  EXPECT_EQ(date->year(), 2026);
  EXPECT_EQ(date->month(), 12);
  EXPECT_EQ(date->day(), 10);
}

TEST(ParseDate, RejectsOtherFormsAndImpossibleDaysNamingTheOption) {
  for (const char* text :
       {"10/12/2026", "2026-12-1", "2026-02-30", "2026-13-01", "", "today"}) {
    absl::StatusOr<google::type::Date> date = ParseDate(text, "--start");
    EXPECT_EQ(date.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(date.status().message(),
              absl::StrCat("--start: not a date: \"", text, "\" (YYYY-MM-DD)"));
  }
}

TEST(MakeDecisionRequest, NamesTheAssessmentAndCarriesTheDecision) {
  DecideOptions options = Approval();
  options.meeting = "Board 2026/12 item 4";
  options.request_id = "r1";
  absl::StatusOr<v1::RecordDecisionRequest> request =
      MakeDecisionRequest(options);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "assessments/7f3c9a1e5b2d4c60");
  EXPECT_EQ(request->request_id(), "r1");
  const v1::Decision& d = request->decision();
  EXPECT_EQ(d.outcome(), v1::DECISION_OUTCOME_APPROVED);
  EXPECT_EQ(d.decision_date().year(), 2026);
  EXPECT_EQ(d.decision_date().day(), 10);
  EXPECT_EQ(d.meeting_reference(), "Board 2026/12 item 4");
  EXPECT_EQ(d.arrangement_type(), v1::ARRANGEMENT_UNSPECIFIED);
  EXPECT_FALSE(d.has_start_date());
}

TEST(MakeDecisionRequest, KeepsAFullAssessmentName) {
  DecideOptions options = Approval();
  options.assessment = "assessments/abc";
  EXPECT_EQ(MakeDecisionRequest(options)->name(), "assessments/abc");
}

TEST(MakeDecisionRequest, RejectsAnUnknownOrUnspecifiedOutcome) {
  DecideOptions options = Approval();
  options.outcome = "maybe";
  EXPECT_EQ(RequestError(options),
            "--outcome: unknown value \"maybe\" (approved, declined, "
            "deferred, withdrawn)");
  options.outcome = "unspecified";
  EXPECT_THAT(RequestError(options), StartsWith("--outcome: unknown value"));
}

TEST(MakeDecisionRequest, ReadsOutcomesInAnySpelling) {
  DecideOptions options = Approval();
  for (const char* text :
       {"deferred", "DEFERRED", "DECISION_OUTCOME_DEFERRED"}) {
    options.outcome = text;
    EXPECT_EQ(MakeDecisionRequest(options)->decision().outcome(),
              v1::DECISION_OUTCOME_DEFERRED)
        << text;
  }
}

TEST(MakeDecisionRequest, RequiresTheDecisionDate) {
  DecideOptions options = Approval();
  options.date = "";
  EXPECT_EQ(RequestError(options), "--date: not a date: \"\" (YYYY-MM-DD)");
}

TEST(MakeDecisionRequest, ReadsReasonsWithOptionalTrimmedNotes) {
  DecideOptions options = Approval();
  options.outcome = "deferred";
  options.reasons = {"finance: Recovery plan: not yet agreed ",
                     "choice-of-trust"};
  absl::StatusOr<v1::RecordDecisionRequest> request =
      MakeDecisionRequest(options);
  ASSERT_TRUE(request.ok()) << request.status();
  ASSERT_EQ(request->decision().reasons_size(), 2);
  EXPECT_EQ(request->decision().reasons(0).code(),
            v1::DECISION_REASON_CODE_FINANCE);
  // Only the first colon separates: the note may hold more.
  EXPECT_EQ(request->decision().reasons(0).note(),
            "Recovery plan: not yet agreed");
  EXPECT_EQ(request->decision().reasons(1).code(),
            v1::DECISION_REASON_CODE_CHOICE_OF_TRUST);
  EXPECT_EQ(request->decision().reasons(1).note(), "");
}

TEST(MakeDecisionRequest, RejectsAnUnknownReason) {
  DecideOptions options = Approval();
  options.reasons = {"weather:rain"};
  EXPECT_THAT(RequestError(options),
              StartsWith("--reason: unknown value \"weather\" (finance, "));
}

TEST(MakeDecisionRequest, TakesAConditionCodeOnlyWhenItLooksLikeOne) {
  DecideOptions options = Approval();
  options.conditions = {"CLUSTER_CAPACITY_REQUIRED=Add 15 days",
                        "Reserves = positive by March", "=no code",
                        "Plain condition"};
  absl::StatusOr<v1::RecordDecisionRequest> request =
      MakeDecisionRequest(options);
  ASSERT_TRUE(request.ok()) << request.status();
  const auto& c = request->decision().conditions();
  ASSERT_EQ(c.size(), 4);
  EXPECT_EQ(c[0].code(), "CLUSTER_CAPACITY_REQUIRED");
  EXPECT_EQ(c[0].description(), "Add 15 days");
  EXPECT_EQ(c[1].code(), "");
  EXPECT_EQ(c[1].description(), "Reserves = positive by March");
  EXPECT_EQ(c[2].code(), "");
  EXPECT_EQ(c[2].description(), "=no code");
  EXPECT_EQ(c[3].code(), "");
  EXPECT_EQ(c[3].description(), "Plain condition");
}

TEST(MakeDecisionRequest, SetsTheAgreedArrangementAndStart) {
  DecideOptions options = Approval();
  options.arrangement = "associate-strategic";
  options.start = "2027-01-01";
  absl::StatusOr<v1::RecordDecisionRequest> request =
      MakeDecisionRequest(options);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->decision().arrangement_type(),
            v1::ARRANGEMENT_ASSOCIATE_STRATEGIC);
  EXPECT_EQ(request->decision().start_date().year(), 2027);
  EXPECT_EQ(request->decision().start_date().month(), 1);
  options.start = "2027-1-1";
  EXPECT_EQ(RequestError(options),
            "--start: not a date: \"2027-1-1\" (YYYY-MM-DD)");
  options.start = "";
  options.arrangement = "sponsorship";
  EXPECT_FALSE(MakeDecisionRequest(options).ok());
}

v1::ArrangementRecord Arrangement(int i) {
  v1::ArrangementRecord a;
  a.set_name(absl::StrCat("arrangements/", 500 + i));
  a.set_urn("108057");
  a.set_school_name("Oak Academy");
  a.set_cluster_id("north");
  a.set_arrangement_type(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  a.set_state(v1::ARRANGEMENT_STATE_ACTIVE);
  return a;
}

class FakeDecisions : public v1::TrustFitService::Service {
 public:
  grpc::Status RecordDecision(grpc::ServerContext* context,
                              const v1::RecordDecisionRequest* request,
                              v1::RecordDecisionResponse* response) override {
    absl::MutexLock lock(&mu);
    decisions.push_back(*request);
    Remember(*context);
    if (request->decision().outcome() == v1::DECISION_OUTCOME_WITHDRAWN) {
      return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                          "assessment already decided");
    }
    *response->mutable_decision() = request->decision();
    if (request->decision().outcome() == v1::DECISION_OUTCOME_APPROVED) {
      *response->mutable_arrangement() = Arrangement(1);
    }
    return grpc::Status::OK;
  }

  grpc::Status ListArrangements(grpc::ServerContext*,
                                const v1::ListArrangementsRequest* request,
                                v1::ListArrangementsResponse* page) override {
    absl::MutexLock lock(&mu);
    lists.push_back(*request);
    int start = 0;
    if (!request->page_token().empty()) {
      (void)absl::SimpleAtoi(request->page_token(), &start);
    }
    const int end = std::min<int>(start + request->page_size(), stored);
    for (int i = start; i < end; ++i)
      *page->add_arrangements() = Arrangement(i);
    if (end < stored) page->set_next_page_token(absl::StrCat(end));
    return grpc::Status::OK;
  }

  grpc::Status AdvanceArrangementPhase(
      grpc::ServerContext* context,
      const v1::AdvanceArrangementPhaseRequest* request,
      v1::ArrangementRecord* arrangement) override {
    absl::MutexLock lock(&mu);
    advances.push_back(*request);
    Remember(*context);
    *arrangement = Arrangement(1);
    arrangement->set_name(request->name());
    return grpc::Status::OK;
  }

  void Remember(const grpc::ServerContext& context) {
    auto it = context.client_metadata().find("x-trustfit-requester");
    if (it != context.client_metadata().end()) {
      requesters.emplace_back(it->second.data(), it->second.size());
    }
  }

  absl::Mutex mu;
  int stored = 3;
  std::vector<v1::RecordDecisionRequest> decisions;
  std::vector<v1::ListArrangementsRequest> lists;
  std::vector<v1::AdvanceArrangementPhaseRequest> advances;
  std::vector<std::string> requesters;
};

class DecisionsTest : public ::testing::Test {
 protected:
  FakeDecisions service_;
  FakeServer server_{&service_};
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(DecisionsTest, DecideIsAUsageErrorBeforeAnyCallForBadOptions) {
  DecideOptions options = Approval();
  options.date = "10 December";
  EXPECT_EQ(RunDecide(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_EQ(err_.str(),
            "trustfit: --date: not a date: \"10 December\" (YYYY-MM-DD)\n");
  EXPECT_TRUE(service_.decisions.empty());
}

TEST_F(DecisionsTest, DecideSendsTheRequesterAndPrintsDecisionAndArrangement) {
  DecideOptions options = Approval();
  options.requester = "board-clerk";
  ASSERT_EQ(RunDecide(server_.global(), options, out_, err_), kExitOk)
      << err_.str();
  ASSERT_EQ(service_.decisions.size(), 1u);
  EXPECT_THAT(service_.requesters, ElementsAre("board-clerk"));
  EXPECT_THAT(out_.str(), HasSubstr("arrangements/501"));
}

TEST_F(DecisionsTest, DecidePrintsTheResponseAsJson) {
  ASSERT_EQ(
      RunDecide(server_.global(OutputFormat::kJson), Approval(), out_, err_),
      kExitOk);
  const nlohmann::json json = nlohmann::json::parse(out_.str());
  EXPECT_EQ(json["decision"]["outcome"], "DECISION_OUTCOME_APPROVED");
  EXPECT_EQ(json["arrangement"]["name"], "arrangements/501");
}

TEST_F(DecisionsTest, DecideIsARejectionWhenTheServerRefuses) {
  DecideOptions options = Approval();
  options.outcome = "withdrawn";
  EXPECT_EQ(RunDecide(server_.global(), options, out_, err_), kExitRejected);
  EXPECT_THAT(err_.str(), HasSubstr("assessment already decided"));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(DecisionsTest, ListArrangementsPagesUpToTheLimit) {
  service_.stored = 230;
  v1::ListArrangementsRequest request;
  request.set_cluster_id("north");
  ASSERT_EQ(RunListArrangements(server_.global(OutputFormat::kJson), request,
                                120, out_, err_),
            kExitOk);
  ASSERT_EQ(service_.lists.size(), 2u);
  EXPECT_EQ(service_.lists[0].page_size(), 100);
  EXPECT_EQ(service_.lists[1].page_size(), 20);
  EXPECT_EQ(service_.lists[1].page_token(), "100");
  EXPECT_EQ(service_.lists[1].cluster_id(), "north");
  const std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 120u);
}

TEST_F(DecisionsTest, ListArrangementsWritesCsvWithAHeader) {
  ASSERT_EQ(RunListArrangements(server_.global(OutputFormat::kCsv),
                                v1::ListArrangementsRequest(), 0, out_, err_),
            kExitOk);
  const std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0],
            "name,urn,school,cluster_id,arrangement,phase,state,start_date,"
            "term_end_date,next_review,committed_days,latest_assessment");
  EXPECT_THAT(lines[1], StartsWith("arrangements/500,108057,Oak Academy,north,"
                                   "associate-integration,"));
}

TEST_F(DecisionsTest, ListArrangementsLaysOutATable) {
  ASSERT_EQ(RunListArrangements(server_.global(), v1::ListArrangementsRequest(),
                                50, out_, err_),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("arrangements/502"));
  EXPECT_EQ(service_.lists.size(), 1u);
  EXPECT_EQ(service_.lists[0].page_size(), 50);
}

TEST_F(DecisionsTest, AdvanceNamesTheArrangementAndParsesTheStage) {
  CLI::App app;
  CLI::App* arrangements = app.add_subcommand("arrangements");
  const Subcommand advance = DefineArrangementsAdvance(*arrangements);
  app.parse(
      "arrangements advance 3f9c --date 2027-03-01 --requester rd "
      "--governance-stage converted",
      false);
  CoutCapture capture;
  ASSERT_EQ(advance.run(server_.global()), kExitOk) << capture.err();
  ASSERT_EQ(service_.advances.size(), 1u);
  const v1::AdvanceArrangementPhaseRequest& sent = service_.advances[0];
  EXPECT_EQ(sent.name(), "arrangements/3f9c");
  EXPECT_EQ(sent.governance_stage(), v1::GOVERNANCE_STAGE_CONVERTED);
  EXPECT_EQ(sent.event_date().year(), 2027);
  EXPECT_EQ(sent.event_date().month(), 3);
  EXPECT_THAT(service_.requesters, ElementsAre("rd"));
  EXPECT_THAT(capture.out(), HasSubstr("arrangements/3f9c"));
}

TEST_F(DecisionsTest, AdvanceRejectsAnUnknownStageWithoutCalling) {
  CLI::App app;
  const Subcommand advance = DefineArrangementsAdvance(app);
  app.parse("advance 3f9c --governance-stage done", false);
  CoutCapture capture;
  EXPECT_EQ(advance.run(server_.global()), kExitUsage);
  EXPECT_THAT(capture.err(),
              StartsWith("trustfit: --governance-stage: unknown value "
                         "\"done\""));
  EXPECT_TRUE(service_.advances.empty());
}

TEST(DefineDecide, RequiresTheAssessmentOutcomeAndDate) {
  for (const char* line :
       {"decide --outcome approved --date 2026-12-10",
        "decide abc --date 2026-12-10", "decide abc --outcome approved"}) {
    CLI::App app;
    // The subcommand owns its options: it must outlive the parse.
    const Subcommand subcommand = DefineDecide(app);
    EXPECT_THROW(app.parse(line, false), CLI::RequiredError) << line;
  }
}

}  // namespace
}  // namespace trustfit::client
