#include "scoring/policy.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "scoring/policy_validation.h"
#include "scoring/proto_bytes.h"
#include "scoring/yaml_proto.h"

namespace trustfit::scoring {

std::string PolicyContentHash(const trustfit::v1::Policy& proto) {
  return DeterministicSha256Hex(proto);
}

absl::StatusOr<Policy> Policy::Create(trustfit::v1::Policy proto) {
  FieldViolations violations = ValidatePolicy(proto);
  if (!violations.empty()) return violations.ToStatus("invalid policy");
  auto state = std::make_shared<State>();
  state->proto = std::move(proto);
  state->ref.set_name(state->proto.name());
  state->ref.set_version(state->proto.version());
  state->ref.set_content_hash(PolicyContentHash(state->proto));
  for (const auto& service : state->proto.cost().catalogue()) {
    state->services.emplace(service.code(), &service);
  }
  return Policy(std::move(state));
}

absl::StatusOr<Policy> Policy::FromYaml(absl::string_view yaml) {
  trustfit::v1::Policy proto;
  FieldViolations violations;
  // A document that cannot be read has only that problem: checking the
  // empty policy it leaves would add a "required" for every section.
  if (!ParseYamlInto(yaml, &proto, &violations)) {
    return violations.ToStatus("invalid policy");
  }
  // Report the rule violations of what did parse alongside the structural
  // problems, so one round of edits can fix everything.
  violations.Append("", ValidatePolicy(proto));
  if (!violations.empty()) return violations.ToStatus("invalid policy");
  return Create(std::move(proto));
}

Policy Policy::Default() {
  absl::StatusOr<Policy> policy = FromYaml(DefaultPolicyYaml());
  if (!policy.ok()) {
    // The embedded policy is checked by the tests; failing here is a build
    // defect, not bad input.
    std::fprintf(stderr, "embedded default policy is invalid: %s\n",
                 policy.status().ToString().c_str());
    std::abort();
  }
  return *std::move(policy);
}

const trustfit::v1::Cluster* Policy::FindCluster(absl::string_view id) const {
  for (const auto& cluster : state_->proto.clusters()) {
    if (cluster.id() == id) return &cluster;
  }
  return nullptr;
}

const trustfit::v1::CatalogueService* Policy::FindService(
    absl::string_view code) const {
  auto it = state_->services.find(code);
  return it == state_->services.end() ? nullptr : it->second;
}

const trustfit::v1::ArrangementTerms* Policy::FindTerms(
    trustfit::v1::Arrangement arrangement) const {
  return FindArrangementTerms(state_->proto.scoring().recommendation(),
                              arrangement);
}

const trustfit::v1::ArrangementTerms* FindArrangementTerms(
    const trustfit::v1::RecommendationRules& rules,
    trustfit::v1::Arrangement arrangement) {
  for (const auto& terms : rules.terms()) {
    if (terms.arrangement() == arrangement) return &terms;
  }
  return nullptr;
}

}  // namespace trustfit::scoring
