// Finance (§3.1): in-year balance and reserves as a share of income, staff
// costs as a share of expenditure, the pupil forecast, and a PFI penalty.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/curve.h"
#include "scoring/money.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

double Percent(int64_t part, int64_t whole) {
  return 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

void ScoreInYear(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.finance().in_year_balance();
  v1::FactorResult* f =
      AddFactor(out, "finance.in_year_balance", rules.weight());
  const auto& finance = ctx.candidate.finance();
  const std::optional<IncomeBase> base = FinanceIncomeBase(finance);
  if (!finance.has_in_year_balance_pence() || !base.has_value()) {
    MarkMissing(
        f, ReasonCode::kFinanceInYearDataMissing,
        {finance.has_in_year_balance_pence() ? "finance.total_income_pence"
                                             : "finance.in_year_balance_pence"},
        finance.has_in_year_balance_pence()
            ? "Neither total income nor the funding base was given, so the "
              "in-year balance cannot be weighed."
            : "The in-year balance was not given.");
    return;
  }
  const double pct = Percent(finance.in_year_balance_pence(), base->pence);
  const double score = EvaluateCurve(rules.curve(), pct);
  const bool surplus = finance.in_year_balance_pence() >= 0;
  MarkScored(
      f, Round2(pct),
      absl::StrCat(FormatPence(finance.in_year_balance_pence()), " (",
                   FormatNumber(pct), "% of ", base->name, ")"),
      score,
      surplus ? ReasonCode::kFinanceInYearSurplus
              : ReasonCode::kFinanceInYearDeficit,
      absl::StrCat("In-year ", surplus ? "surplus" : "deficit", " of ",
                   FormatPence(std::abs(finance.in_year_balance_pence())),
                   " is ", FormatNumber(std::abs(pct)), "% of ", base->name,
                   "; scores ", FormatNumber(Round2(score)), "."));
}

void ScoreReserves(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.finance();
  v1::FactorResult* f =
      AddFactor(out, "finance.reserves", rules.reserves().weight());
  const auto& finance = ctx.candidate.finance();
  const std::optional<IncomeBase> base = FinanceIncomeBase(finance);
  if (!finance.has_revenue_reserves_pence() || !base.has_value()) {
    MarkMissing(f, ReasonCode::kFinanceReservesDataMissing,
                {finance.has_revenue_reserves_pence()
                     ? "finance.total_income_pence"
                     : "finance.revenue_reserves_pence"},
                finance.has_revenue_reserves_pence()
                    ? "Neither total income nor the funding base was given, so "
                      "reserves cannot be weighed."
                    : "Revenue reserves were not given.");
    return;
  }
  const int64_t reserves = finance.revenue_reserves_pence();
  const double pct = Percent(reserves, base->pence);
  const double score = EvaluateCurve(rules.reserves().curve(), pct);
  ReasonCode code;
  std::string verdict;
  if (reserves < 0) {
    code = ReasonCode::kFinanceReservesDeficit;
    verdict = "a cumulative deficit";
  } else if (pct > rules.high_reserves_review_pct()) {
    code = ReasonCode::kFinanceHighReserves;
    verdict = absl::StrCat(
        "above the ", FormatNumber(rules.high_reserves_review_pct()),
        "% review level: no penalty, but review what they are for");
  } else if (AtLeastSecure(ctx.rules, score)) {
    code = ReasonCode::kFinanceReservesHealthy;
    verdict = "healthy";
  } else {
    code = ReasonCode::kFinanceReservesLow;
    verdict = "low";
  }
  MarkScored(
      f, Round2(pct),
      absl::StrCat(FormatPence(reserves), " (", FormatNumber(pct), "% of ",
                   base->name, ")"),
      score, code,
      absl::StrCat("Revenue reserves of ", FormatPence(reserves), " are ",
                   FormatNumber(pct), "% of ", base->name, ", ", verdict,
                   "; scores ", FormatNumber(Round2(score)), "."));
}

void ScoreStaffCosts(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.finance().staff_costs();
  v1::FactorResult* f = AddFactor(out, "finance.staff_costs", rules.weight());
  const auto& finance = ctx.candidate.finance();
  if (!finance.has_staff_costs_pence() ||
      !finance.has_total_expenditure_pence() ||
      finance.total_expenditure_pence() <= 0) {
    MarkMissing(
        f, ReasonCode::kFinanceStaffCostsDataMissing,
        {finance.has_staff_costs_pence() ? "finance.total_expenditure_pence"
                                         : "finance.staff_costs_pence"},
        "Staff costs as a share of expenditure need both staff costs and "
        "total expenditure.");
    return;
  }
  const double pct =
      Percent(finance.staff_costs_pence(), finance.total_expenditure_pence());
  const double score = EvaluateCurve(rules.curve(), pct);
  const bool sustainable = AtLeastSecure(ctx.rules, score);
  MarkScored(f, Round2(pct),
             absl::StrCat(FormatNumber(pct), "% of expenditure"), score,
             sustainable ? ReasonCode::kFinanceStaffCostsSustainable
                         : ReasonCode::kFinanceStaffCostsHigh,
             absl::StrCat("Staff costs are ", FormatNumber(pct),
                          "% of expenditure; scores ",
                          FormatNumber(Round2(score)), "."));
}

void ScorePupilForecast(const AssessmentContext& ctx,
                        v1::CriterionResult* out) {
  const auto& rules = ctx.rules.finance();
  v1::FactorResult* f =
      AddFactor(out, "finance.pupil_forecast", rules.pupil_forecast().weight());
  const auto& candidate = ctx.candidate;
  const auto& forecast = candidate.finance().pupil_forecast();
  if (forecast.empty() || !candidate.identity().has_pupils_on_roll() ||
      candidate.identity().pupils_on_roll() <= 0) {
    MarkMissing(
        f, ReasonCode::kFinancePupilForecastDataMissing,
        {forecast.empty() ? "finance.pupil_forecast"
                          : "identity.pupils_on_roll"},
        "The pupil forecast needs the pupils on roll now and the forecast "
        "for the coming years.");
    return;
  }
  const int now = candidate.identity().pupils_on_roll();
  const int later = forecast[forecast.size() - 1];
  const double change = 100.0 * (later - now) / now;
  const double score = EvaluateCurve(rules.pupil_forecast().curve(), change);
  ReasonCode code = ReasonCode::kFinancePupilForecastStableOrGrowing;
  if (-change > rules.forecast_red_fall_pct()) {
    code = ReasonCode::kFinancePupilForecastRed;
  } else if (-change >= rules.forecast_amber_fall_pct()) {
    code = ReasonCode::kFinancePupilForecastAmber;
  }
  MarkScored(f, Round2(change),
             absl::StrCat(now, " to ", later, " pupils (",
                          change > 0 ? "+" : "", FormatNumber(change, 1), "%)"),
             score, code,
             absl::StrCat("Pupils on roll are forecast to go from ", now,
                          " to ", later, " over ", forecast.size(), " year",
                          forecast.size() == 1 ? "" : "s", " (",
                          change > 0 ? "+" : "", FormatNumber(change, 1),
                          "%); scores ", FormatNumber(Round2(score)), "."));
}

}  // namespace

std::optional<IncomeBase> FinanceIncomeBase(const v1::Finance& finance) {
  if (finance.has_total_income_pence() && finance.total_income_pence() > 0) {
    return IncomeBase{finance.total_income_pence(), "total income"};
  }
  if (finance.has_funding_base_pence() && finance.funding_base_pence() > 0) {
    return IncomeBase{finance.funding_base_pence(), "funding base"};
  }
  return std::nullopt;
}

std::vector<double> FinanceAdjustmentPoints(const AssessmentContext& ctx) {
  if (!ctx.candidate.finance().pfi_contract()) return {};
  return {-ctx.rules.finance().pfi_penalty_points()};
}

namespace {

void ScoreFinance(const AssessmentContext& ctx, v1::Assessment* /*so_far*/,
                  v1::CriterionResult* out) {
  out->set_criterion(v1::CRITERION_FINANCE);
  out->set_weight(ctx.rules.weights().finance());
  ScoreInYear(ctx, out);
  ScoreReserves(ctx, out);
  ScoreStaffCosts(ctx, out);
  ScorePupilForecast(ctx, out);
  for (double points : FinanceAdjustmentPoints(ctx)) {
    const double penalty = -points;
    v1::Adjustment* adjustment = out->add_adjustments();
    adjustment->set_reason_code(
        std::string(ReasonCodeName(ReasonCode::kFinancePfiContract)));
    adjustment->set_criterion_points(-penalty);
    adjustment->set_explanation(
        absl::StrCat("The school has a PFI contract: ", FormatNumber(penalty),
                     " points off finance."));
  }
}

void CheckFinanceRules(const v1::ScoringRules& rules, const PolicyChecker& fi) {
  const v1::FinanceRules& finance = rules.finance();
  fi.CurveFactor("in_year_balance", finance.in_year_balance(),
                 CurveDirection::kIncreasing);
  fi.CurveFactor("reserves", finance.reserves(), CurveDirection::kIncreasing);
  if (!(finance.high_reserves_review_pct() > 0)) {
    fi.Fail("high_reserves_review_pct", "must be positive");
  }
  fi.CurveFactor("staff_costs", finance.staff_costs(),
                 CurveDirection::kDecreasing);
  fi.CurveFactor("pupil_forecast", finance.pupil_forecast(),
                 CurveDirection::kIncreasing);
  if (!(finance.forecast_amber_fall_pct() >= 0 &&
        finance.forecast_amber_fall_pct() < finance.forecast_red_fall_pct())) {
    fi.Fail("forecast_amber_fall_pct",
            "must be at least 0 and below forecast_red_fall_pct");
  }
  fi.Range("pfi_penalty_points", finance.pfi_penalty_points(), 0, 100);
  fi.NonNegative("reserves_deficit_gate_pct",
                 finance.reserves_deficit_gate_pct());
}

void CheckFinanceInput(const v1::Candidate& candidate, CandidateChecker& c) {
  const v1::Finance& f = candidate.finance();
  c.Money("finance.funding_base_pence", f.has_funding_base_pence(),
          f.funding_base_pence(), false);
  c.Money("finance.total_income_pence", f.has_total_income_pence(),
          f.total_income_pence(), false);
  c.Money("finance.total_expenditure_pence", f.has_total_expenditure_pence(),
          f.total_expenditure_pence(), false);
  c.Money("finance.in_year_balance_pence", f.has_in_year_balance_pence(),
          f.in_year_balance_pence(), true);
  c.Money("finance.revenue_reserves_pence", f.has_revenue_reserves_pence(),
          f.revenue_reserves_pence(), true);
  c.Money("finance.staff_costs_pence", f.has_staff_costs_pence(),
          f.staff_costs_pence(), false);
  if (f.has_staff_costs_pence() && f.has_total_expenditure_pence() &&
      f.staff_costs_pence() > f.total_expenditure_pence() &&
      f.total_expenditure_pence() >= 0) {
    c.Fail("finance.staff_costs_pence",
           "must not exceed finance.total_expenditure_pence");
  }
  if (f.pupil_forecast_size() > 3) {
    c.Fail("finance.pupil_forecast", "at most three years");
  }
  for (int i = 0; i < f.pupil_forecast_size(); ++i) {
    c.Range(absl::StrCat("finance.pupil_forecast[", i, "]"), true,
            f.pupil_forecast(i), 0, 10000);
  }
  for (int i = 0; i < f.services_bought_elsewhere_size(); ++i) {
    if (f.services_bought_elsewhere(i).empty()) {
      c.Fail(absl::StrCat("finance.services_bought_elsewhere[", i, "]"),
             "must be a service code");
    }
  }
}

// The worst and best score of each of its factors (§3.6).
std::optional<ScoreBounds> FinanceFactorBounds(const AssessmentContext& ctx,
                                               absl::string_view factor) {
  const v1::FinanceRules& r = ctx.rules.finance();
  if (factor == "finance.in_year_balance") {
    return CurveBounds(r.in_year_balance().curve());
  }
  if (factor == "finance.reserves") return CurveBounds(r.reserves().curve());
  if (factor == "finance.staff_costs")
    return CurveBounds(r.staff_costs().curve());
  if (factor == "finance.pupil_forecast") {
    return CurveBounds(r.pupil_forecast().curve());
  }
  return std::nullopt;
}

}  // namespace

CriterionUnit FinanceCriterion() {
  CriterionUnit unit;
  unit.criterion = v1::CRITERION_FINANCE;
  unit.id = "finance";
  unit.input_section = "finance";
  unit.score = &ScoreFinance;
  unit.check_rules = &CheckFinanceRules;
  unit.check_input = &CheckFinanceInput;
  unit.factor_bounds = &FinanceFactorBounds;
  return unit;
}

}  // namespace trustfit::scoring
