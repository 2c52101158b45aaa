#include "server/auth/authorizer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/auth/auth_status.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::server::auth {

absl::StatusOr<Authorizer> Authorizer::FromServices(
    absl::Span<const google::protobuf::ServiceDescriptor* const> services) {
  Authorizer authorizer;
  std::vector<std::string> without_rule;
  for (const google::protobuf::ServiceDescriptor* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      const google::protobuf::MethodOptions& options = method->options();
      MethodRule rule;
      rule.full_name =
          absl::StrCat("/", service->full_name(), "/", method->name());
      rule.required_role = options.GetExtension(trustfit::v1::required_role);
      rule.changes_state = options.GetExtension(trustfit::v1::changes_state);
      if (rule.required_role == trustfit::v1::ROLE_UNSPECIFIED) {
        without_rule.push_back(rule.full_name);
        continue;
      }
      authorizer.index_[rule.full_name] = authorizer.rules_.size();
      authorizer.rules_.push_back(std::move(rule));
    }
  }
  if (!without_rule.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "every rpc needs option (trustfit.v1.required_role); these have "
        "none: ",
        absl::StrJoin(without_rule, ", ")));
  }
  return authorizer;
}

absl::StatusOr<Authorizer> Authorizer::ForTrustFit() {
  // Through a message of the same file, so that the file's descriptor is
  // linked in and registered.
  const google::protobuf::ServiceDescriptor* service =
      trustfit::v1::ScoreCandidateRequest::descriptor()
          ->file()
          ->FindServiceByName("TrustFitService");
  if (service == nullptr) {
    return absl::InternalError("trustfit.v1.TrustFitService is not linked in");
  }
  return FromServices({service});
}

const MethodRule* Authorizer::Find(absl::string_view full_method) const {
  const auto it = index_.find(full_method);
  return it == index_.end() ? nullptr : &rules_[it->second];
}

absl::StatusOr<const MethodRule*> Authorizer::Authorize(
    const Principal& principal, absl::string_view full_method) const {
  const MethodRule* rule = Find(full_method);
  if (rule == nullptr) return AccessRuleMissing(full_method);
  if (principal.method == AuthMethod::kNone ||
      principal.roles.Allows(rule->required_role)) {
    return rule;
  }
  return RoleRequired(full_method, rule->required_role, principal);
}

}  // namespace trustfit::server::auth
