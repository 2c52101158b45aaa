// The hostile-input suite (#16), in process: every RPC driven as an attacker
// would, through a real gRPC channel to a server with a SQLite store. Each
// test pins one finding of issue #16; the last is a seeded, bounded fuzz
// pass over every RPC. Runs in CI under ASan + UBSan with the rest.

#include <future>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/error_details.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "server/server.h"
#include "tests/hostile/mutations.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::Backend;
using ::trustfit::testing::GoldenCandidate;
using ::trustfit::testing::Mutator;

constexpr char kService[] = "/trustfit.v1.TrustFitService/";

class HostileServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policies_ = std::make_unique<PolicyHolder>("");
    ASSERT_TRUE(policies_->Reload().ok());
    metrics_ = *Metrics::Create("");
    auto store = OpenStore(scratch_.Create(Backend::kSqlite));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    auto server = TrustFitServer::Start(config, policies_.get(), metrics_.get(),
                                        store_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::TrustFitService::NewStub(channel_);
  }

  void TearDown() override { server_.reset(); }

  // `bytes` sent to `method` as they are.
  grpc::Status RawCall(const std::string& method, const std::string& bytes,
                       grpc::ByteBuffer* response = nullptr) {
    grpc::GenericStub generic(channel_);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), ignored;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    std::promise<grpc::Status> done;
    generic.UnaryCall(&context, method, grpc::StubOptions(), &request,
                      response != nullptr ? response : &ignored,
                      [&done](grpc::Status status) { done.set_value(status); });
    return done.get_future().get();
  }

  // A ScoreCandidates stream of raw messages.
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>>
  RawStream(grpc::ClientContext* context) {
    return std::unique_ptr<
        grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>>(
        grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer,
                                                  grpc::ByteBuffer>::
            Create(channel_.get(),
                   grpc::internal::RpcMethod(
                       absl::StrCat(kService, "ScoreCandidates").c_str(),
                       grpc::internal::RpcMethod::BIDI_STREAMING, channel_),
                   context));
  }

  static grpc::ByteBuffer Buffer(const std::string& bytes) {
    grpc::Slice slice(bytes);
    return grpc::ByteBuffer(&slice, 1);
  }

  static std::vector<std::string> Fields(const grpc::Status& status) {
    google::rpc::Status details;
    std::vector<std::string> fields;
    if (!grpc::ExtractErrorDetails(status, &details).ok()) return fields;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& v : bad_request.field_violations())
        fields.push_back(v.field());
    }
    return fields;
  }

  static v1::ScoreCandidatesRequest StreamMessage(int items) {
    v1::ScoreCandidatesRequest request;
    request.set_default_cluster_id("north");
    for (int i = 0; i < items; ++i) {
      auto* item = request.add_items();
      item->set_correlation_id(absl::StrCat(i));
      *item->mutable_candidate() = GoldenCandidate("coasting");
    }
    return request;
  }

  size_t StoredRecords() {
    ListQuery query;
    query.limit = 100;
    absl::StatusOr<ListPage> page = store_->List(query);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->records.size() : 0;
  }

  trustfit::testing::ScratchStore scratch_;
  std::unique_ptr<PolicyHolder> policies_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<AssessmentStore> store_;
  std::unique_ptr<TrustFitServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::TrustFitService::Stub> stub_;
};

// Finding 2: a stream message that cannot be parsed ended the stream OK,
// and the rows after it were silently never answered.
TEST_F(HostileServiceTest, UnparseableStreamMessageEndsWithInvalidArgument) {
  grpc::ClientContext context;
  auto stream = RawStream(&context);
  ASSERT_TRUE(stream->Write(Buffer(StreamMessage(2).SerializeAsString())));
  grpc::ByteBuffer answer;
  ASSERT_TRUE(stream->Read(&answer));
  // A string field holding invalid UTF-8, as a Windows-1252 "é" makes it.
  v1::ScoreCandidatesRequest bad = StreamMessage(1);
  bad.mutable_items(0)->mutable_candidate()->mutable_identity()->set_name(
      "Caf\xe9");
  stream->Write(Buffer(bad.SerializePartialAsString()));
  stream->WritesDone();
  EXPECT_FALSE(stream->Read(&answer));
  const grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("message 2 of the stream"));
}

// Finding 12: unparseable bytes to a unary method answered UNIMPLEMENTED
// with no message.
TEST_F(HostileServiceTest, UnparseableUnaryRequestIsInvalidArgument) {
  for (const char* method :
       {"ScoreCandidate", "QuoteContribution", "FindImprovementPath",
        "ValidatePolicy", "GetAssessment", "ListAssessments"}) {
    const grpc::Status status =
        RawCall(absl::StrCat(kService, method), "\xff\xff\xff\xff");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << method << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("cannot be parsed"))
        << method;
  }
}

// Finding 5: a 1 MB URN became 3 MB of error trailers, which stock clients
// refuse for the whole connection.
TEST_F(HostileServiceTest, AHugeValueGivesABoundedErrorAndSparesTheChannel) {
  v1::ScoreCandidateRequest request;
  request.set_cluster_id("north");
  *request.mutable_candidate() = GoldenCandidate("coasting");
  request.mutable_candidate()->mutable_identity()->set_urn(
      std::string(1 << 20, '1'));
  std::vector<std::future<grpc::Status>> valid;
  for (int i = 0; i < 20; ++i) {
    valid.push_back(std::async(std::launch::async, [this] {
      v1::ScoreCandidateRequest ok;
      ok.set_cluster_id("north");
      *ok.mutable_candidate() = GoldenCandidate("coasting");
      v1::ScoreCandidateResponse response;
      grpc::ClientContext context;
      return stub_->ScoreCandidate(&context, ok, &response);
    }));
  }
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->ScoreCandidate(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(status.error_message().size() + status.error_details().size(),
            8000u);
  for (auto& call : valid) EXPECT_TRUE(call.get().ok());
  // An unknown cluster of 1 MB is quoted by a prefix too.
  request.mutable_candidate()->mutable_identity()->set_urn("108057");
  request.set_cluster_id(std::string(1 << 20, 'c'));
  grpc::ClientContext again;
  const grpc::Status unknown =
      stub_->ScoreCandidate(&again, request, &response);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_LT(unknown.error_message().size(), 2048u);
}

// Finding 6: random method names each became a metric label.
TEST_F(HostileServiceTest, UnknownMethodsShareOneMetricLabel) {
  for (int i = 0; i < 200; ++i) {
    const grpc::Status status =
        RawCall(absl::StrCat("/attacker.Service", i, "/Method", i), "");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  const std::string text =
      prometheus::TextSerializer().Serialize(metrics_->registry().Collect());
  EXPECT_THAT(text, ::testing::Not(HasSubstr("attacker")));
  EXPECT_THAT(text, HasSubstr("grpc_method=\"unknown\""));
  EXPECT_LT(text.size(), 200000u);
}

// Finding 3: a record with a 9 MB school name was stored although the
// caller got an error, and then broke every list.
TEST_F(HostileServiceTest, OversizedRecordsAreRefusedBeforeAnythingIsStored) {
  v1::CreateAssessmentRequest request;
  *request.mutable_record()->mutable_candidate() = GoldenCandidate("coasting");
  request.mutable_record()->set_cluster_id("north");
  request.mutable_record()->mutable_candidate()->mutable_identity()->set_name(
      std::string(3 << 20, 'n'));
  v1::AssessmentRecord record;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->CreateAssessment(&context, request, &record);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(status),
              ::testing::Contains("record.candidate.identity.name"));
  // An inline cluster is not a candidate field; the record's own bound
  // catches what it makes big.
  request.mutable_record()->mutable_candidate()->mutable_identity()->set_name(
      "A school");
  request.mutable_record()->clear_cluster_id();
  *request.mutable_record()->mutable_cluster() =
      *policies_->Current().FindCluster("north");
  request.mutable_record()->mutable_cluster()->set_name(
      std::string(1 << 20, 'c'));
  grpc::ClientContext inline_context;
  const grpc::Status inline_status =
      stub_->CreateAssessment(&inline_context, request, &record);
  EXPECT_EQ(inline_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << inline_status.error_message();
  EXPECT_EQ(StoredRecords(), 0u);
  v1::ListAssessmentsResponse page;
  grpc::ClientContext list_context;
  EXPECT_TRUE(
      stub_->ListAssessments(&list_context, v1::ListAssessmentsRequest(), &page)
          .ok());
}

// Finding 10: NUL bytes are refused, naming the field, before the store.
TEST_F(HostileServiceTest, NulBytesAreInvalidInput) {
  v1::CreateAssessmentRequest request;
  *request.mutable_record()->mutable_candidate() = GoldenCandidate("coasting");
  request.mutable_record()->set_cluster_id("north");
  request.set_request_id(std::string("retry\0one", 9));
  v1::AssessmentRecord record;
  grpc::ClientContext context;
  const grpc::Status status =
      stub_->CreateAssessment(&context, request, &record);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(status), ::testing::Contains("request_id"));
  v1::ListAssessmentsRequest list;
  list.set_urn(std::string("108\0057", 6));
  v1::ListAssessmentsResponse page;
  grpc::ClientContext list_context;
  EXPECT_EQ(stub_->ListAssessments(&list_context, list, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(StoredRecords(), 0u);
}

// Finding 1: a 16 KB document of nested aliases cost 881 MB.
TEST_F(HostileServiceTest, AliasBombPolicyIsRefusedCheaply) {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    absl::StrAppend(&yaml, "a", i, ": &a", i, " [");
    for (int j = 0; j < 10; ++j)
      absl::StrAppend(&yaml, j ? ", " : "", "*a", i - 1);
    absl::StrAppend(&yaml, "]\n");
  }
  v1::ValidatePolicyRequest request;
  request.set_yaml(yaml);
  v1::ValidatePolicyResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ValidatePolicy(&context, request, &response).ok());
  EXPECT_FALSE(response.valid());
  ASSERT_GE(response.violations_size(), 1);
  EXPECT_EQ(response.violations(0).field(), "(document)");
  EXPECT_THAT(response.violations(0).description(),
              HasSubstr("aliases are expanded"));
}

// The fuzz pass: for every RPC, seeded random and mutated requests and
// extreme values. The server must answer each with a deliberate code (never
// UNKNOWN, INTERNAL or UNIMPLEMENTED), store nothing it refused, and keep
// serving.
TEST_F(HostileServiceTest, SeededFuzzOfEveryRpc) {
  std::vector<std::pair<std::string, std::string>> seeds;
  {
    v1::ScoreCandidateRequest score;
    score.set_cluster_id("north");
    *score.mutable_candidate() = GoldenCandidate("strong_local");
    seeds.push_back({"ScoreCandidate", score.SerializeAsString()});
    v1::QuoteContributionRequest quote;
    *quote.mutable_candidate() = GoldenCandidate("strong_local");
    quote.mutable_spec()->set_arrangement(v1::ARRANGEMENT_TRUST_PARTNERSHIP);
    seeds.push_back({"QuoteContribution", quote.SerializeAsString()});
    v1::FindImprovementPathRequest path;
    path.set_cluster_id("north");
    *path.mutable_candidate() = GoldenCandidate("coasting");
    seeds.push_back({"FindImprovementPath", path.SerializeAsString()});
    seeds.push_back({"GetPolicy", ""});
    v1::ValidatePolicyRequest validate;
    validate.set_yaml("name: x\nversion: '1'\n");
    seeds.push_back({"ValidatePolicy", validate.SerializeAsString()});
    v1::CreateAssessmentRequest create;
    *create.mutable_record()->mutable_candidate() = GoldenCandidate("deficit");
    create.mutable_record()->set_cluster_id("north");
    seeds.push_back({"CreateAssessment", create.SerializeAsString()});
    v1::GetAssessmentRequest get;
    get.set_name("assessments/0123456789abcdef");
    seeds.push_back({"GetAssessment", get.SerializeAsString()});
    v1::ListAssessmentsRequest list;
    list.set_urn("108057");
    list.set_page_size(3);
    seeds.push_back({"ListAssessments", list.SerializeAsString()});
  }
  Mutator mutator(/*seed=*/16);
  int calls = 0;
  for (const auto& [method, seed] : seeds) {
    for (int i = 0; i < 120; ++i) {
      const grpc::Status status =
          RawCall(absl::StrCat(kService, method), mutator.Mutate(seed));
      ++calls;
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNKNOWN) << method;
      EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL)
          << method << ": " << status.error_message();
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << method;
      EXPECT_LT(status.error_message().size(), 4096u) << method;
    }
  }
  // The stream: mutated messages, each either answered item for item or
  // ending the stream with INVALID_ARGUMENT.
  const std::string message = StreamMessage(3).SerializeAsString();
  for (int i = 0; i < 60; ++i) {
    grpc::ClientContext context;
    auto stream = RawStream(&context);
    stream->Write(Buffer(mutator.Mutate(message)));
    stream->WritesDone();
    grpc::ByteBuffer answer;
    int answers = 0;
    while (stream->Read(&answer)) ++answers;
    const grpc::Status status = stream->Finish();
    ++calls;
    EXPECT_TRUE(status.ok() ||
                status.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    EXPECT_EQ(answers, status.ok() ? 1 : 0);
  }
  EXPECT_GT(calls, 1000);
  v1::ScoreCandidateRequest ok;
  ok.set_cluster_id("north");
  *ok.mutable_candidate() = GoldenCandidate("coasting");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  EXPECT_TRUE(stub_->ScoreCandidate(&context, ok, &response).ok());
}

}  // namespace
}  // namespace trustfit::server
