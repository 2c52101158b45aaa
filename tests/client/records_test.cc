#include "client/records.h"

#include <stdlib.h>

#include <fstream>
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
#include "tests/client/fake_server.h"
#include "tests/client/temp_path.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using ::trustfit::client::testing::FakeServer;
using ::trustfit::client::testing::TempPathForThisTest;

constexpr int64_t kNov1 = 1793491200;  // 2026-11-01T00:00:00Z.

// Record `i` of a school's history: newer records have higher scores.
v1::AssessmentRecord Record(int i) {
  v1::AssessmentRecord r;
  r.set_name(absl::StrCat("assessments/", 1000 + i));
  r.set_cluster_id("north");
  r.set_requester("alice");
  r.mutable_create_time()->set_seconds(kNov1 + 86400 * i + 34200);
  v1::Assessment* a = r.mutable_assessment();
  a->set_urn("108057");
  a->set_name("Oak Academy");
  a->set_overall_score(60 + i);
  a->mutable_recommendation()->set_arrangement(
      v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  v1::CriterionResult* standards = a->add_criteria();
  standards->set_criterion(v1::CRITERION_STANDARDS);
  standards->set_score(50 + 2 * i);
  a->add_criteria()->set_criterion(v1::CRITERION_LEADERSHIP);
  return r;
}

// Serves `records` newest first, a page at a time, and remembers what it
// was asked.
class FakeRecords : public v1::TrustFitService::Service {
 public:
  grpc::Status CreateAssessment(grpc::ServerContext* context,
                                const v1::CreateAssessmentRequest* request,
                                v1::AssessmentRecord* record) override {
    absl::MutexLock lock(&mu);
    created.push_back(*request);
    auto requester = context->client_metadata().find("x-trustfit-requester");
    if (requester != context->client_metadata().end()) {
      requesters.emplace_back(requester->second.data(),
                              requester->second.size());
    }
    *record = Record(7);
    return grpc::Status::OK;
  }

  grpc::Status GetAssessment(grpc::ServerContext*,
                             const v1::GetAssessmentRequest* request,
                             v1::AssessmentRecord* record) override {
    absl::MutexLock lock(&mu);
    got.push_back(request->name());
    if (request->name() == "assessments/missing") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such record");
    }
    *record = Record(7);
    record->set_name(request->name());
    record->set_auth_method("jwt");
    record->set_on_behalf_of("bob");
    record->set_peer("ipv4:10.0.0.1");
    record->set_note("after the visit");
    return grpc::Status::OK;
  }

  grpc::Status ListAssessments(grpc::ServerContext*,
                               const v1::ListAssessmentsRequest* request,
                               v1::ListAssessmentsResponse* page) override {
    absl::MutexLock lock(&mu);
    lists.push_back(*request);
    int start = 0;
    if (!request->page_token().empty() &&
        !absl::SimpleAtoi(request->page_token(), &start)) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad token");
    }
    const int end = std::min<int>(start + request->page_size(), stored);
    for (int i = start; i < end; ++i) {
      *page->add_assessments() = Record(stored - 1 - i);  // Newest first.
    }
    if (end < stored) page->set_next_page_token(absl::StrCat(end));
    return grpc::Status::OK;
  }

  absl::Mutex mu;
  int stored = 3;
  std::vector<v1::CreateAssessmentRequest> created;
  std::vector<std::string> requesters;
  std::vector<std::string> got;
  std::vector<v1::ListAssessmentsRequest> lists;
};

std::string WriteCandidateFile() {
  const std::string path = TempPathForThisTest("candidate.json");
  std::ofstream(path) << R"({"identity": {"urn": "108057"}})";
  return path;
}

class RecordsTest : public ::testing::Test {
 protected:
  FakeRecords service_;
  FakeServer server_{&service_};
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(RecordsTest, AssessNeedsAClusterBeforeAnythingElse) {
  AssessOptions options;
  options.quote.input = WriteCandidateFile();
  EXPECT_EQ(RunAssess(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_EQ(err_.str(), "trustfit: --cluster is required\n");
  EXPECT_TRUE(service_.created.empty());
}

TEST_F(RecordsTest, AssessRejectsAnUnknownArrangementWithoutCalling) {
  AssessOptions options;
  options.quote.input = WriteCandidateFile();
  options.quote.cluster = "north";
  options.quote.arrangement = "sponsorship";
  EXPECT_EQ(RunAssess(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_THAT(err_.str(), StartsWith("trustfit: "));
  EXPECT_TRUE(service_.created.empty());
}

TEST_F(RecordsTest, AssessPrintsOnlyTheNameAndSaysWhatWasRecordedOnErr) {
  AssessOptions options;
  options.quote.input = WriteCandidateFile();
  options.quote.cluster = "north";
  options.note = "first look";
  options.request_id = "req-1";
  options.requester = "carol@example";
  // JSON chosen only because stdout is not a terminal still prints the name.
  ASSERT_EQ(RunAssess(server_.global(OutputFormat::kJson), options, out_, err_),
            kExitOk)
      << err_.str();
  EXPECT_EQ(out_.str(), "assessments/1007\n");
  EXPECT_EQ(err_.str(),
            "trustfit: recorded Oak Academy: trust-partnership, overall "
            "67.00\n");
  ASSERT_EQ(service_.created.size(), 1u);
  const v1::CreateAssessmentRequest& sent = service_.created[0];
  EXPECT_EQ(sent.request_id(), "req-1");
  EXPECT_EQ(sent.record().cluster_id(), "north");
  EXPECT_EQ(sent.record().note(), "first look");
  EXPECT_EQ(sent.record().candidate().identity().urn(), "108057");
  EXPECT_FALSE(sent.record().has_quote_spec());
  EXPECT_THAT(service_.requesters, ElementsAre("carol@example"));
}

TEST_F(RecordsTest, AssessPrintsTheRecordAsJsonWhenAskedFor) {
  AssessOptions options;
  options.quote.input = WriteCandidateFile();
  options.quote.cluster = "north";
  options.quote.arrangement = "trust-partnership";
  GlobalOptions global = server_.global(OutputFormat::kJson);
  global.output_explicit = true;
  ASSERT_EQ(RunAssess(global, options, out_, err_), kExitOk) << err_.str();
  const nlohmann::json json = nlohmann::json::parse(out_.str());
  EXPECT_EQ(json["name"], "assessments/1007");
  EXPECT_EQ(err_.str(), "");
  ASSERT_EQ(service_.created.size(), 1u);
  EXPECT_EQ(service_.created[0].record().quote_spec().arrangement(),
            v1::ARRANGEMENT_TRUST_PARTNERSHIP);
}

TEST(DefaultRequester, IsTrustfitRequesterWhenSet) {
  ASSERT_EQ(setenv("TRUSTFIT_REQUESTER", "dana@trust", 1), 0);
  EXPECT_EQ(DefaultRequester(), "dana@trust");
  ASSERT_EQ(setenv("TRUSTFIT_REQUESTER", "", 1), 0);
  ASSERT_EQ(setenv("USER", "erin", 1), 0);
  EXPECT_THAT(DefaultRequester(), StartsWith("erin@"));
  unsetenv("TRUSTFIT_REQUESTER");
}

TEST_F(RecordsTest, GetRecordAcceptsABareIdOrTheFullName) {
  v1::AssessmentRecord record;
  EXPECT_EQ(GetRecord(server_.global(), "1007", &record, err_), kExitOk);
  EXPECT_EQ(GetRecord(server_.global(), "assessments/1008", &record, err_),
            kExitOk);
  EXPECT_THAT(service_.got,
              ElementsAre("assessments/1007", "assessments/1008"));
  EXPECT_EQ(record.name(), "assessments/1008");
}

TEST_F(RecordsTest, GetIsARejectionForAnUnknownRecord) {
  EXPECT_EQ(RunGet(server_.global(), "missing", out_, err_), kExitRejected);
  EXPECT_THAT(err_.str(), HasSubstr("no such record"));
  EXPECT_EQ(out_.str(), "");
}

TEST_F(RecordsTest, GetPrintsWhoRecordedItAndTheNoteAboveTheAssessment) {
  ASSERT_EQ(RunGet(server_.global(), "1007", out_, err_), kExitOk);
  EXPECT_THAT(out_.str(),
              StartsWith("assessments/1007  recorded 2026-11-08T09:30:00Z by "
                         "alice (jwt), on behalf of bob from ipv4:10.0.0.1\n"
                         "Note: after the visit\n\n"
                         "Oak Academy (URN 108057), cluster \n"));
  EXPECT_THAT(out_.str(), Not(HasSubstr("Quote for URN")));
}

TEST_F(RecordsTest, ListRejectsABadRecommendationOrDate) {
  ListOptions options;
  options.recommendation = "sponsorship";
  EXPECT_EQ(RunList(server_.global(), options, out_, err_), kExitUsage);
  options.recommendation = "";
  options.since = "01/11/2026";
  err_.str("");
  EXPECT_EQ(RunList(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_EQ(err_.str(),
            "trustfit: not a date: \"01/11/2026\" (YYYY-MM-DD or RFC 3339)\n");
  EXPECT_TRUE(service_.lists.empty());
}

TEST_F(RecordsTest, ListSendsTheFiltersWithDatesAsUtcTimes) {
  ListOptions options;
  options.urn = "108057";
  options.cluster = "north";
  options.recommendation = "trust-partnership";
  options.since = "2026-11-01";
  options.until = "2026-11-01T09:30:00Z";
  ASSERT_EQ(RunList(server_.global(OutputFormat::kJson), options, out_, err_),
            kExitOk)
      << err_.str();
  ASSERT_EQ(service_.lists.size(), 1u);
  const v1::ListAssessmentsRequest& sent = service_.lists[0];
  EXPECT_EQ(sent.urn(), "108057");
  EXPECT_EQ(sent.cluster_id(), "north");
  EXPECT_EQ(sent.recommendation(), v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_EQ(sent.created_after().seconds(), kNov1);
  EXPECT_EQ(sent.created_before().seconds(), kNov1 + 34200);
  EXPECT_EQ(sent.page_size(), 50);  // The default limit.
}

TEST_F(RecordsTest, ListLeavesUnsetDatesOutOfTheRequest) {
  ASSERT_EQ(
      RunList(server_.global(OutputFormat::kJson), ListOptions(), out_, err_),
      kExitOk);
  ASSERT_EQ(service_.lists.size(), 1u);
  EXPECT_FALSE(service_.lists[0].has_created_after());
  EXPECT_FALSE(service_.lists[0].has_created_before());
}

TEST_F(RecordsTest, ListPagesUntilTheLimit) {
  service_.stored = 250;
  ListOptions options;
  options.limit = 150;
  ASSERT_EQ(RunList(server_.global(OutputFormat::kJson), options, out_, err_),
            kExitOk);
  ASSERT_EQ(service_.lists.size(), 2u);
  EXPECT_EQ(service_.lists[0].page_size(), 100);
  EXPECT_EQ(service_.lists[1].page_size(), 50);
  EXPECT_EQ(service_.lists[1].page_token(), "100");
  const std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 150u);
}

TEST_F(RecordsTest, ListWithNoLimitReadsEveryPage) {
  service_.stored = 250;
  ListOptions options;
  options.limit = 0;
  ASSERT_EQ(RunList(server_.global(OutputFormat::kCsv), options, out_, err_),
            kExitOk);
  EXPECT_EQ(service_.lists.size(), 3u);
  const std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 251u);
  EXPECT_EQ(lines[0],
            "name,create_time,urn,school,cluster_id,overall_score,"
            "recommendation,requester,note");
  EXPECT_EQ(lines[1],
            "assessments/1249,2027-07-08T09:30:00Z,108057,Oak Academy,north,"
            "309.00,trust-partnership,alice,");
}

TEST_F(RecordsTest, ListLaysOutATableOfEveryRecord) {
  ASSERT_EQ(RunList(server_.global(), ListOptions(), out_, err_), kExitOk);
  const std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_THAT(lines[0], StartsWith("name"));
  EXPECT_THAT(lines[1], StartsWith("assessments/1002"));
  EXPECT_THAT(lines[3], StartsWith("assessments/1000"));
}

TEST_F(RecordsTest, HistoryIsARejectionWithoutRecords) {
  service_.stored = 0;
  EXPECT_EQ(RunHistory(server_.global(), "999999", "", "", out_, err_),
            kExitRejected);
  EXPECT_EQ(err_.str(), "trustfit: no recorded assessments of URN 999999\n");
}

TEST_F(RecordsTest, HistoryWritesJsonLinesOldestFirstWithNullsForNoData) {
  ASSERT_EQ(RunHistory(server_.global(OutputFormat::kJson), "108057", "north",
                       "", out_, err_),
            kExitOk);
  ASSERT_EQ(service_.lists.size(), 1u);
  EXPECT_EQ(service_.lists[0].urn(), "108057");
  EXPECT_EQ(service_.lists[0].cluster_id(), "north");
  const std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(
      lines[0],
      R"({"name":"assessments/1000","create_time":"2026-11-01T09:30:00Z",)"
      R"("overall_score":60.00,"recommendation":"trust-partnership",)"
      R"("standards":50.00,"leadership":null,"finance":null,)"
      R"("ethos":null,"capacity":null,"location":null})");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["name"], "assessments/1002");
}

TEST_F(RecordsTest, HistoryWritesCsvWithEmptyCellsForNoData) {
  ASSERT_EQ(RunHistory(server_.global(OutputFormat::kCsv), "108057", "", "",
                       out_, err_),
            kExitOk);
  const std::vector<std::string> lines =
      absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0],
            "name,create_time,overall_score,recommendation,standards,"
            "leadership,finance,ethos,capacity,location");
  EXPECT_EQ(lines[1],
            "assessments/1000,2026-11-01T09:30:00Z,60.00,trust-partnership,"
            "50.00,,,,,");
}

TEST_F(RecordsTest, HistoryTableShowsEachScoreWithItsChange) {
  ASSERT_EQ(RunHistory(server_.global(), "108057", "", "", out_, err_),
            kExitOk);
  EXPECT_THAT(out_.str(),
              StartsWith("Oak Academy (URN 108057): 3 recorded assessments, "
                         "oldest first; each score with its change since the "
                         "one before\n\n"));
  EXPECT_THAT(out_.str(), HasSubstr("61.00 (+1.00)"));
  EXPECT_THAT(out_.str(), HasSubstr("54.00 (+2.00)"));
  EXPECT_THAT(out_.str(), HasSubstr("2026-11-01"));
}

}  // namespace
}  // namespace trustfit::client
