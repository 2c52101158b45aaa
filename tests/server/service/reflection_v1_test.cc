// Reflection v1: the answers themselves (AnswerReflection), and the service
// as grpcurl meets it on a running TrustFit server.

#include "server/service/reflection_v1.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "server/ops/metrics.h"
#include "server/ops/policy_holder.h"
#include "server/server.h"

namespace trustfit::server {
namespace {

using reflection_v1::ServerReflectionRequest;
using reflection_v1::ServerReflectionResponse;
using ::testing::Contains;
using ::testing::IsSupersetOf;

const google::protobuf::DescriptorPool& Pool() {
  return *google::protobuf::DescriptorPool::generated_pool();
}

// The names of the files in a file descriptor answer, in order.
std::vector<std::string> FileNames(const ServerReflectionResponse& response) {
  std::vector<std::string> names;
  for (const std::string& bytes :
       response.file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    EXPECT_TRUE(file.ParseFromString(bytes));
    names.push_back(file.name());
  }
  return names;
}

TEST(AnswerReflection, ListsTheServicesItIsGiven) {
  ServerReflectionRequest request;
  request.set_list_services("*");
  const ServerReflectionResponse response =
      AnswerReflection(request, {"a.A", "b.B"}, Pool());
  ASSERT_EQ(response.list_services_response().service_size(), 2);
  EXPECT_EQ(response.list_services_response().service(1).name(), "b.B");
  EXPECT_EQ(response.original_request().list_services(), "*");
}

TEST(AnswerReflection, SendsTheFileOfASymbolFirstWithEveryImport) {
  ServerReflectionRequest request;
  request.set_file_containing_symbol("trustfit.v1.TrustFitService");
  const std::vector<std::string> files =
      FileNames(AnswerReflection(request, {}, Pool()));
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front(), "trustfit/v1/trustfit_service.proto");
  // Direct and indirect imports, so that a client can build descriptors.
  EXPECT_THAT(files, IsSupersetOf({"trustfit/v1/candidate.proto",
                                   "google/api/field_behavior.proto",
                                   "google/protobuf/descriptor.proto",
                                   "google/type/date.proto"}));
  EXPECT_EQ(std::set<std::string>(files.begin(), files.end()).size(),
            files.size());
}

TEST(AnswerReflection, FindsAFileByNameAndAnExtensionByNumber) {
  ServerReflectionRequest by_name;
  by_name.set_file_by_filename("trustfit/v1/record.proto");
  EXPECT_EQ(FileNames(AnswerReflection(by_name, {}, Pool())).front(),
            "trustfit/v1/record.proto");

  ServerReflectionRequest numbers;
  numbers.set_all_extension_numbers_of_type("google.protobuf.FieldOptions");
  const ServerReflectionResponse answer = AnswerReflection(numbers, {}, Pool());
  // google.api.field_behavior is field option 1052.
  EXPECT_THAT(answer.all_extension_numbers_response().extension_number(),
              Contains(1052));
}

TEST(AnswerReflection, SaysNotFoundForWhatThePoolLacks) {
  ServerReflectionRequest request;
  request.set_file_containing_symbol("trustfit.v1.NoSuchThing");
  const ServerReflectionResponse response =
      AnswerReflection(request, {}, Pool());
  EXPECT_EQ(response.error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  EXPECT_EQ(response.error_response().error_message(),
            "no symbol trustfit.v1.NoSuchThing");
  ServerReflectionRequest empty;
  EXPECT_EQ(AnswerReflection(empty, {}, Pool()).error_response().error_code(),
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
}

TEST(ReflectionV1Service, AnswersOnARunningServerWithoutCredentials) {
  PolicyHolder policies("");
  ASSERT_TRUE(policies.Reload().ok());
  std::unique_ptr<Metrics> metrics = *Metrics::Create("");
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  auto server = TrustFitServer::Start(config, &policies, metrics.get());
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = reflection_v1::ServerReflection::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                          grpc::InsecureChannelCredentials()));

  grpc::ClientContext context;
  auto stream = stub->ServerReflectionInfo(&context);
  ServerReflectionRequest list;
  list.set_list_services("");
  ServerReflectionResponse listed;
  ASSERT_TRUE(stream->Write(list) && stream->Read(&listed));
  std::vector<std::string> services;
  for (const auto& service : listed.list_services_response().service())
    services.push_back(service.name());
  EXPECT_THAT(
      services,
      IsSupersetOf({"trustfit.v1.TrustFitService", "grpc.health.v1.Health",
                    "grpc.reflection.v1.ServerReflection",
                    "grpc.reflection.v1alpha.ServerReflection"}));
  // A second question on the same stream, as grpcurl asks them.
  ServerReflectionRequest file;
  file.set_file_containing_symbol("trustfit.v1.TrustFitService");
  ServerReflectionResponse files;
  ASSERT_TRUE(stream->Write(file) && stream->Read(&files));
  EXPECT_EQ(FileNames(files).front(), "trustfit/v1/trustfit_service.proto");
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

}  // namespace
}  // namespace trustfit::server
