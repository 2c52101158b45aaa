// gRPC server reflection, version 1 (grpc.reflection.v1.ServerReflection).
//
// Debian's grpc++ 1.51 serves only v1alpha, while grpcurl, grpcui and
// Postman ask for v1 first. The two protocols are the same messages under
// another package, so this answers v1 from the same place v1alpha does: the
// generated descriptor pool and the server's own list of services.
//
//   grpc::ServerBuilder builder;
//   builder.SetOption(std::make_unique<ReflectionV1Option>());
//   builder.RegisterService(&service);
//   std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
//   // v1 now lists every registered service.

#ifndef TRUSTFIT_SERVER_SERVICE_REFLECTION_V1_H_
#define TRUSTFIT_SERVER_SERVICE_REFLECTION_V1_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpcpp/server_builder.h"

namespace trustfit::server {

namespace reflection_v1 = ::grpc::reflection::v1;

// The answer to one reflection request, from `pool` and the fully qualified
// names of the services a server offers. A file is sent with every file it
// imports, directly or not, so that a client can build its descriptors
// from one answer. What the pool lacks is a NOT_FOUND error response.
reflection_v1::ServerReflectionResponse AnswerReflection(
    const reflection_v1::ServerReflectionRequest& request,
    const std::vector<std::string>& services,
    const google::protobuf::DescriptorPool& pool);

// The v1 service over the generated pool. Its service list is empty until
// SetServices, which ReflectionV1Option calls once the server has started.
class ReflectionV1Service final
    : public reflection_v1::ServerReflection::CallbackService {
 public:
  void SetServices(std::vector<std::string> services);
  std::vector<std::string> services() const;

  grpc::ServerBidiReactor<reflection_v1::ServerReflectionRequest,
                          reflection_v1::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

 private:
  mutable absl::Mutex mutex_;
  std::vector<std::string> services_ ABSL_GUARDED_BY(mutex_);
};

// A ServerBuilder option that adds the v1 service to that one builder's
// server (unlike grpc's InitProtoReflectionServerBuilderPlugin, which adds
// v1alpha to every builder made after it) and tells it the server's
// services.
class ReflectionV1Option final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* args) override;
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_REFLECTION_V1_H_
