// Authorizer: the one table of which role each RPC needs, read at start-up
// from the `(trustfit.v1.required_role)` and `(trustfit.v1.changes_state)`
// options on each rpc (trustfit/v1/auth.proto), and the one check against it.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(Authorizer rules, Authorizer::ForTrustFit());
//   TRUSTFIT_ASSIGN_OR_RETURN(
//       const MethodRule* rule,
//       rules.Authorize(principal,
//                       "/trustfit.v1.TrustFitService/CreateAssessment"));
//   if (rule->changes_state) audit.Write(event);  // once the call has ended
//
// grpc.health.v1.Health, grpc.reflection.v1alpha.ServerReflection (served
// by gRPC itself) and grpc.reflection.v1.ServerReflection (by
// server/service/reflection_v1.h) are outside this table and need no
// credentials:
// probes must reach health, and reflection serves only the published schema.

#ifndef TRUSTFIT_SERVER_AUTH_AUTHORIZER_H_
#define TRUSTFIT_SERVER_AUTH_AUTHORIZER_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/descriptor.h"
#include "server/auth/principal.h"

namespace trustfit::server::auth {

// MethodRule
//
// What one method needs.
struct MethodRule {
  // As gRPC names it on the wire: "/trustfit.v1.TrustFitService/GetPolicy".
  std::string full_name;
  Role required_role = trustfit::v1::ROLE_UNSPECIFIED;
  // Successful calls change server state and are audited.
  bool changes_state = false;
};

// Authorizer
//
// Immutable once built; safe to share between threads.
class Authorizer {
 public:
  // The rules of every method of `services`. Fails, naming each one, if a
  // method has no required_role: the server must not start with a method
  // nobody decided about.
  static absl::StatusOr<Authorizer> FromServices(
      absl::Span<const google::protobuf::ServiceDescriptor* const> services);

  // The rules of trustfit.v1.TrustFitService.
  static absl::StatusOr<Authorizer> ForTrustFit();

  // The rule of `full_method` ("/package.Service/Method"), or nullptr.
  const MethodRule* Find(absl::string_view full_method) const;

  // The rule of `full_method` when `principal` may call it; otherwise
  // PERMISSION_DENIED (ROLE_REQUIRED), or INTERNAL (ACCESS_RULE_MISSING)
  // for a method without a rule. Callers with AuthMethod::kNone
  // (authentication off) may call every method that has a rule.
  absl::StatusOr<const MethodRule*> Authorize(
      const Principal& principal, absl::string_view full_method) const;

  // Every rule, in the order of the services' methods.
  const std::vector<MethodRule>& rules() const { return rules_; }

 private:
  std::vector<MethodRule> rules_;
  absl::flat_hash_map<std::string, size_t> index_;
};

}  // namespace trustfit::server::auth

#endif  // TRUSTFIT_SERVER_AUTH_AUTHORIZER_H_
