#include "client/commands.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::trustfit::client::testing::FakeServer;
using ::trustfit::client::testing::TempPathForThisTest;

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = TempPathForThisTest(name);
  std::ofstream(path) << text;
  return path;
}

TEST(ParseEnum, TakesTheWordTheNameOrTheFullName) {
  for (const char* text :
       {"trust-partnership", "TRUST_PARTNERSHIP",
        "ARRANGEMENT_TRUST_PARTNERSHIP", "Trust-Partnership"}) {
    EXPECT_EQ(
        ParseEnum<v1::Arrangement>(text, "ARRANGEMENT_", v1::Arrangement_Parse),
        v1::ARRANGEMENT_TRUST_PARTNERSHIP)
        << text;
  }
  EXPECT_EQ(ParseEnum<v1::Arrangement>("sponsorship", "ARRANGEMENT_",
                                       v1::Arrangement_Parse),
            std::nullopt);
}

TEST(ParseArrangement, ListsTheArrangementsWhenTheNameIsUnknown) {
  absl::StatusOr<v1::Arrangement> parsed = ParseArrangement("sponsorship");
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().message(),
            "unknown arrangement \"sponsorship\" (associate-integration, "
            "associate-strategic, trust-partnership, partner)");
  EXPECT_EQ(ParseArrangement("associate-integration").value(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_EQ(ParseArrangement("partner").value(), v1::ARRANGEMENT_PARTNER);
}

TEST(FillQuoteSpec, FillsTermServicesContributionsFrequencyAndStart) {
  QuoteOptions options;
  options.term_months = 18;
  options.services = {"hr", "PAYROLL:3"};
  options.contributions = {"sen_support:2"};
  options.frequency = "termly";
  options.start = "2027-09-01";
  v1::QuoteSpec spec;
  ASSERT_TRUE(FillQuoteSpec(options, &spec).ok());
  EXPECT_EQ(spec.term_months(), 18);
  ASSERT_EQ(spec.services_size(), 2);
  EXPECT_EQ(spec.services(0).code(), "HR");  // Codes are upper-cased.
  EXPECT_EQ(spec.services(0).quantity(), 0);
  EXPECT_EQ(spec.services(1).code(), "PAYROLL");
  EXPECT_EQ(spec.services(1).quantity(), 3);
  ASSERT_EQ(spec.contributions_size(), 1);
  EXPECT_EQ(spec.contributions(0).code(), "SEN_SUPPORT");
  EXPECT_EQ(spec.contributions(0).quantity(), 2);
  EXPECT_EQ(spec.frequency(), v1::SCHEDULE_FREQUENCY_TERMLY);
  EXPECT_EQ(spec.start_date().year(), 2027);
  EXPECT_EQ(spec.start_date().month(), 9);
  EXPECT_EQ(spec.start_date().day(), 1);
}

TEST(FillQuoteSpec, LeavesWhatWasNotGivenUnset) {
  v1::QuoteSpec spec;
  ASSERT_TRUE(FillQuoteSpec(QuoteOptions(), &spec).ok());
  EXPECT_FALSE(spec.has_term_months());
  EXPECT_EQ(spec.services_size(), 0);
  EXPECT_EQ(spec.frequency(), v1::SCHEDULE_FREQUENCY_UNSPECIFIED);
  EXPECT_FALSE(spec.has_start_date());
}

TEST(FillQuoteSpec, NamesTheOptionAndTheBadValue) {
  struct Case {
    QuoteOptions options;
    std::string message;
  };
  std::vector<Case> cases(5);
  cases[0].options.services = {"HR:two"};
  cases[0].message = "--service wants CODE or CODE:QUANTITY, got \"HR:two\"";
  cases[1].options.services = {":3"};
  cases[1].message = "--service wants CODE or CODE:QUANTITY, got \":3\"";
  cases[2].options.contributions = {"SEN:"};
  cases[2].message = "--contribution wants CODE:QUANTITY, got \"SEN:\"";
  cases[3].options.frequency = "weekly";
  cases[3].message = "--frequency is monthly, termly or annual";
  cases[4].options.start = "1 Sept 2027";
  cases[4].message = "--start wants a date, YYYY-MM-DD";
  for (const Case& c : cases) {
    v1::QuoteSpec spec;
    const absl::Status status = FillQuoteSpec(c.options, &spec);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_EQ(status.message(), c.message);
  }
}

TEST(CannotRead, SaysWhyFromErrno) {
  errno = ENOENT;
  EXPECT_EQ(CannotRead("x.json"),
            "trustfit: cannot read x.json: No such file or directory\n");
}

TEST(ReadInput, ReadsAFileWhole) {
  std::ostringstream err;
  EXPECT_EQ(ReadInput(WriteFile("input.txt", "a\nb\n"), err).value_or(""),
            "a\nb\n");
  EXPECT_EQ(err.str(), "");
}

TEST(ReadInput, ExplainsAFileThatCannotBeRead) {
  std::ostringstream err;
  EXPECT_EQ(ReadInput(::testing::TempDir() + "/commands_missing", err),
            std::nullopt);
  EXPECT_THAT(err.str(), StartsWith("trustfit: "));
  EXPECT_THAT(err.str(), HasSubstr("commands_missing"));
}

TEST(ReadCandidate, ReadsACandidateOrARequestHoldingOne) {
  std::ostringstream err;
  std::optional<v1::Candidate> plain = ReadCandidate(
      WriteFile("plain.json", R"({"identity": {"urn": "1"}})"), err);
  ASSERT_TRUE(plain.has_value()) << err.str();
  EXPECT_EQ(plain->identity().urn(), "1");
  std::optional<v1::Candidate> wrapped = ReadCandidate(
      WriteFile("wrapped.json",
                R"({"cluster_id": "north", "candidate": {"identity": )"
                R"({"urn": "2"}}})"),
      err);
  ASSERT_TRUE(wrapped.has_value()) << err.str();
  EXPECT_EQ(wrapped->identity().urn(), "2");
}

TEST(ReadCandidate, NamesTheFileWhenItIsNotACandidate) {
  std::ostringstream err;
  const std::string path = WriteFile("bad.json", R"({"identity": [1, 2]})");
  EXPECT_EQ(ReadCandidate(path, err), std::nullopt);
  EXPECT_THAT(err.str(), StartsWith("trustfit: " + path +
                                    " is not a candidate in JSON: "));
}

// Scores every candidate the same, and quotes what is asked.
class FakeScoring : public v1::TrustFitService::Service {
 public:
  grpc::Status ScoreCandidate(grpc::ServerContext*,
                              const v1::ScoreCandidateRequest* request,
                              v1::ScoreCandidateResponse* response) override {
    absl::MutexLock lock(&mu);
    scores.push_back(*request);
    v1::Assessment* a = response->mutable_assessment();
    a->set_urn(request->candidate().identity().urn());
    a->set_name("Oak Academy");
    a->set_overall_score(64);
    a->mutable_recommendation()->set_arrangement(recommend);
    a->mutable_recommendation()->set_explanation("Gates fire.");
    return grpc::Status::OK;
  }
  grpc::Status QuoteContribution(
      grpc::ServerContext*, const v1::QuoteContributionRequest* request,
      v1::QuoteContributionResponse* response) override {
    absl::MutexLock lock(&mu);
    quotes.push_back(*request);
    response->mutable_quote()->set_urn("108057");
    response->mutable_quote()->set_arrangement(request->spec().arrangement());
    response->mutable_quote()->set_net_pence(150000);
    return grpc::Status::OK;
  }
  absl::Mutex mu;
  v1::Arrangement recommend = v1::ARRANGEMENT_TRUST_PARTNERSHIP;
  std::vector<v1::ScoreCandidateRequest> scores;
  std::vector<v1::QuoteContributionRequest> quotes;
};

class CommandsTest : public ::testing::Test {
 protected:
  std::string Candidate() {
    return WriteFile("candidate.json", R"({"identity": {"urn": "108057"}})");
  }
  FakeScoring service_;
  FakeServer server_{&service_};
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(CommandsTest, ScoreSendsTheClusterAndViewAndPrintsJson) {
  ScoreOptions options;
  options.input = Candidate();
  options.cluster = "north";
  options.view = "basic";
  ASSERT_EQ(RunScore(server_.global(OutputFormat::kJson), options, out_, err_),
            kExitOk)
      << err_.str();
  ASSERT_EQ(service_.scores.size(), 1u);
  EXPECT_EQ(service_.scores[0].cluster_id(), "north");
  EXPECT_EQ(service_.scores[0].view(), v1::ASSESSMENT_VIEW_BASIC);
  EXPECT_EQ(nlohmann::json::parse(out_.str())["urn"], "108057");
}

TEST_F(CommandsTest, ScoreAsksForTheFullViewUnlessBasic) {
  ScoreOptions options;
  options.input = Candidate();
  ASSERT_EQ(RunScore(server_.global(OutputFormat::kCsv), options, out_, err_),
            kExitOk);
  EXPECT_EQ(service_.scores[0].view(), v1::ASSESSMENT_VIEW_FULL);
  // CSV is the batch's: a header and row 1.
  EXPECT_THAT(out_.str(), StartsWith("line,correlation_id,urn,"));
  EXPECT_THAT(out_.str(), HasSubstr("\n1,,108057,Oak Academy,ok,64.00,"));
}

TEST_F(CommandsTest, ScoreIsAUsageErrorForAnUnreadableCandidate) {
  ScoreOptions options;
  options.input = TempPathForThisTest("nothing.json");
  EXPECT_EQ(RunScore(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_TRUE(service_.scores.empty());
}

TEST_F(CommandsTest, QuoteNeedsAnArrangementOrACluster) {
  QuoteOptions options;
  options.input = Candidate();
  EXPECT_EQ(RunQuote(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_EQ(err_.str(),
            "trustfit: give --arrangement, or --cluster to quote what the "
            "assessment recommends\n");
  EXPECT_TRUE(service_.quotes.empty());
}

TEST_F(CommandsTest, QuoteQuotesTheRecommendationForACluster) {
  QuoteOptions options;
  options.input = Candidate();
  options.cluster = "north";
  options.services = {"HR:2"};
  ASSERT_EQ(RunQuote(server_.global(OutputFormat::kCsv), options, out_, err_),
            kExitOk)
      << err_.str();
  EXPECT_EQ(err_.str(),
            "trustfit: quoting the recommended arrangement, "
            "trust-partnership\n");
  ASSERT_EQ(service_.quotes.size(), 1u);
  EXPECT_EQ(service_.quotes[0].spec().arrangement(),
            v1::ARRANGEMENT_TRUST_PARTNERSHIP);
  EXPECT_EQ(service_.quotes[0].spec().services(0).quantity(), 2);
  EXPECT_THAT(out_.str(), HasSubstr("TOTAL,NET,,,,,150000\n"));
}

TEST_F(CommandsTest, QuoteIsARejectionWhenNothingCanBeQuoted) {
  service_.recommend = v1::ARRANGEMENT_NOT_RECOMMENDED;
  QuoteOptions options;
  options.input = Candidate();
  options.cluster = "north";
  EXPECT_EQ(RunQuote(server_.global(), options, out_, err_), kExitRejected);
  EXPECT_EQ(err_.str(),
            "trustfit: nothing to quote: the assessment recommends "
            "not-recommended. Gates fire.\n");
  EXPECT_TRUE(service_.quotes.empty());
}

TEST_F(CommandsTest, QuoteIsAUsageErrorForBadTermsBeforeQuoting) {
  QuoteOptions options;
  options.input = Candidate();
  options.arrangement = "partner";
  options.frequency = "weekly";
  EXPECT_EQ(RunQuote(server_.global(), options, out_, err_), kExitUsage);
  EXPECT_EQ(err_.str(), "trustfit: --frequency is monthly, termly or annual\n");
  EXPECT_TRUE(service_.quotes.empty());
  EXPECT_TRUE(service_.scores.empty());
}

TEST(DefineScore, IsNamedScore) {
  CLI::App app;
  EXPECT_EQ(DefineScore(app).command->get_name(), "score");
  EXPECT_EQ(DefineQuote(app).command->get_name(), "quote");
  EXPECT_EQ(DefineHealth(app).command->get_name(), "health");
}

}  // namespace
}  // namespace trustfit::client
