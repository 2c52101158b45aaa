// Ethos (§3.1): religious character and phase against the trust, the
// assessor's values and inclusion ratings, and the suspension rate.

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/curve.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

// Lower case with single spaces, so "Church of  England " matches.
std::string Normalise(absl::string_view text) {
  std::string out;
  for (absl::string_view word :
       absl::StrSplit(text, ' ', absl::SkipWhitespace())) {
    if (!out.empty()) out.push_back(' ');
    absl::StrAppend(&out,
                    absl::AsciiStrToLower(absl::StripAsciiWhitespace(word)));
  }
  return out;
}

// The DfE register's ways of saying "no religious character".
bool MeansNone(const std::string& normalised) {
  return normalised == "none" || normalised == "does not apply" ||
         normalised == "none/not available" || normalised == "not applicable" ||
         normalised == "no religious character";
}

absl::string_view PhaseName(v1::Phase phase) {
  switch (phase) {
    case v1::PHASE_NURSERY:
      return "nursery";
    case v1::PHASE_PRIMARY:
      return "primary";
    case v1::PHASE_MIDDLE:
      return "middle";
    case v1::PHASE_SECONDARY:
      return "secondary";
    case v1::PHASE_ALL_THROUGH:
      return "all-through";
    case v1::PHASE_SPECIAL:
      return "special";
    case v1::PHASE_ALTERNATIVE_PROVISION:
      return "alternative provision";
    case v1::PHASE_SIXTEEN_PLUS:
      return "16 plus";
    default:
      return "unknown";
  }
}

void ScoreReligiousCharacter(const AssessmentContext& ctx,
                             v1::CriterionResult* out) {
  const auto& rules = ctx.rules.ethos().religious_character();
  v1::FactorResult* f =
      AddFactor(out, "ethos.religious_character", rules.weight());
  const std::string& character = ctx.candidate.identity().religious_character();
  switch (ClassifyReligiousCharacter(ctx.trust, character)) {
    case ReligiousFit::kMissing:
      MarkMissing(f, ReasonCode::kEthosReligiousCharacterDataMissing,
                  {"identity.religious_character"},
                  "Religious character was not given (write \"None\" when it "
                  "has none).");
      return;
    case ReligiousFit::kCompatible:
      MarkScored(f, std::nullopt, character, rules.compatible_score(),
                 ReasonCode::kEthosReligiousCharacterCompatible,
                 absl::StrCat("Religious character \"", character,
                              "\" fits the trust; scores ",
                              FormatNumber(rules.compatible_score()), "."));
      return;
    case ReligiousFit::kConsentRequired:
      MarkScored(
          f, std::nullopt, character, rules.consent_required_score(),
          ReasonCode::kEthosReligiousCharacterConsentRequired,
          absl::StrCat("The trust accepts a \"", character,
                       "\" school only with the diocese's consent; scores ",
                       FormatNumber(rules.consent_required_score()), "."));
      return;
    case ReligiousFit::kNotAccepted:
      MarkScored(f, std::nullopt, character, rules.not_accepted_score(),
                 ReasonCode::kEthosReligiousCharacterNotAccepted,
                 absl::StrCat("The trust does not accept a \"", character,
                              "\" school; scores ",
                              FormatNumber(rules.not_accepted_score()), "."));
      return;
  }
}

void ScorePhase(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.ethos().phase();
  v1::FactorResult* f = AddFactor(out, "ethos.phase", rules.weight());
  const v1::Phase phase = ctx.candidate.identity().phase();
  if (phase == v1::PHASE_UNSPECIFIED) {
    MarkMissing(f, ReasonCode::kEthosPhaseDataMissing, {"identity.phase"},
                "Phase of education was not given.");
    return;
  }
  const auto& phases = ctx.trust.phases();
  const bool runs =
      std::find(phases.begin(), phases.end(), phase) != phases.end();
  const double score =
      runs ? rules.existing_phase_score() : rules.new_phase_score();
  MarkScored(f, std::nullopt, std::string(PhaseName(phase)), score,
             runs ? ReasonCode::kEthosPhaseAlreadyRun
                  : ReasonCode::kEthosPhaseNewToTrust,
             runs ? absl::StrCat("The trust already runs ", PhaseName(phase),
                                 " schools; scores ", FormatNumber(score), ".")
                  : absl::StrCat("The trust runs no ", PhaseName(phase),
                                 " school yet, a strategic question rather "
                                 "than a failure; scores ",
                                 FormatNumber(score), "."));
}

void ScoreRubric(const AssessmentContext& ctx, absl::string_view id,
                 double weight, const v1::Ethos& ethos, bool values,
                 v1::CriterionResult* out) {
  v1::FactorResult* f = AddFactor(out, id, weight);
  const bool present =
      values ? ethos.has_values_alignment() : ethos.has_inclusion_commitment();
  const absl::string_view what =
      values ? "Values alignment" : "Inclusion commitment";
  if (!present) {
    MarkMissing(
        f,
        values ? ReasonCode::kEthosValuesDataMissing
               : ReasonCode::kEthosInclusionDataMissing,
        {values ? "ethos.values_alignment" : "ethos.inclusion_commitment"},
        absl::StrCat(what, " has not been rated."));
    return;
  }
  const v1::RubricRating& rating =
      values ? ethos.values_alignment() : ethos.inclusion_commitment();
  const int r = rating.rating();
  const double score = RubricScore(ctx.rules.rubric_scores(), r);
  const bool good = r >= 3;
  const ReasonCode code = values ? (good ? ReasonCode::kEthosValuesAligned
                                         : ReasonCode::kEthosValuesNotAligned)
                                 : (good ? ReasonCode::kEthosInclusionStrong
                                         : ReasonCode::kEthosInclusionWeak);
  MarkScored(f, r, absl::StrCat(r, " (", RubricWord(r), ")"), score, code,
             absl::StrCat(what, " rated ", r, " of 4 (", RubricWord(r), ")",
                          rating.evidence().empty()
                              ? ""
                              : absl::StrCat(": ", rating.evidence()),
                          "; scores ", FormatNumber(score), "."));
}

void ScoreSuspensions(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.ethos().suspensions();
  v1::FactorResult* f = AddFactor(out, "ethos.suspensions", rules.weight());
  const auto& standards = ctx.candidate.standards();
  if (!standards.has_suspension_rate_per_100()) {
    MarkMissing(f, ReasonCode::kEthosSuspensionsDataMissing,
                {"standards.suspension_rate_per_100"},
                "The suspension rate was not given.");
    return;
  }
  const double rate = standards.suspension_rate_per_100();
  const double score = EvaluateCurve(rules.curve(), rate);
  const bool low = AtLeastSecure(ctx.rules, score);
  MarkScored(
      f, rate, absl::StrCat(FormatNumber(rate), " per 100 pupils"), score,
      low ? ReasonCode::kEthosSuspensionsLow
          : ReasonCode::kEthosSuspensionsHigh,
      absl::StrCat(FormatNumber(rate), " suspensions per 100 pupils; scores ",
                   FormatNumber(Round2(score)), "."));
}

}  // namespace

ReligiousFit ClassifyReligiousCharacter(const v1::Trust& trust,
                                        absl::string_view character) {
  const std::string mine = Normalise(character);
  if (mine.empty()) return ReligiousFit::kMissing;
  if (MeansNone(mine)) return ReligiousFit::kCompatible;
  if (!trust.religious_character().empty() &&
      Normalise(trust.religious_character()) == mine) {
    return ReligiousFit::kCompatible;
  }
  for (const auto& accepted : trust.accepted_religious_characters()) {
    if (Normalise(accepted.name()) == mine) {
      return accepted.requires_diocesan_consent()
                 ? ReligiousFit::kConsentRequired
                 : ReligiousFit::kCompatible;
    }
  }
  return ReligiousFit::kNotAccepted;
}

namespace {

void ScoreEthos(const AssessmentContext& ctx, v1::Assessment* /*so_far*/,
                v1::CriterionResult* out) {
  out->set_criterion(v1::CRITERION_ETHOS);
  out->set_weight(ctx.rules.weights().ethos());
  const auto& ethos_rules = ctx.rules.ethos();
  ScoreReligiousCharacter(ctx, out);
  ScorePhase(ctx, out);
  ScoreRubric(ctx, "ethos.values_alignment",
              ethos_rules.values_alignment_weight(), ctx.candidate.ethos(),
              /*values=*/true, out);
  ScoreRubric(ctx, "ethos.inclusion_commitment",
              ethos_rules.inclusion_commitment_weight(), ctx.candidate.ethos(),
              /*values=*/false, out);
  ScoreSuspensions(ctx, out);
}

void CheckEthosRules(const v1::ScoringRules& rules, const PolicyChecker& et) {
  const v1::EthosRules& ethos = rules.ethos();
  const PolicyChecker rel = et.Sub("religious_character");
  rel.Weight("weight", ethos.religious_character().weight());
  rel.Score("compatible_score", ethos.religious_character().compatible_score());
  rel.Score("consent_required_score",
            ethos.religious_character().consent_required_score());
  rel.Score("not_accepted_score",
            ethos.religious_character().not_accepted_score());
  et.Ordered("religious_character",
             {ethos.religious_character().compatible_score(),
              ethos.religious_character().consent_required_score(),
              ethos.religious_character().not_accepted_score()},
             "religious character scores");
  const PolicyChecker ph = et.Sub("phase");
  ph.Weight("weight", ethos.phase().weight());
  ph.Score("existing_phase_score", ethos.phase().existing_phase_score());
  ph.Score("new_phase_score", ethos.phase().new_phase_score());
  et.Ordered(
      "phase",
      {ethos.phase().existing_phase_score(), ethos.phase().new_phase_score()},
      "phase scores");
  et.Weight("values_alignment_weight", ethos.values_alignment_weight());
  et.Weight("inclusion_commitment_weight", ethos.inclusion_commitment_weight());
  et.CurveFactor("suspensions", ethos.suspensions(),
                 CurveDirection::kDecreasing);
}

void CheckEthosInput(const v1::Candidate& candidate, CandidateChecker& c) {
  c.Rubric("ethos.values_alignment", candidate.ethos().has_values_alignment(),
           candidate.ethos().values_alignment());
  c.Rubric("ethos.inclusion_commitment",
           candidate.ethos().has_inclusion_commitment(),
           candidate.ethos().inclusion_commitment());
}

// The worst and best score of each of its factors (§3.6).
std::optional<ScoreBounds> EthosFactorBounds(const AssessmentContext& ctx,
                                             absl::string_view factor) {
  const v1::ScoringRules& r = ctx.rules;
  if (factor == "ethos.religious_character") {
    const auto& c = r.ethos().religious_character();
    return BoundsOver({c.compatible_score(), c.consent_required_score(),
                       c.not_accepted_score()});
  }
  if (factor == "ethos.phase") {
    const auto& p = r.ethos().phase();
    return BoundsOver({p.existing_phase_score(), p.new_phase_score()});
  }
  if (factor == "ethos.values_alignment" ||
      factor == "ethos.inclusion_commitment") {
    return RubricBounds(r.rubric_scores());
  }
  if (factor == "ethos.suspensions")
    return CurveBounds(r.ethos().suspensions().curve());
  return std::nullopt;
}

}  // namespace

CriterionUnit EthosCriterion() {
  CriterionUnit unit;
  unit.criterion = v1::CRITERION_ETHOS;
  unit.id = "ethos";
  unit.input_section = "ethos";
  unit.score = &ScoreEthos;
  unit.check_rules = &CheckEthosRules;
  unit.check_input = &CheckEthosInput;
  unit.factor_bounds = &EthosFactorBounds;
  return unit;
}

}  // namespace trustfit::scoring
