// Policy: a validated scoring policy with its identity.
//
// Every number and rule of the assessment and the quote comes from a Policy.
// One can only be made through Create() or FromYaml(), which validate it
// completely, so the scoring functions never see a bad policy. Its identity
// is its name, version and content hash (SHA-256 of the canonical protobuf
// serialisation), which every result records. A Policy is immutable and
// cheap to copy: copies share the same underlying message.
//
//   absl::StatusOr<Policy> policy = Policy::FromYaml(text);
//   if (!policy.ok()) { /* policy.status() lists every problem */ }
//   const trustfit::v1::Cluster* north = policy->FindCluster("north");

#ifndef TRUSTFIT_SCORING_POLICY_H_
#define TRUSTFIT_SCORING_POLICY_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "trustfit/v1/common.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

class Policy {
 public:
  // Validates `proto` and computes its content hash; INVALID_ARGUMENT with
  // every problem when it is not usable.
  static absl::StatusOr<Policy> Create(trustfit::v1::Policy proto);

  // Parses a YAML policy, then as Create(). Unknown keys, wrong types and
  // rule violations are reported together.
  static absl::StatusOr<Policy> FromYaml(absl::string_view yaml);

  // The default policy embedded in the library (scoring/default_policy.yaml).
  static Policy Default();

  const trustfit::v1::Policy& proto() const { return state_->proto; }
  const trustfit::v1::ScoringRules& scoring() const {
    return state_->proto.scoring();
  }
  const trustfit::v1::CostRules& cost() const { return state_->proto.cost(); }
  // Name, version and content hash.
  const trustfit::v1::PolicyRef& ref() const { return state_->ref; }

  // The cluster with this id, or nullptr.
  const trustfit::v1::Cluster* FindCluster(absl::string_view id) const;
  // The catalogue service with this code, or nullptr.
  const trustfit::v1::CatalogueService* FindService(
      absl::string_view code) const;
  // The terms of a quotable arrangement, or nullptr for any other.
  const trustfit::v1::ArrangementTerms* FindTerms(
      trustfit::v1::Arrangement arrangement) const;

 private:
  struct State {
    trustfit::v1::Policy proto;
    trustfit::v1::PolicyRef ref;
    absl::flat_hash_map<std::string, const trustfit::v1::CatalogueService*>
        services;
  };
  explicit Policy(std::shared_ptr<const State> state)
      : state_(std::move(state)) {}

  std::shared_ptr<const State> state_;
};

// The terms of a quotable arrangement in `rules`, or nullptr.
const trustfit::v1::ArrangementTerms* FindArrangementTerms(
    const trustfit::v1::RecommendationRules& rules,
    trustfit::v1::Arrangement arrangement);

// The YAML text of the embedded default policy.
absl::string_view DefaultPolicyYaml();

// Lower-case hex SHA-256 of the policy's deterministic serialisation.
std::string PolicyContentHash(const trustfit::v1::Policy& proto);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_POLICY_H_
