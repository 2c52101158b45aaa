#include "server/service/reflection_v1.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpcpp/impl/server_initializer.h"

namespace trustfit::server {
namespace {

namespace protobuf = ::google::protobuf;
using reflection_v1::ServerReflectionRequest;
using reflection_v1::ServerReflectionResponse;

constexpr int kNotFound = static_cast<int>(grpc::StatusCode::NOT_FOUND);

void NotFound(const std::string& message, ServerReflectionResponse* response) {
  response->mutable_error_response()->set_error_code(kNotFound);
  response->mutable_error_response()->set_error_message(message);
}

// `file` and everything it imports, each once, `file` first.
void AddFileWithImports(const protobuf::FileDescriptor* file,
                        absl::flat_hash_set<std::string>* sent,
                        reflection_v1::FileDescriptorResponse* out) {
  if (!sent->insert(file->name()).second) return;
  protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  // Clients need the JSON names to print and read messages as JSON.
  file->CopyJsonNameTo(&proto);
  out->add_file_descriptor_proto(proto.SerializeAsString());
  for (int i = 0; i < file->dependency_count(); ++i)
    AddFileWithImports(file->dependency(i), sent, out);
}

void AnswerWithFile(const protobuf::FileDescriptor* file,
                    const std::string& missing,
                    ServerReflectionResponse* response) {
  if (file == nullptr) return NotFound(missing, response);
  absl::flat_hash_set<std::string> sent;
  AddFileWithImports(file, &sent, response->mutable_file_descriptor_response());
}

void AnswerExtension(const reflection_v1::ExtensionRequest& request,
                     const protobuf::DescriptorPool& pool,
                     ServerReflectionResponse* response) {
  const protobuf::Descriptor* type =
      pool.FindMessageTypeByName(request.containing_type());
  const protobuf::FieldDescriptor* extension =
      type == nullptr
          ? nullptr
          : pool.FindExtensionByNumber(type, request.extension_number());
  AnswerWithFile(extension == nullptr ? nullptr : extension->file(),
                 absl::StrCat("no extension ", request.extension_number(),
                              " of ", request.containing_type()),
                 response);
}

void AnswerExtensionNumbers(const std::string& type_name,
                            const protobuf::DescriptorPool& pool,
                            ServerReflectionResponse* response) {
  const protobuf::Descriptor* type = pool.FindMessageTypeByName(type_name);
  if (type == nullptr) {
    return NotFound(absl::StrCat("no message type ", type_name), response);
  }
  std::vector<const protobuf::FieldDescriptor*> extensions;
  pool.FindAllExtensions(type, &extensions);
  auto* numbers = response->mutable_all_extension_numbers_response();
  numbers->set_base_type_name(type_name);
  for (const protobuf::FieldDescriptor* extension : extensions)
    numbers->add_extension_number(extension->number());
}

// One stream: each request read is answered before the next is read.
class ReflectionReactor final
    : public grpc::ServerBidiReactor<ServerReflectionRequest,
                                     ServerReflectionResponse> {
 public:
  explicit ReflectionReactor(const ReflectionV1Service* service)
      : service_(service) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) return Finish(grpc::Status::OK);  // The client is done.
    response_ = AnswerReflection(request_, service_->services(),
                                 *protobuf::DescriptorPool::generated_pool());
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return Finish(grpc::Status(grpc::StatusCode::CANCELLED, ""));
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  const ReflectionV1Service* service_;
  ServerReflectionRequest request_;
  ServerReflectionResponse response_;
};

// Registers the service on the server being built and, once it has started,
// gives the service the server's list of services.
class ReflectionV1Plugin final : public grpc::ServerBuilderPlugin {
 public:
  std::string name() override { return "trustfit_reflection_v1"; }
  void InitServer(grpc::ServerInitializer* initializer) override {
    initializer->RegisterService(service_);
  }
  void Finish(grpc::ServerInitializer* initializer) override {
    service_->SetServices(*initializer->GetServiceList());
  }
  void ChangeArguments(const std::string&, void*) override {}

 private:
  std::shared_ptr<ReflectionV1Service> service_ =
      std::make_shared<ReflectionV1Service>();
};

}  // namespace

ServerReflectionResponse AnswerReflection(
    const ServerReflectionRequest& request,
    const std::vector<std::string>& services,
    const protobuf::DescriptorPool& pool) {
  ServerReflectionResponse response;
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  switch (request.message_request_case()) {
    case ServerReflectionRequest::kListServices:
      for (const std::string& service : services) {
        response.mutable_list_services_response()->add_service()->set_name(
            service);
      }
      break;
    case ServerReflectionRequest::kFileByFilename:
      AnswerWithFile(pool.FindFileByName(request.file_by_filename()),
                     absl::StrCat("no file ", request.file_by_filename()),
                     &response);
      break;
    case ServerReflectionRequest::kFileContainingSymbol:
      AnswerWithFile(
          pool.FindFileContainingSymbol(request.file_containing_symbol()),
          absl::StrCat("no symbol ", request.file_containing_symbol()),
          &response);
      break;
    case ServerReflectionRequest::kFileContainingExtension:
      AnswerExtension(request.file_containing_extension(), pool, &response);
      break;
    case ServerReflectionRequest::kAllExtensionNumbersOfType:
      AnswerExtensionNumbers(request.all_extension_numbers_of_type(), pool,
                             &response);
      break;
    case ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
      response.mutable_error_response()->set_error_code(
          static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
      response.mutable_error_response()->set_error_message(
          "the request names no question (message_request is unset)");
      break;
  }
  return response;
}

void ReflectionV1Service::SetServices(std::vector<std::string> services) {
  absl::MutexLock lock(&mutex_);
  services_ = std::move(services);
}

std::vector<std::string> ReflectionV1Service::services() const {
  absl::MutexLock lock(&mutex_);
  return services_;
}

grpc::ServerBidiReactor<ServerReflectionRequest, ServerReflectionResponse>*
ReflectionV1Service::ServerReflectionInfo(grpc::CallbackServerContext*) {
  return new ReflectionReactor(this);
}

void ReflectionV1Option::UpdateArguments(grpc::ChannelArguments*) {}

void ReflectionV1Option::UpdatePlugins(
    std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) {
  plugins->push_back(std::make_unique<ReflectionV1Plugin>());
}

}  // namespace trustfit::server
