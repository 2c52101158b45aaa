// Internal to the scoring library: each criterion as one unit, and the one
// table of them.
//
// A criterion's unit is its file (standards.cc, leadership.cc, finance.cc,
// ethos.cc, capacity.cc, location.cc), holding everything about it: how its
// factors are scored, the rules its section of the policy must satisfy, the
// checks of the candidate's inputs that only it reads and the bounds of its
// factors' scores. CriterionUnits()
// lists the six once, in the order of the product's table (§3.1), and
// AssessInto, policy validation and candidate validation all walk it:
//
//   for (const CriterionUnit& unit : CriterionUnits()) {
//     unit.score(ctx, assessment, assessment->add_criteria());
//   }
//
// So a new factor touches its criterion's file (plus its proto field, its
// YAML and its reason code), and a new criterion adds one file and one row.
// What several criteria share (the weights and bands, the rubric and
// inspection grade scores, the candidate's identity and governance) is
// checked in policy_validation.cc and candidate_validation.cc.

#ifndef TRUSTFIT_SCORING_CRITERION_UNIT_H_
#define TRUSTFIT_SCORING_CRITERION_UNIT_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "scoring/candidate_checker.h"
#include "scoring/criteria.h"
#include "scoring/policy_checker.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/policy.pb.h"

namespace trustfit::scoring {

struct CriterionUnit {
  trustfit::v1::Criterion criterion = trustfit::v1::CRITERION_UNSPECIFIED;
  // Its name in the policy: its section of ScoringRules and its field of
  // CriterionWeights ("standards").
  absl::string_view id;
  // The section of the Candidate whose inputs `check_input` checks (a field
  // name of Candidate): capacity's inputs, the system leaders, are in
  // "leadership".
  absl::string_view input_section;

  // Fills `out`, the criterion being added to `so_far`, with its factors.
  // The criteria before it in the table are scored and weighed by then, and
  // so_far->location() is analysed: capacity reads the bands of standards,
  // leadership and finance and fills so_far->capacity(), location reads
  // so_far->location().
  void (*score)(const AssessmentContext& ctx, trustfit::v1::Assessment* so_far,
                trustfit::v1::CriterionResult* out) = nullptr;
  // Adds a violation for each rule its section of `rules` breaks; `section`
  // names paths from that section (policy validation passes
  // Sub(id)).
  void (*check_rules)(const trustfit::v1::ScoringRules& rules,
                      const PolicyChecker& section) = nullptr;
  // Adds a violation for each of the candidate's inputs it reads that makes
  // no sense, named by its path from the candidate.
  void (*check_input)(const trustfit::v1::Candidate& candidate,
                      CandidateChecker& checker) = nullptr;
  // The worst and best score its factor `factor` ("finance.reserves") can
  // take under the policy (§3.6); nullopt for a factor it does not make.
  std::optional<ScoreBounds> (*factor_bounds)(
      const AssessmentContext& ctx, absl::string_view factor) = nullptr;
};

// The six criteria, each once, in the order they are scored and listed: the
// product's table (§3.1). Capacity comes after standards, leadership and
// finance because the support a school needs depends on their bands.
absl::Span<const CriterionUnit> CriterionUnits();

// Each criterion's row, defined in its own file.
CriterionUnit StandardsCriterion();
CriterionUnit LeadershipCriterion();
CriterionUnit FinanceCriterion();
CriterionUnit EthosCriterion();
CriterionUnit CapacityCriterion();
CriterionUnit LocationCriterion();

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_CRITERION_UNIT_H_
