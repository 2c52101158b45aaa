#include "client/batch.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

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
using ::testing::StartsWith;
using ::trustfit::client::testing::FakeServer;
using ::trustfit::client::testing::TempPathForThisTest;
using ::trustfit::client::testing::UnreachableServer;

// Scores each item as its candidate says: overall score pupils / 10,
// distance pupils / 100 km, every row trust-partnership; URN "bad" is an
// error. Remembers the request messages.
class FakeStream : public v1::TrustFitService::Service {
 public:
  grpc::Status ScoreCandidates(
      grpc::ServerContext*,
      grpc::ServerReaderWriter<v1::ScoreCandidatesResponse,
                               v1::ScoreCandidatesRequest>* stream) override {
    v1::ScoreCandidatesRequest request;
    while (stream->Read(&request)) {
      {
        absl::MutexLock lock(&mu);
        requests.push_back(request);
      }
      v1::ScoreCandidatesResponse response;
      for (const v1::ScoreItem& item : request.items()) {
        v1::ScoreResult* result = response.add_results();
        result->set_correlation_id(item.correlation_id());
        const v1::Identity& id = item.candidate().identity();
        if (id.urn() == "bad") {
          result->mutable_error()->set_code(3);
          result->mutable_error()->set_message("identity.urn: not a URN");
          continue;
        }
        v1::Assessment* a = result->mutable_assessment();
        a->set_urn(id.urn());
        a->set_name(id.name());
        a->set_overall_score(id.pupils_on_roll() / 10.0);
        a->set_completeness_pct(id.pupils_on_roll() >= 300 ? 90 : 40);
        a->mutable_location()->set_distance_km(id.pupils_on_roll() / 100.0);
        a->mutable_recommendation()->set_arrangement(
            v1::ARRANGEMENT_TRUST_PARTNERSHIP);
      }
      stream->Write(response);
    }
    return grpc::Status::OK;
  }
  absl::Mutex mu;
  std::vector<v1::ScoreCandidatesRequest> requests;
};

std::string Row(const std::string& urn, int pupils) {
  return R"({"identity": {"urn": ")" + urn + R"(", "name": "School )" + urn +
         R"(", "pupils_on_roll": )" + std::to_string(pupils) + "}}\n";
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = TempPathForThisTest(name);
  std::ofstream(path) << text;
  return path;
}

class BatchTest : public ::testing::Test {
 protected:
  int Run(const BatchOptions& options, OutputFormat output) {
    return RunBatch(stub_.get(), server_.global(output), options, output, out_,
                    err_);
  }
  BatchOptions Options(const std::string& jsonl) {
    BatchOptions options;
    options.input = WriteFile("input.jsonl", jsonl);
    options.cluster = "north";
    options.progress = "never";
    return options;
  }
  std::vector<std::string> OutLines() const {
    return absl::StrSplit(out_.str(), '\n', absl::SkipEmpty());
  }

  FakeStream service_;
  FakeServer server_{&service_};
  std::unique_ptr<v1::TrustFitService::Stub> stub_ =
      v1::TrustFitService::NewStub(grpc::CreateChannel(
          server_.address(), grpc::InsecureChannelCredentials()));
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(BatchTest, ScoresEveryRowInOrderAndSummarises) {
  ASSERT_EQ(Run(Options(Row("1", 300) + Row("2", 500)), OutputFormat::kJson),
            kExitOk)
      << err_.str();
  const std::vector<std::string> lines = OutLines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["line"], 1);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["assessment"]["urn"], "1");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["assessment"]["urn"], "2");
  EXPECT_THAT(err_.str(),
              StartsWith("trustfit: 2 rows: 2 scored, 0 failed in "));
  EXPECT_THAT(err_.str(), HasSubstr("trustfit: by (provisional) "
                                    "recommendation: trust-partnership 2\n"));
  ASSERT_EQ(service_.requests.size(), 1u);
  EXPECT_EQ(service_.requests[0].default_cluster_id(), "north");
  EXPECT_EQ(service_.requests[0].items_size(), 2);
}

TEST_F(BatchTest, SendsRowsInMessagesOfTheBatchSize) {
  BatchOptions options = Options(Row("1", 300) + Row("2", 300) + Row("3", 300));
  options.batch_size = 2;
  ASSERT_EQ(Run(options, OutputFormat::kJson), kExitOk) << err_.str();
  ASSERT_EQ(service_.requests.size(), 2u);
  EXPECT_EQ(service_.requests[0].items_size(), 2);
  EXPECT_EQ(service_.requests[1].items_size(), 1);
}

TEST_F(BatchTest, ReportsBadRowsInPlaceAndExitsPartial) {
  ASSERT_EQ(Run(Options(Row("1", 300) + "{not json\n" + Row("bad", 300)),
                OutputFormat::kJson),
            kExitPartialBatch);
  const std::vector<std::string> lines = OutLines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(nlohmann::json::parse(lines[0]).contains("assessment"));
  const nlohmann::json local = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(local["line"], 2);
  EXPECT_EQ(local["error"]["code"], 3);
  const nlohmann::json rejected = nlohmann::json::parse(lines[2]);
  EXPECT_EQ(rejected["line"], 3);
  EXPECT_EQ(rejected["error"]["message"], "identity.urn: not a URN");
  EXPECT_THAT(err_.str(), StartsWith("trustfit: 3 rows: 1 scored, 2 failed"));
}

TEST_F(BatchTest, LeavesOutRowsBeyondTheRadiusAndWithTooLittleData) {
  BatchOptions options =
      Options(Row("near", 300) + Row("far", 800) + Row("thin", 200));
  options.radius_km = 5;
  options.min_completeness_pct = 50;
  ASSERT_EQ(Run(options, OutputFormat::kJson), kExitOk) << err_.str();
  const std::vector<std::string> lines = OutLines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["assessment"]["urn"], "near");
  EXPECT_THAT(err_.str(),
              StartsWith("trustfit: 3 rows: 3 scored, 0 failed, 1 beyond 5 km "
                         "left out, 1 with less than 50% of the data left "
                         "out in "));
  EXPECT_THAT(err_.str(), HasSubstr("recommendation: trust-partnership 1\n"));
}

TEST_F(BatchTest, TopKeepsTheBestRowsBestFirst) {
  BatchOptions options =
      Options(Row("a", 300) + Row("b", 700) + Row("c", 500) + Row("d", 400));
  options.top = 2;
  ASSERT_EQ(Run(options, OutputFormat::kJson), kExitOk) << err_.str();
  const std::vector<std::string> lines = OutLines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["assessment"]["urn"], "b");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["assessment"]["urn"], "c");
}

TEST_F(BatchTest, IsAUsageErrorForAMissingInput) {
  BatchOptions options = Options("");
  options.input = TempPathForThisTest("nothing.jsonl");
  EXPECT_EQ(Run(options, OutputFormat::kJson), kExitUsage);
  EXPECT_EQ(err_.str(), "trustfit: cannot read " + options.input +
                            ": No such file or directory\n");
  EXPECT_TRUE(service_.requests.empty());
}

TEST_F(BatchTest, IsAUsageErrorForACsvWithoutAHeader) {
  BatchOptions options = Options("");
  options.input = WriteFile("empty.csv", "");
  EXPECT_EQ(Run(options, OutputFormat::kCsv), kExitUsage);
  EXPECT_EQ(err_.str(), "trustfit: " + options.input +
                            ": the input is empty: no header row\n");
}

TEST(RunBatch, IsUnavailableWhenNoServerListens) {
  BatchOptions options;
  options.input = WriteFile("unreachable.jsonl", Row("1", 300));
  options.progress = "never";
  options.deadline = absl::Seconds(2);
  const GlobalOptions global = UnreachableServer();
  auto stub = v1::TrustFitService::NewStub(
      grpc::CreateChannel(global.target, grpc::InsecureChannelCredentials()));
  std::ostringstream out, err;
  EXPECT_EQ(
      RunBatch(stub.get(), global, options, OutputFormat::kJson, out, err),
      kExitUnavailable);
  EXPECT_THAT(err.str(), HasSubstr("cannot use the server"));
}

TEST(DefineBatch, IsNamedBatch) {
  CLI::App app;
  EXPECT_EQ(DefineBatch(app).command->get_name(), "batch");
}

}  // namespace
}  // namespace trustfit::client
