// CreateAssessment, GetAssessment and ListAssessments through gRPC, on a
// server with a SQLite store (the store itself is tested on both backends
// in assessment_store_test).

#include <future>
#include <set>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/error_details.h"
#include "gtest/gtest.h"
#include "server/server.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::server {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::trustfit::testing::Backend;
using ::trustfit::testing::GoldenCandidate;

class RecordsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(scratch_.Create(Backend::kSqlite)); }

  void Start(const std::string& store_url) {
    server_.reset();
    store_.reset();
    policies_ = std::make_unique<PolicyHolder>("");
    metrics_ = *Metrics::Create("");
    if (!store_url.empty()) {
      auto store = OpenStore(store_url);
      ASSERT_TRUE(store.ok()) << store.status();
      store_ = *std::move(store);
    }
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    auto server = TrustFitServer::Start(config, policies_.get(), metrics_.get(),
                                        store_.get());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::TrustFitService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                            grpc::InsecureChannelCredentials()));
  }

  grpc::Status Create(const v1::CreateAssessmentRequest& request,
                      v1::AssessmentRecord* record,
                      const std::string& requester = "") {
    grpc::ClientContext context;
    if (!requester.empty())
      context.AddMetadata("x-trustfit-requester", requester);
    return stub_->CreateAssessment(&context, request, record);
  }

  static v1::CreateAssessmentRequest Request(
      const std::string& golden, const std::string& cluster = "north") {
    v1::CreateAssessmentRequest request;
    *request.mutable_record()->mutable_candidate() = GoldenCandidate(golden);
    request.mutable_record()->set_cluster_id(cluster);
    return request;
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

  static std::string Reason(const grpc::Status& status) {
    google::rpc::Status details;
    if (!grpc::ExtractErrorDetails(status, &details).ok()) return "";
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info)) return info.reason();
    }
    return "";
  }

  trustfit::testing::ScratchStore scratch_;
  std::unique_ptr<PolicyHolder> policies_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<AssessmentStore> store_;
  std::unique_ptr<TrustFitServer> server_;
  std::unique_ptr<v1::TrustFitService::Stub> stub_;
};

TEST_F(RecordsServiceTest, CreateRecordsEverythingAndGetReadsItBack) {
  v1::CreateAssessmentRequest request = Request("strong_local");
  request.mutable_record()->set_note("Visited 12 November; governors keen.");
  v1::QuoteSpec* spec = request.mutable_record()->mutable_quote_spec();
  spec->set_arrangement(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  spec->add_services()->set_code("DATA_BENCHMARKING");
  v1::AssessmentRecord created;
  const grpc::Status status =
      Create(request, &created, "ceo-office@trust.example");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(created.name(),
              ::testing::MatchesRegex("assessments/[0-9a-f]{16}"));
  EXPECT_EQ(created.candidate().identity().urn(), "108057");
  EXPECT_EQ(created.cluster().name(),
            "North (Leeds and Wakefield)");  // Snapshot.
  EXPECT_EQ(created.assessment().recommendation().arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  EXPECT_GT(created.quote().net_pence(), 0);
  EXPECT_EQ(created.quote_spec().start_date().day(), 1);  // Defaulted.
  EXPECT_EQ(created.policy().content_hash(),
            scoring::Policy::Default().ref().content_hash());
  EXPECT_EQ(created.requester(), "ceo-office@trust.example");
  EXPECT_THAT(created.peer(), HasSubstr("127.0.0.1"));
  EXPECT_GT(created.create_time().seconds(), 1'700'000'000);
  EXPECT_EQ(created.note(), "Visited 12 November; governors keen.");

  v1::GetAssessmentRequest get;
  get.set_name(created.name());
  v1::AssessmentRecord read;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetAssessment(&context, get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
}

TEST_F(RecordsServiceTest, RequesterDefaultsToAnonymous) {
  v1::AssessmentRecord created;
  ASSERT_TRUE(Create(Request("coasting"), &created).ok());
  EXPECT_EQ(created.requester(), "anonymous");
}

TEST_F(RecordsServiceTest, RequestIdMakesCreateIdempotent) {
  v1::CreateAssessmentRequest request = Request("coasting");
  request.set_request_id("7d3c2b1a-retry");
  v1::AssessmentRecord first, again;
  ASSERT_TRUE(Create(request, &first).ok());
  ASSERT_TRUE(Create(request, &again).ok());
  EXPECT_EQ(again.name(), first.name());
  request.mutable_record()->set_note("a different request");
  v1::AssessmentRecord clash;
  const grpc::Status status = Create(request, &clash);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Reason(status), "REQUEST_ID_REUSED");
  EXPECT_THAT(status.error_message(), HasSubstr(first.name()));
}

TEST_F(RecordsServiceTest, InvalidRecordsNameFieldsUnderRecord) {
  v1::CreateAssessmentRequest request = Request("coasting");
  request.mutable_record()->mutable_candidate()->mutable_identity()->set_urn(
      "1");
  request.mutable_record()->mutable_quote_spec()->set_arrangement(
      v1::ARRANGEMENT_PARTNER);
  request.mutable_record()->mutable_quote_spec()->set_term_months(99);
  v1::AssessmentRecord record;
  grpc::Status status = Create(request, &record);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(Fields(status),
              ::testing::ElementsAre("record.candidate.identity.urn"));
  // With a valid candidate, the quote's problems are named too.
  request = Request("coasting");
  request.mutable_record()->mutable_quote_spec()->set_arrangement(
      v1::ARRANGEMENT_PARTNER);
  request.mutable_record()->mutable_quote_spec()->set_term_months(99);
  status = Create(request, &record);
  EXPECT_THAT(Fields(status),
              ::testing::ElementsAre("record.quote_spec.term_months"));
  // And a missing cluster.
  request = Request("coasting", "");
  status = Create(request, &record);
  EXPECT_THAT(Fields(status), ::testing::ElementsAre("record.cluster_id"));
  status = Create(v1::CreateAssessmentRequest(), &record);
  EXPECT_THAT(Fields(status), ::testing::Contains("record"));
}

// CreateAssessment reads its request itself (it is a raw method): bytes that
// are not one are refused like any other bad request.
TEST_F(RecordsServiceTest, BytesThatAreNotARequestAreInvalid) {
  grpc::GenericStub generic(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                          grpc::InsecureChannelCredentials()));
  const std::string garbage = "\xff\xff\xff";
  grpc::Slice slice(garbage);
  grpc::ByteBuffer request(&slice, 1), response;
  grpc::ClientContext context;
  std::promise<grpc::Status> done;
  generic.UnaryCall(&context, "/trustfit.v1.TrustFitService/CreateAssessment",
                    grpc::StubOptions(), &request, &response,
                    [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Reason(status), "INVALID_REQUEST");
  EXPECT_THAT(status.error_message(),
              HasSubstr("not a trustfit.v1.CreateAssessmentRequest"));
}

TEST_F(RecordsServiceTest, GetErrors) {
  v1::GetAssessmentRequest get;
  v1::AssessmentRecord read;
  get.set_name("schools/123");
  {
    grpc::ClientContext context;
    const grpc::Status status = stub_->GetAssessment(&context, get, &read);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(Fields(status), ::testing::ElementsAre("name"));
  }
  get.set_name("assessments/0123456789abcdef");
  {
    grpc::ClientContext context;
    const grpc::Status status = stub_->GetAssessment(&context, get, &read);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(Reason(status), "RECORD_NOT_FOUND");
  }
}

TEST_F(RecordsServiceTest, ListPagesWithTokensAndFilters) {
  for (int i = 0; i < 7; ++i) {
    v1::AssessmentRecord r;
    ASSERT_TRUE(Create(Request(i % 2 ? "coasting" : "deficit"), &r).ok());
  }
  v1::ListAssessmentsRequest list;
  list.set_page_size(3);
  std::vector<std::string> names;
  for (;;) {
    v1::ListAssessmentsResponse page;
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ListAssessments(&context, list, &page).ok());
    EXPECT_LE(page.assessments_size(), 3);
    for (const auto& r : page.assessments()) names.push_back(r.name());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(names.size(), 7u);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 7u);

  v1::ListAssessmentsRequest filtered;
  filtered.set_urn("137001");
  filtered.set_recommendation(v1::ARRANGEMENT_PARTNER);
  v1::ListAssessmentsResponse page;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ListAssessments(&context, filtered, &page).ok());
  EXPECT_EQ(page.assessments_size(), 4);
}

TEST_F(RecordsServiceTest, ListRefusesForeignOrAlteredTokens) {
  for (int i = 0; i < 3; ++i) {
    v1::AssessmentRecord r;
    ASSERT_TRUE(Create(Request("coasting"), &r).ok());
  }
  v1::ListAssessmentsRequest list;
  list.set_page_size(1);
  v1::ListAssessmentsResponse page;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->ListAssessments(&context, list, &page).ok());
  }
  ASSERT_FALSE(page.next_page_token().empty());
  // The token with other filters.
  list.set_page_token(page.next_page_token());
  list.set_urn("108088");
  {
    grpc::ClientContext context;
    const grpc::Status status = stub_->ListAssessments(&context, list, &page);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(Fields(status), ::testing::ElementsAre("page_token"));
  }
  // An altered token.
  list.clear_urn();
  std::string token = list.page_token();
  token[2] = token[2] == 'a' ? 'b' : 'a';
  list.set_page_token(token);
  {
    grpc::ClientContext context;
    EXPECT_EQ(stub_->ListAssessments(&context, list, &page).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  // A negative page size.
  list.clear_page_token();
  list.set_page_size(-1);
  {
    grpc::ClientContext context;
    const grpc::Status status = stub_->ListAssessments(&context, list, &page);
    EXPECT_THAT(Fields(status), ::testing::ElementsAre("page_size"));
  }
}

TEST_F(RecordsServiceTest, WithoutAStoreRecordsAreAPreconditionFailure) {
  Start("");
  v1::AssessmentRecord record;
  const grpc::Status status = Create(Request("coasting"), &record);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Reason(status), "STORE_DISABLED");
  EXPECT_THAT(status.error_message(), HasSubstr("--store"));
}

}  // namespace
}  // namespace trustfit::server
