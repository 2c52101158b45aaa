#include "scoring/levers.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "scoring/curve.h"
#include "scoring/gates.h"
#include "scoring/money.h"
#include "scoring/report_card.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

enum class Better { kHigher, kLower };

// The x of every curve point that scores more than `now` does (every point
// when `now` is unknown), nearest first.
std::vector<double> CurveOptions(const Curve& curve, std::optional<double> now,
                                 Better better) {
  const double now_score = now.has_value() ? EvaluateCurve(curve, *now) : -1;
  std::vector<double> xs;
  for (const v1::CurvePoint& point : curve) {
    const double x = point.x();
    if (now.has_value() && (better == Better::kHigher ? x <= *now : x >= *now))
      continue;
    if (EvaluateCurve(curve, x) <= now_score) continue;
    if (std::find(xs.begin(), xs.end(), x) == xs.end()) xs.push_back(x);
  }
  std::sort(xs.begin(), xs.end());
  if (better == Better::kLower) std::reverse(xs.begin(), xs.end());
  return xs;
}

std::optional<double> Maybe(bool has, double value) {
  if (!has) return std::nullopt;
  return value;
}

std::string Percent(bool has, double value) {
  return has ? absl::StrCat(FormatNumber(value), "%") : "missing";
}

// Ratings 1-4 above the current one.
std::vector<double> RatingsAbove(const v1::RubricRating& rating, bool has) {
  std::vector<double> out;
  for (int r = has ? rating.rating() + 1 : 1; r <= 4; ++r) out.push_back(r);
  return out;
}

std::string ShowRating(const v1::RubricRating& rating, bool has) {
  if (!has) return "missing";
  return absl::StrCat(rating.rating(), " of 4 (", RubricWord(rating.rating()),
                      ")");
}

// The latest attainment year that has `has`, or nullptr.
template <typename Has>
const v1::AttainmentYear* Latest(const v1::Candidate& c, Has has) {
  const v1::AttainmentYear* latest = nullptr;
  for (const auto& year : c.standards().attainment()) {
    if ((year.*has)() && (latest == nullptr || year.year() > latest->year()))
      latest = &year;
  }
  return latest;
}

template <typename Has>
v1::AttainmentYear* MutableLatest(v1::Candidate* c, Has has) {
  const v1::AttainmentYear* latest = Latest(*c, has);
  for (auto& year : *c->mutable_standards()->mutable_attainment()) {
    if (&year == latest) return &year;
  }
  return nullptr;
}

// Pence of `pct` percent of `base`, to the pound: money fields stay whole.
int64_t PenceOf(double pct, int64_t base) {
  return static_cast<int64_t>(std::llround(pct * base / 100.0 / 100.0)) * 100;
}

std::vector<double> StageOptions(const AssessmentContext& ctx) {
  std::vector<double> out;
  for (v1::GovernanceStage stage : {v1::GOVERNANCE_STAGE_GOVERNORS_RESOLVED,
                                    v1::GOVERNANCE_STAGE_DIRECTOR_AUTHORISED}) {
    if (ctx.candidate.governance().stage() < stage) out.push_back(stage);
  }
  return out;
}

std::vector<double> SubstantiveHead(const AssessmentContext& ctx) {
  const auto status = ctx.candidate.leadership().headteacher_status();
  if (status == v1::HEADTEACHER_STATUS_SUBSTANTIVE) return {};
  return {v1::HEADTEACHER_STATUS_SUBSTANTIVE};
}

// Up to three more system leaders than now.
std::vector<double> MoreLeaders(int now) {
  return {now + 1.0, now + 2.0, now + 3.0};
}

// In-year balance as % of the income base, as the finance factor reads it.
std::vector<double> InYearOptions(const AssessmentContext& ctx) {
  const auto& f = ctx.candidate.finance();
  const std::optional<IncomeBase> base = FinanceIncomeBase(f);
  if (!base.has_value()) return {};
  std::optional<double> now;
  if (f.has_in_year_balance_pence())
    now = 100.0 * f.in_year_balance_pence() / base->pence;
  std::vector<double> pence;
  for (double pct : CurveOptions(ctx.rules.finance().in_year_balance().curve(),
                                 now, Better::kHigher)) {
    pence.push_back(PenceOf(pct, base->pence));
  }
  return pence;
}

std::vector<double> ReservesOptions(const AssessmentContext& ctx) {
  const auto& f = ctx.candidate.finance();
  const std::optional<IncomeBase> base = FinanceIncomeBase(f);
  if (!base.has_value()) return {};
  std::optional<double> now;
  if (f.has_revenue_reserves_pence())
    now = 100.0 * f.revenue_reserves_pence() / base->pence;
  std::vector<double> pence;
  for (double pct : CurveOptions(ctx.rules.finance().reserves().curve(), now,
                                 Better::kHigher)) {
    pence.push_back(PenceOf(pct, base->pence));
  }
  return pence;
}

std::vector<double> StaffCostOptions(const AssessmentContext& ctx) {
  const auto& f = ctx.candidate.finance();
  if (!f.has_total_expenditure_pence() || f.total_expenditure_pence() <= 0)
    return {};
  std::optional<double> now;
  if (f.has_staff_costs_pence())
    now = 100.0 * f.staff_costs_pence() / f.total_expenditure_pence();
  std::vector<double> pence;
  for (double pct : CurveOptions(ctx.rules.finance().staff_costs().curve(), now,
                                 Better::kLower)) {
    pence.push_back(PenceOf(pct, f.total_expenditure_pence()));
  }
  return pence;
}

std::vector<double> Progress8Options(const AssessmentContext& ctx) {
  const v1::AttainmentYear* latest =
      Latest(ctx.candidate, &v1::AttainmentYear::has_progress8);
  if (latest == nullptr) return {};
  return CurveOptions(ctx.rules.standards().attainment().progress8(),
                      latest->progress8(), Better::kHigher);
}

std::vector<double> Ks2Options(const AssessmentContext& ctx) {
  const v1::AttainmentYear* latest =
      Latest(ctx.candidate, &v1::AttainmentYear::has_ks2_rwm_expected_pct);
  if (latest == nullptr) return {};
  const auto& rules = ctx.rules.standards().attainment();
  const double national = rules.ks2_national_average_pct();
  std::vector<double> out;
  for (double gap : CurveOptions(rules.ks2_vs_national(),
                                 latest->ks2_rwm_expected_pct() - national,
                                 Better::kHigher)) {
    out.push_back(std::min(100.0, national + gap));
  }
  return out;
}

bool AnyFinanceCap(const AssessmentContext& ctx) {
  const auto& f = ctx.candidate.finance();
  const std::optional<IncomeBase> base = FinanceIncomeBase(f);
  const bool deficit = f.has_revenue_reserves_pence() && base.has_value() &&
                       -100.0 * f.revenue_reserves_pence() / base->pence >
                           ctx.rules.finance().reserves_deficit_gate_pct();
  return (deficit || f.notice_to_improve()) && !f.recovery_plan_agreed();
}

void LiftUrgentAreas(v1::ReportCardInspection* card) {
  for (const ReportCardArea& area : kReportCardAreas) {
    if ((card->*area.grade)() == v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT)
      (card->*area.set_grade)(v1::REPORT_CARD_GRADE_NEEDS_ATTENTION);
  }
}

const v1::Candidate& C(const AssessmentContext& ctx) { return ctx.candidate; }

constexpr ReasonCode kSafeguarding[] = {
    ReasonCode::kStandardsSafeguardingNotMet};
constexpr ReasonCode kInadequate[] = {ReasonCode::kStandardsOfstedInadequate};
constexpr ReasonCode kUrgent[] = {
    ReasonCode::kStandardsReportCardUrgentImprovement};
constexpr ReasonCode kRecoveryPlan[] = {
    ReasonCode::kFinanceReservesDeficitBeyondLimit,
    ReasonCode::kFinanceNoticeToImprove};
constexpr absl::Span<const ReasonCode> kNoGate;

const Lever kLevers[] = {
    {"governance.stage", StageOptions,
     [](double v, v1::Candidate* c) {
       c->mutable_governance()->set_stage(static_cast<v1::GovernanceStage>(v));
     },
     [](const v1::Candidate& c) {
       return v1::GovernanceStage_Name(c.governance().stage());
     },
     kNoGate},
    {"standards.legacy_inspection.safeguarding_effective",
     [](const AssessmentContext& ctx) {
       const auto& s = C(ctx).standards();
       return s.has_legacy_inspection() &&
                      s.legacy_inspection().has_safeguarding_effective() &&
                      !s.legacy_inspection().safeguarding_effective()
                  ? std::vector<double>{1}
                  : std::vector<double>{};
     },
     [](double, v1::Candidate* c) {
       c->mutable_standards()
           ->mutable_legacy_inspection()
           ->set_safeguarding_effective(true);
     },
     [](const v1::Candidate& c) {
       const auto& l = c.standards().legacy_inspection();
       return std::string(!l.has_safeguarding_effective() ? "missing"
                          : l.safeguarding_effective()    ? "effective"
                                                          : "not effective");
     },
     kSafeguarding},
    {"standards.report_card.safeguarding",
     [](const AssessmentContext& ctx) {
       const auto& s = C(ctx).standards();
       return s.has_report_card() && s.report_card().safeguarding() ==
                                         v1::SAFEGUARDING_OUTCOME_NOT_MET
                  ? std::vector<double>{v1::SAFEGUARDING_OUTCOME_MET}
                  : std::vector<double>{};
     },
     [](double, v1::Candidate* c) {
       c->mutable_standards()->mutable_report_card()->set_safeguarding(
           v1::SAFEGUARDING_OUTCOME_MET);
     },
     [](const v1::Candidate& c) {
       return v1::SafeguardingOutcome_Name(
           c.standards().report_card().safeguarding());
     },
     kSafeguarding},
    {"standards.legacy_inspection.overall_effectiveness",
     [](const AssessmentContext& ctx) {
       const auto& s = C(ctx).standards();
       return s.has_legacy_inspection() &&
                      s.legacy_inspection().overall_effectiveness() ==
                          v1::LEGACY_GRADE_INADEQUATE
                  ? std::vector<double>{v1::LEGACY_GRADE_REQUIRES_IMPROVEMENT}
                  : std::vector<double>{};
     },
     [](double v, v1::Candidate* c) {
       c->mutable_standards()
           ->mutable_legacy_inspection()
           ->set_overall_effectiveness(static_cast<v1::LegacyGrade>(v));
     },
     [](const v1::Candidate& c) {
       return v1::LegacyGrade_Name(
           c.standards().legacy_inspection().overall_effectiveness());
     },
     kInadequate},
    {"standards.report_card",
     [](const AssessmentContext& ctx) {
       const auto& s = C(ctx).standards();
       return s.has_report_card() && AnyUrgentImprovement(s.report_card())
                  ? std::vector<double>{1}
                  : std::vector<double>{};
     },
     [](double, v1::Candidate* c) {
       LiftUrgentAreas(c->mutable_standards()->mutable_report_card());
     },
     [](const v1::Candidate& c) {
       return std::string(AnyUrgentImprovement(c.standards().report_card())
                              ? "an area graded Urgent improvement"
                              : "no area graded Urgent improvement");
     },
     kUrgent},
    {"finance.recovery_plan_agreed",
     [](const AssessmentContext& ctx) {
       return AnyFinanceCap(ctx) ? std::vector<double>{1}
                                 : std::vector<double>{};
     },
     [](double, v1::Candidate* c) {
       c->mutable_finance()->set_recovery_plan_agreed(true);
     },
     [](const v1::Candidate& c) {
       return std::string(c.finance().recovery_plan_agreed() ? "agreed"
                                                             : "not agreed");
     },
     kRecoveryPlan},
    {"governance.governance_rating.rating",
     [](const AssessmentContext& ctx) {
       const auto& g = C(ctx).governance();
       return RatingsAbove(g.governance_rating(), g.has_governance_rating());
     },
     [](double v, v1::Candidate* c) {
       c->mutable_governance()->mutable_governance_rating()->set_rating(
           static_cast<int>(v));
     },
     [](const v1::Candidate& c) {
       return ShowRating(c.governance().governance_rating(),
                         c.governance().has_governance_rating());
     },
     kNoGate},
    {"ethos.values_alignment.rating",
     [](const AssessmentContext& ctx) {
       const auto& e = C(ctx).ethos();
       return RatingsAbove(e.values_alignment(), e.has_values_alignment());
     },
     [](double v, v1::Candidate* c) {
       c->mutable_ethos()->mutable_values_alignment()->set_rating(
           static_cast<int>(v));
     },
     [](const v1::Candidate& c) {
       return ShowRating(c.ethos().values_alignment(),
                         c.ethos().has_values_alignment());
     },
     kNoGate},
    {"ethos.inclusion_commitment.rating",
     [](const AssessmentContext& ctx) {
       const auto& e = C(ctx).ethos();
       return RatingsAbove(e.inclusion_commitment(),
                           e.has_inclusion_commitment());
     },
     [](double v, v1::Candidate* c) {
       c->mutable_ethos()->mutable_inclusion_commitment()->set_rating(
           static_cast<int>(v));
     },
     [](const v1::Candidate& c) {
       return ShowRating(c.ethos().inclusion_commitment(),
                         c.ethos().has_inclusion_commitment());
     },
     kNoGate},
    {"leadership.headteacher_status", SubstantiveHead,
     [](double v, v1::Candidate* c) {
       auto* l = c->mutable_leadership();
       l->set_headteacher_status(static_cast<v1::HeadteacherStatus>(v));
       if (!l->has_headteacher_years_in_post())
         l->set_headteacher_years_in_post(0);
     },
     [](const v1::Candidate& c) {
       return v1::HeadteacherStatus_Name(c.leadership().headteacher_status());
     },
     kNoGate},
    {"leadership.staff_turnover_pct",
     [](const AssessmentContext& ctx) {
       const auto& l = C(ctx).leadership();
       return CurveOptions(
           ctx.rules.leadership().staff_turnover().curve(),
           Maybe(l.has_staff_turnover_pct(), l.staff_turnover_pct()),
           Better::kLower);
     },
     [](double v, v1::Candidate* c) {
       c->mutable_leadership()->set_staff_turnover_pct(v);
     },
     [](const v1::Candidate& c) {
       return Percent(c.leadership().has_staff_turnover_pct(),
                      c.leadership().staff_turnover_pct());
     },
     kNoGate},
    {"standards.overall_absence_pct",
     [](const AssessmentContext& ctx) {
       const auto& s = C(ctx).standards();
       return CurveOptions(
           ctx.rules.standards().absence().curve(),
           Maybe(s.has_overall_absence_pct(), s.overall_absence_pct()),
           Better::kLower);
     },
     [](double v, v1::Candidate* c) {
       c->mutable_standards()->set_overall_absence_pct(v);
     },
     [](const v1::Candidate& c) {
       return Percent(c.standards().has_overall_absence_pct(),
                      c.standards().overall_absence_pct());
     },
     kNoGate},
    {"standards.suspension_rate_per_100",
     [](const AssessmentContext& ctx) {
       const auto& s = C(ctx).standards();
       return CurveOptions(
           ctx.rules.ethos().suspensions().curve(),
           Maybe(s.has_suspension_rate_per_100(), s.suspension_rate_per_100()),
           Better::kLower);
     },
     [](double v, v1::Candidate* c) {
       c->mutable_standards()->set_suspension_rate_per_100(v);
     },
     [](const v1::Candidate& c) {
       const auto& s = c.standards();
       return s.has_suspension_rate_per_100()
                  ? absl::StrCat(FormatNumber(s.suspension_rate_per_100()),
                                 " per 100 pupils")
                  : std::string("missing");
     },
     kNoGate},
    {"standards.attainment.progress8", Progress8Options,
     [](double v, v1::Candidate* c) {
       if (auto* y = MutableLatest(c, &v1::AttainmentYear::has_progress8))
         y->set_progress8(v);
     },
     [](const v1::Candidate& c) {
       const auto* y = Latest(c, &v1::AttainmentYear::has_progress8);
       return y == nullptr ? std::string("missing")
                           : absl::StrCat(FormatNumber(y->progress8()), " (",
                                          y->year(), ")");
     },
     kNoGate},
    {"standards.attainment.ks2_rwm_expected_pct", Ks2Options,
     [](double v, v1::Candidate* c) {
       if (auto* y =
               MutableLatest(c, &v1::AttainmentYear::has_ks2_rwm_expected_pct))
         y->set_ks2_rwm_expected_pct(v);
     },
     [](const v1::Candidate& c) {
       const auto* y = Latest(c, &v1::AttainmentYear::has_ks2_rwm_expected_pct);
       return y == nullptr
                  ? std::string("missing")
                  : absl::StrCat(FormatNumber(y->ks2_rwm_expected_pct()), "% (",
                                 y->year(), ")");
     },
     kNoGate},
    {"finance.in_year_balance_pence", InYearOptions,
     [](double v, v1::Candidate* c) {
       c->mutable_finance()->set_in_year_balance_pence(static_cast<int64_t>(v));
     },
     [](const v1::Candidate& c) {
       return c.finance().has_in_year_balance_pence()
                  ? FormatPence(c.finance().in_year_balance_pence())
                  : std::string("missing");
     },
     kNoGate},
    {"finance.revenue_reserves_pence", ReservesOptions,
     [](double v, v1::Candidate* c) {
       c->mutable_finance()->set_revenue_reserves_pence(
           static_cast<int64_t>(v));
     },
     [](const v1::Candidate& c) {
       return c.finance().has_revenue_reserves_pence()
                  ? FormatPence(c.finance().revenue_reserves_pence())
                  : std::string("missing");
     },
     kNoGate},
    {"finance.staff_costs_pence", StaffCostOptions,
     [](double v, v1::Candidate* c) {
       c->mutable_finance()->set_staff_costs_pence(static_cast<int64_t>(v));
     },
     [](const v1::Candidate& c) {
       return c.finance().has_staff_costs_pence()
                  ? FormatPence(c.finance().staff_costs_pence())
                  : std::string("missing");
     },
     kNoGate},
    {"leadership.national_leaders_of_education",
     [](const AssessmentContext& ctx) {
       return MoreLeaders(C(ctx).leadership().national_leaders_of_education());
     },
     [](double v, v1::Candidate* c) {
       c->mutable_leadership()->set_national_leaders_of_education(
           static_cast<int>(v));
     },
     [](const v1::Candidate& c) {
       return absl::StrCat(c.leadership().national_leaders_of_education());
     },
     kNoGate},
    {"leadership.local_leaders_of_education",
     [](const AssessmentContext& ctx) {
       return MoreLeaders(C(ctx).leadership().local_leaders_of_education());
     },
     [](double v, v1::Candidate* c) {
       c->mutable_leadership()->set_local_leaders_of_education(
           static_cast<int>(v));
     },
     [](const v1::Candidate& c) {
       return absl::StrCat(c.leadership().local_leaders_of_education());
     },
     kNoGate},
    {"leadership.specialist_leaders_of_education",
     [](const AssessmentContext& ctx) {
       return MoreLeaders(
           C(ctx).leadership().specialist_leaders_of_education());
     },
     [](double v, v1::Candidate* c) {
       c->mutable_leadership()->set_specialist_leaders_of_education(
           static_cast<int>(v));
     },
     [](const v1::Candidate& c) {
       return absl::StrCat(c.leadership().specialist_leaders_of_education());
     },
     kNoGate},
};

}  // namespace

absl::Span<const Lever> AllLevers() { return kLevers; }

const Lever* FindLever(absl::string_view field) {
  for (const Lever& lever : kLevers) {
    if (lever.field == field) return &lever;
  }
  return nullptr;
}

}  // namespace trustfit::scoring
