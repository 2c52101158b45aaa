// ScoreStreamReactor (server/service/score_stream.h) on its own: hosted by a
// bare generic service on loopback, with no access control or store, so
// that each test is about the stream's contract: one response per request
// message, item for item and in order, each item on its own cluster and
// view, per-item errors that leave the stream going, and a message that is
// not a request ending it.

#include "server/service/score_stream.h"

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/rpc/code.pb.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "tests/scoring/test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::GoldenCandidate;

// Every call, whatever its method, is a ScoreCandidates stream.
class StreamOnlyService final : public grpc::CallbackGenericService {
 public:
  StreamOnlyService(PolicyHolder* policies, Metrics* metrics)
      : policies_(policies), metrics_(metrics) {}
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    return new ScoreStreamReactor(context, policies_, metrics_, &workers_);
  }

 private:
  PolicyHolder* policies_;
  Metrics* metrics_;
  WorkerPool workers_{2};
};

class ScoreStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(policies_.Reload().ok());
    absl::StatusOr<std::unique_ptr<Metrics>> metrics = Metrics::Create("");
    ASSERT_TRUE(metrics.ok()) << metrics.status();
    metrics_ = *std::move(metrics);
    service_ = std::make_unique<StreamOnlyService>(&policies_, metrics_.get());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterCallbackGenericService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::TrustFitService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  static v1::ScoreCandidatesRequest Message(int items,
                                            absl::string_view label) {
    v1::ScoreCandidatesRequest request;
    request.set_default_cluster_id("north");
    for (int i = 0; i < items; ++i) {
      v1::ScoreItem* item = request.add_items();
      item->set_correlation_id(absl::StrCat(label, "-", i));
      *item->mutable_candidate() = GoldenCandidate("coasting");
    }
    return request;
  }

  // Writes every message, half-closes, and returns every response.
  std::vector<v1::ScoreCandidatesResponse> Exchange(
      const std::vector<v1::ScoreCandidatesRequest>& messages,
      grpc::Status* status) {
    grpc::ClientContext context;
    auto stream = stub_->ScoreCandidates(&context);
    // Written from another thread while this one reads, as a batch does.
    std::thread writer([&] {
      for (const auto& message : messages) {
        if (!stream->Write(message)) break;
      }
      stream->WritesDone();
    });
    std::vector<v1::ScoreCandidatesResponse> responses;
    v1::ScoreCandidatesResponse response;
    while (stream->Read(&response)) responses.push_back(response);
    writer.join();
    *status = stream->Finish();
    return responses;
  }

  std::string Scrape() {
    return prometheus::TextSerializer().Serialize(
        metrics_->registry().Collect());
  }

  PolicyHolder policies_{""};
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<StreamOnlyService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::TrustFitService::Stub> stub_;
};

TEST_F(ScoreStreamTest, EachMessageGetsOneResponseItemForItemAndInOrder) {
  std::vector<v1::ScoreCandidatesRequest> messages;
  for (int m = 0; m < 40; ++m) {
    messages.push_back(Message(1 + m % 5, absl::StrCat("m", m)));
  }
  grpc::Status status;
  const auto responses = Exchange(messages, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(responses.size(), messages.size());
  for (size_t m = 0; m < messages.size(); ++m) {
    ASSERT_EQ(responses[m].results_size(), messages[m].items_size()) << m;
    for (int i = 0; i < messages[m].items_size(); ++i) {
      EXPECT_EQ(responses[m].results(i).correlation_id(),
                messages[m].items(i).correlation_id());
      EXPECT_TRUE(responses[m].results(i).has_assessment());
    }
  }
}

TEST_F(ScoreStreamTest, AnItemsClusterBeatsTheMessagesDefault) {
  v1::ScoreCandidatesRequest message = Message(2, "c");
  message.mutable_items(1)->set_cluster_id("midlands");
  grpc::Status status;
  const auto responses = Exchange({message}, &status);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].results(0).assessment().cluster_id(), "north");
  EXPECT_EQ(responses[0].results(1).assessment().cluster_id(), "midlands");
}

TEST_F(ScoreStreamTest, AnInlineClusterIsScoredAsGiven) {
  v1::ScoreCandidatesRequest message = Message(1, "inline");
  message.clear_default_cluster_id();
  v1::Cluster* cluster = message.mutable_items(0)->mutable_cluster();
  *cluster = policies_.Current().proto().clusters(0);
  cluster->set_id("what-if");
  grpc::Status status;
  const auto responses = Exchange({message}, &status);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(responses.size(), 1u);
  ASSERT_TRUE(responses[0].results(0).has_assessment())
      << responses[0].results(0).error().message();
  EXPECT_EQ(responses[0].results(0).assessment().cluster_id(), "what-if");
}

TEST_F(ScoreStreamTest, AFailingItemCarriesItsOwnStatusAndTheOthersAreScored) {
  v1::ScoreCandidatesRequest message = Message(3, "e");
  message.mutable_items(0)->set_cluster_id("atlantis");
  message.mutable_items(1)
      ->mutable_candidate()
      ->mutable_identity()
      ->clear_urn();
  grpc::Status status;
  const auto responses = Exchange({message, Message(1, "after")}, &status);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].results(0).error().code(), google::rpc::NOT_FOUND);
  EXPECT_EQ(responses[0].results(1).error().code(),
            google::rpc::INVALID_ARGUMENT);
  EXPECT_TRUE(responses[0].results(2).has_assessment());
  EXPECT_TRUE(responses[1].results(0).has_assessment());
  EXPECT_THAT(Scrape(),
              HasSubstr("trustfit_stream_items_total{outcome=\"error\"} 2"));
  EXPECT_THAT(Scrape(),
              HasSubstr("trustfit_stream_items_total{outcome=\"assessed\"} 2"));
}

TEST_F(ScoreStreamTest, TheBasicViewDropsFactorDetailFromEveryResult) {
  v1::ScoreCandidatesRequest message = Message(2, "v");
  grpc::Status status;
  const auto full = Exchange({message}, &status);
  message.set_view(v1::ASSESSMENT_VIEW_BASIC);
  const auto basic = Exchange({message}, &status);
  ASSERT_EQ(full.size(), 1u);
  ASSERT_EQ(basic.size(), 1u);
  for (int i = 0; i < 2; ++i) {
    const v1::Assessment& a = full[0].results(i).assessment();
    const v1::Assessment& b = basic[0].results(i).assessment();
    EXPECT_GT(a.criteria(0).factors_size(), 0);
    EXPECT_EQ(b.criteria(0).factors_size(), 0);
    EXPECT_EQ(b.overall_score(), a.overall_score());
    EXPECT_EQ(b.recommendation().arrangement(),
              a.recommendation().arrangement());
  }
}

TEST_F(ScoreStreamTest, AnEmptyMessageGetsAnEmptyResponse) {
  grpc::Status status;
  const auto responses =
      Exchange({v1::ScoreCandidatesRequest(), Message(1, "x")}, &status);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].results_size(), 0);
  EXPECT_EQ(responses[1].results_size(), 1);
}

TEST_F(ScoreStreamTest, AStreamWithNoMessagesEndsOk) {
  grpc::Status status;
  EXPECT_TRUE(Exchange({}, &status).empty());
  EXPECT_TRUE(status.ok());
}

}  // namespace
}  // namespace trustfit::server
