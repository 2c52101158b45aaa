// Leadership (§3.1): the headteacher, the inspection's leadership judgement,
// the assessor's governance rating, and staff turnover.

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/curve.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

void ScoreHeadteacher(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.leadership().headteacher();
  v1::FactorResult* f =
      AddFactor(out, "leadership.headteacher", rules.weight());
  const auto& leadership = ctx.candidate.leadership();
  switch (leadership.headteacher_status()) {
    case v1::HEADTEACHER_STATUS_SUBSTANTIVE: {
      if (!leadership.has_headteacher_years_in_post()) break;
      const double years = leadership.headteacher_years_in_post();
      const double score = EvaluateCurve(rules.substantive_years(), years);
      const bool established = AtLeastSecure(ctx.rules, score);
      MarkScored(
          f, years,
          absl::StrCat("substantive, ", FormatNumber(years, 1), " years"),
          score,
          established ? ReasonCode::kLeadershipHeadteacherEstablished
                      : ReasonCode::kLeadershipHeadteacherNew,
          absl::StrCat("Substantive headteacher, ", FormatNumber(years, 1),
                       " years in post; scores ", FormatNumber(Round2(score)),
                       "."));
      return;
    }
    case v1::HEADTEACHER_STATUS_ACTING:
    case v1::HEADTEACHER_STATUS_INTERIM: {
      const bool acting =
          leadership.headteacher_status() == v1::HEADTEACHER_STATUS_ACTING;
      const double score = rules.acting_or_interim_score();
      MarkScored(
          f, std::nullopt, acting ? "acting" : "interim", score,
          ReasonCode::kLeadershipHeadteacherInterim,
          absl::StrCat("The headteacher is ", acting ? "acting" : "interim",
                       "; scores ", FormatNumber(score), "."));
      return;
    }
    case v1::HEADTEACHER_STATUS_VACANT:
      MarkScored(f, std::nullopt, "vacant", rules.vacant_score(),
                 ReasonCode::kLeadershipHeadteacherVacant,
                 absl::StrCat("The headteacher post is vacant; scores ",
                              FormatNumber(rules.vacant_score()), "."));
      return;
    default:
      break;
  }
  const bool substantive =
      leadership.headteacher_status() == v1::HEADTEACHER_STATUS_SUBSTANTIVE;
  MarkMissing(
      f, ReasonCode::kLeadershipHeadteacherDataMissing,
      {substantive ? "leadership.headteacher_years_in_post"
                   : "leadership.headteacher_status"},
      substantive
          ? "The substantive headteacher's years in post were not given."
          : "Headteacher status was not given.");
}

void ScoreJudgement(const AssessmentContext& ctx, v1::CriterionResult* out) {
  v1::FactorResult* f = AddFactor(out, "leadership.judgement",
                                  ctx.rules.leadership().judgement_weight());
  const auto& standards = ctx.candidate.standards();
  const auto& grades = ctx.rules.inspection_grades();
  if (standards.has_legacy_inspection() &&
      standards.legacy_inspection().leadership_and_management() !=
          v1::LEGACY_GRADE_UNSPECIFIED) {
    const v1::LegacyGrade grade =
        standards.legacy_inspection().leadership_and_management();
    const double score = EvaluateCurve(grades.legacy_grade(), grade);
    const bool secure = AtLeastSecure(ctx.rules, score);
    MarkScored(f, static_cast<int>(grade),
               absl::StrCat(LegacyGradeName(grade), " (legacy grade ",
                            static_cast<int>(grade), ")"),
               score,
               secure ? ReasonCode::kLeadershipJudgementSecure
                      : ReasonCode::kLeadershipJudgementWeak,
               absl::StrCat("Leadership and management was judged ",
                            LegacyGradeName(grade), "; scores ",
                            FormatNumber(Round2(score)), "."));
    return;
  }
  if (standards.has_report_card() &&
      standards.report_card().leadership_and_governance() !=
          v1::REPORT_CARD_GRADE_UNSPECIFIED) {
    const v1::ReportCardGrade grade =
        standards.report_card().leadership_and_governance();
    const double score = ReportCardScore(grades.report_card(), grade);
    const bool secure = AtLeastSecure(ctx.rules, score);
    MarkScored(f, std::nullopt, std::string(ReportCardGradeName(grade)), score,
               secure ? ReasonCode::kLeadershipJudgementSecure
                      : ReasonCode::kLeadershipJudgementWeak,
               absl::StrCat("Leadership and governance was graded ",
                            ReportCardGradeName(grade), "; scores ",
                            FormatNumber(Round2(score)), "."));
    return;
  }
  MarkMissing(f, ReasonCode::kLeadershipJudgementDataMissing,
              {"standards.legacy_inspection.leadership_and_management",
               "standards.report_card.leadership_and_governance"},
              "No inspection judgement of leadership was given.");
}

void ScoreGovernance(const AssessmentContext& ctx, v1::CriterionResult* out) {
  v1::FactorResult* f = AddFactor(out, "leadership.governance",
                                  ctx.rules.leadership().governance_weight());
  const auto& governance = ctx.candidate.governance();
  if (!governance.has_governance_rating()) {
    MarkMissing(f, ReasonCode::kLeadershipGovernanceDataMissing,
                {"governance.governance_rating"},
                "Governance has not been rated.");
    return;
  }
  const int rating = governance.governance_rating().rating();
  const double score = RubricScore(ctx.rules.rubric_scores(), rating);
  const std::string& evidence = governance.governance_rating().evidence();
  MarkScored(
      f, rating, absl::StrCat(rating, " (", RubricWord(rating), ")"), score,
      rating >= 3 ? ReasonCode::kLeadershipGovernanceStrong
                  : ReasonCode::kLeadershipGovernanceWeak,
      absl::StrCat("Governance rated ", rating, " of 4 (", RubricWord(rating),
                   ")", evidence.empty() ? "" : absl::StrCat(": ", evidence),
                   "; scores ", FormatNumber(score), "."));
}

void ScoreStaffTurnover(const AssessmentContext& ctx,
                        v1::CriterionResult* out) {
  const auto& rules = ctx.rules.leadership().staff_turnover();
  v1::FactorResult* f =
      AddFactor(out, "leadership.staff_turnover", rules.weight());
  const auto& leadership = ctx.candidate.leadership();
  if (!leadership.has_staff_turnover_pct()) {
    MarkMissing(f, ReasonCode::kLeadershipStaffTurnoverDataMissing,
                {"leadership.staff_turnover_pct"},
                "Staff turnover was not given.");
    return;
  }
  const double turnover = leadership.staff_turnover_pct();
  const double score = EvaluateCurve(rules.curve(), turnover);
  const bool low = AtLeastSecure(ctx.rules, score);
  MarkScored(f, turnover, absl::StrCat(FormatNumber(turnover), "%"), score,
             low ? ReasonCode::kLeadershipStaffTurnoverLow
                 : ReasonCode::kLeadershipStaffTurnoverHigh,
             absl::StrCat("Staff turnover is ", FormatNumber(turnover),
                          "%; scores ", FormatNumber(Round2(score)), "."));
}

}  // namespace

namespace {

void ScoreLeadership(const AssessmentContext& ctx, v1::Assessment* /*so_far*/,
                     v1::CriterionResult* out) {
  out->set_criterion(v1::CRITERION_LEADERSHIP);
  out->set_weight(ctx.rules.weights().leadership());
  ScoreHeadteacher(ctx, out);
  ScoreJudgement(ctx, out);
  ScoreGovernance(ctx, out);
  ScoreStaffTurnover(ctx, out);
}

void CheckLeadershipRules(const v1::ScoringRules& rules,
                          const PolicyChecker& le) {
  const v1::LeadershipRules& leadership = rules.leadership();
  const PolicyChecker ht = le.Sub("headteacher");
  ht.Weight("weight", leadership.headteacher().weight());
  ht.CurveShape("substantive_years",
                leadership.headteacher().substantive_years(),
                CurveDirection::kIncreasing);
  ht.Score("acting_or_interim_score",
           leadership.headteacher().acting_or_interim_score());
  ht.Score("vacant_score", leadership.headteacher().vacant_score());
  le.Weight("judgement_weight", leadership.judgement_weight());
  le.Weight("governance_weight", leadership.governance_weight());
  le.CurveFactor("staff_turnover", leadership.staff_turnover(),
                 CurveDirection::kDecreasing);
}

void CheckLeadershipInput(const v1::Candidate& candidate, CandidateChecker& c) {
  const v1::Leadership& l = candidate.leadership();
  c.Enum("leadership.headteacher_status", l.headteacher_status(),
         v1::HeadteacherStatus_IsValid);
  c.Range("leadership.headteacher_years_in_post",
          l.has_headteacher_years_in_post(), l.headteacher_years_in_post(), 0.0,
          60.0);
  c.Range("leadership.staff_turnover_pct", l.has_staff_turnover_pct(),
          l.staff_turnover_pct(), 0.0, 100.0);
  c.Range("leadership.temporary_staff_pct", l.has_temporary_staff_pct(),
          l.temporary_staff_pct(), 0.0, 100.0);
  c.NonNegative("leadership.teacher_vacancies", l.has_teacher_vacancies(),
                l.teacher_vacancies());
}

// The worst and best score of each of its factors (§3.6).
std::optional<ScoreBounds> LeadershipFactorBounds(const AssessmentContext& ctx,
                                                  absl::string_view factor) {
  const v1::ScoringRules& r = ctx.rules;
  if (factor == "leadership.headteacher") {
    const auto& h = r.leadership().headteacher();
    return JoinBounds(
        CurveBounds(h.substantive_years()),
        BoundsOver({h.acting_or_interim_score(), h.vacant_score()}));
  }
  if (factor == "leadership.judgement")
    return InspectionBounds(r.inspection_grades());
  if (factor == "leadership.governance") return RubricBounds(r.rubric_scores());
  if (factor == "leadership.staff_turnover") {
    return CurveBounds(r.leadership().staff_turnover().curve());
  }
  return std::nullopt;
}

}  // namespace

CriterionUnit LeadershipCriterion() {
  CriterionUnit unit;
  unit.criterion = v1::CRITERION_LEADERSHIP;
  unit.id = "leadership";
  unit.input_section = "leadership";
  unit.score = &ScoreLeadership;
  unit.check_rules = &CheckLeadershipRules;
  unit.check_input = &CheckLeadershipInput;
  unit.factor_bounds = &LeadershipFactorBounds;
  return unit;
}

}  // namespace trustfit::scoring
