// Standards (§3.1): the Ofsted outcome in either framework, attainment
// against the national average, its trend, and attendance.

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "scoring/criterion_unit.h"
#include "scoring/curve.h"
#include "scoring/report_card.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

enum class Measure { kProgress8, kAttainment8, kKs2 };

std::optional<double> ValueOf(const v1::AttainmentYear& year, Measure measure) {
  switch (measure) {
    case Measure::kProgress8:
      if (year.has_progress8()) return year.progress8();
      break;
    case Measure::kAttainment8:
      if (year.has_attainment8()) return year.attainment8();
      break;
    case Measure::kKs2:
      if (year.has_ks2_rwm_expected_pct()) return year.ks2_rwm_expected_pct();
      break;
  }
  return std::nullopt;
}

// The measure attainment and trend use: KS2 first for primary and middle
// schools, otherwise Progress 8, then Attainment 8 (§3.1), then KS2.
std::optional<Measure> ChooseMeasure(const v1::Candidate& candidate) {
  const v1::Phase phase = candidate.identity().phase();
  const bool primary = phase == v1::PHASE_PRIMARY ||
                       phase == v1::PHASE_MIDDLE || phase == v1::PHASE_NURSERY;
  const std::vector<Measure> order =
      primary ? std::vector<Measure>{Measure::kKs2, Measure::kProgress8,
                                     Measure::kAttainment8}
              : std::vector<Measure>{Measure::kProgress8, Measure::kAttainment8,
                                     Measure::kKs2};
  for (Measure measure : order) {
    for (const auto& year : candidate.standards().attainment()) {
      if (ValueOf(year, measure).has_value()) return measure;
    }
  }
  return std::nullopt;
}

// (year, value) of every year that has the measure, latest first.
std::vector<std::pair<int, double>> Series(const v1::Candidate& candidate,
                                           Measure measure) {
  std::vector<std::pair<int, double>> series;
  for (const auto& year : candidate.standards().attainment()) {
    if (auto value = ValueOf(year, measure))
      series.emplace_back(year.year(), *value);
  }
  std::sort(series.begin(), series.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  return series;
}

absl::string_view MeasureName(Measure measure) {
  switch (measure) {
    case Measure::kProgress8:
      return "Progress 8";
    case Measure::kAttainment8:
      return "Attainment 8";
    case Measure::kKs2:
      return "KS2 reading, writing and maths at the expected standard";
  }
  return "";
}

// " (2019-03-14)", or nothing when the date is not given.
std::string DateText(const google::type::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrCat(" (", absl::Dec(date.year(), absl::kZeroPad4), "-",
                      absl::Dec(date.month(), absl::kZeroPad2), "-",
                      absl::Dec(date.day(), absl::kZeroPad2), ")");
}

// The legacy framework's overall effectiveness grade, on its curve.
void ScoreLegacyInspection(const v1::ScoringRules& rules,
                           const v1::LegacyInspection& inspection,
                           v1::FactorResult* f) {
  const int grade = inspection.overall_effectiveness();
  const double score =
      EvaluateCurve(rules.inspection_grades().legacy_grade(), grade);
  static constexpr ReasonCode kCodes[] = {
      ReasonCode::kStandardsOfstedOutstanding, ReasonCode::kStandardsOfstedGood,
      ReasonCode::kStandardsOfstedRequiresImprovement,
      ReasonCode::kStandardsOfstedInadequate};
  const absl::string_view name =
      LegacyGradeName(inspection.overall_effectiveness());
  MarkScored(f, grade,
             absl::StrCat(name, " (legacy grade ", grade, ")",
                          DateText(inspection.inspection_date())),
             score, kCodes[grade - 1],
             absl::StrCat("The latest inspection",
                          DateText(inspection.inspection_date()),
                          " judged the school ", name, "; scores ",
                          FormatNumber(Round2(score)), "."));
}

// The report card's graded areas, averaged; false when none is graded.
bool ScoreReportCard(const v1::ScoringRules& rules,
                     const v1::ReportCardInspection& card,
                     v1::FactorResult* f) {
  double total = 0;
  int graded = 0;
  std::vector<std::string> urgent, attention;
  for (const ReportCardArea& area : kReportCardAreas) {
    const v1::ReportCardGrade grade = (card.*area.grade)();
    if (grade == v1::REPORT_CARD_GRADE_UNSPECIFIED) continue;
    total += ReportCardScore(rules.inspection_grades().report_card(), grade);
    ++graded;
    if (grade == v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT)
      urgent.push_back(area.label);
    if (grade == v1::REPORT_CARD_GRADE_NEEDS_ATTENTION)
      attention.push_back(area.label);
  }
  if (graded == 0) return false;
  const double mean = total / graded;
  const double expected =
      rules.inspection_grades().report_card().expected_standard();
  ReasonCode code;
  std::string detail;
  if (!urgent.empty()) {
    code = ReasonCode::kStandardsReportCardUrgentImprovement;
    detail =
        absl::StrCat("; urgent improvement in ", absl::StrJoin(urgent, ", "));
  } else if (!attention.empty()) {
    code = ReasonCode::kStandardsReportCardNeedsAttention;
    detail =
        absl::StrCat("; needs attention in ", absl::StrJoin(attention, ", "));
  } else if (Round2(mean) > expected) {
    code = ReasonCode::kStandardsReportCardAboveExpected;
  } else {
    code = ReasonCode::kStandardsReportCardAtExpected;
  }
  MarkScored(
      f, Round2(mean),
      absl::StrCat("report card, ", graded, " areas graded",
                   DateText(card.inspection_date())),
      mean, code,
      absl::StrCat("Report card", DateText(card.inspection_date()), ": the ",
                   graded, " graded areas score ", FormatNumber(Round2(mean)),
                   " on average", detail, "."));
  return true;
}

void ScoreOfsted(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules;
  v1::FactorResult* f =
      AddFactor(out, "standards.ofsted", rules.standards().ofsted_weight());
  const auto& standards = ctx.candidate.standards();
  if (standards.has_legacy_inspection() &&
      standards.legacy_inspection().overall_effectiveness() !=
          v1::LEGACY_GRADE_UNSPECIFIED) {
    ScoreLegacyInspection(rules, standards.legacy_inspection(), f);
    return;
  }
  if (standards.has_report_card() &&
      ScoreReportCard(rules, standards.report_card(), f)) {
    return;
  }
  MarkMissing(f, ReasonCode::kStandardsOfstedDataMissing,
              {"standards.legacy_inspection.overall_effectiveness",
               "standards.report_card"},
              "No Ofsted outcome was given in either framework.");
}

void ScoreAttainment(const AssessmentContext& ctx,
                     std::optional<Measure> measure, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.standards().attainment();
  v1::FactorResult* f = AddFactor(out, "standards.attainment", rules.weight());
  if (!measure.has_value()) {
    MarkMissing(f, ReasonCode::kStandardsAttainmentDataMissing,
                {"standards.attainment[].progress8",
                 "standards.attainment[].attainment8",
                 "standards.attainment[].ks2_rwm_expected_pct"},
                "No Progress 8, Attainment 8 or KS2 result was given.");
    return;
  }
  const auto [year, value] = Series(ctx.candidate, *measure).front();
  switch (*measure) {
    case Measure::kProgress8: {
      const bool above = value >= 0;
      const double score = EvaluateCurve(rules.progress8(), value);
      MarkScored(f, value, absl::StrCat(FormatNumber(value), " (", year, ")"),
                 score,
                 above ? ReasonCode::kStandardsProgress8AboveAverage
                       : ReasonCode::kStandardsProgress8BelowAverage,
                 absl::StrCat("Progress 8 of ", FormatNumber(value), " in ",
                              year, " is ", above ? "at or above" : "below",
                              " the national average of 0; scores ",
                              FormatNumber(Round2(score)), "."));
      return;
    }
    case Measure::kAttainment8: {
      const double gap = value - rules.attainment8_national_average();
      const bool above = gap >= 0;
      const double score = EvaluateCurve(rules.attainment8_vs_national(), gap);
      MarkScored(
          f, value, absl::StrCat(FormatNumber(value), " (", year, ")"), score,
          above ? ReasonCode::kStandardsAttainment8AboveAverage
                : ReasonCode::kStandardsAttainment8BelowAverage,
          absl::StrCat("Attainment 8 of ", FormatNumber(value), " in ", year,
                       " is ", FormatNumber(std::abs(gap)), " ",
                       above ? "above" : "below", " the national average of ",
                       FormatNumber(rules.attainment8_national_average()),
                       " (no Progress 8 given); scores ",
                       FormatNumber(Round2(score)), "."));
      return;
    }
    case Measure::kKs2: {
      const double gap = value - rules.ks2_national_average_pct();
      const bool above = gap >= 0;
      const double score = EvaluateCurve(rules.ks2_vs_national(), gap);
      MarkScored(
          f, value, absl::StrCat(FormatNumber(value), "% (", year, ")"), score,
          above ? ReasonCode::kStandardsKs2AboveAverage
                : ReasonCode::kStandardsKs2BelowAverage,
          absl::StrCat(FormatNumber(value),
                       "% met the expected standard in KS2 reading, writing "
                       "and maths in ",
                       year, ", ", FormatNumber(std::abs(gap)), " points ",
                       above ? "above" : "below", " the national average of ",
                       FormatNumber(rules.ks2_national_average_pct()),
                       "%; scores ", FormatNumber(Round2(score)), "."));
      return;
    }
  }
}

// Least-squares slope of value against year.
double Slope(const std::vector<std::pair<int, double>>& points) {
  double mean_x = 0, mean_y = 0;
  for (const auto& [x, y] : points) {
    mean_x += x;
    mean_y += y;
  }
  mean_x /= points.size();
  mean_y /= points.size();
  double covariance = 0, variance = 0;
  for (const auto& [x, y] : points) {
    covariance += (x - mean_x) * (y - mean_y);
    variance += (x - mean_x) * (x - mean_x);
  }
  return covariance / variance;
}

void ScoreTrend(const AssessmentContext& ctx, std::optional<Measure> measure,
                v1::CriterionResult* out) {
  const auto& rules = ctx.rules.standards().trend();
  v1::FactorResult* f = AddFactor(out, "standards.trend", rules.weight());
  std::vector<std::pair<int, double>> series;
  if (measure.has_value()) series = Series(ctx.candidate, *measure);
  if (series.size() < 2) {
    MarkMissing(
        f, ReasonCode::kStandardsTrendDataMissing, {"standards.attainment"},
        measure.has_value()
            ? absl::StrCat("Only one year of ", MeasureName(*measure),
                           " was given; a trend needs at least two.")
            : std::string("No attainment results were given, so there is no "
                          "trend."));
    return;
  }
  if (static_cast<int>(series.size()) > rules.max_years())
    series.resize(rules.max_years());
  // Slopes are shown to three decimals; classify what is shown.
  const double slope = RoundDecimal(Slope(series), 3);
  const Curve& curve = *measure == Measure::kProgress8 ? rules.progress8_slope()
                       : *measure == Measure::kAttainment8
                           ? rules.attainment8_slope()
                           : rules.ks2_slope();
  const double score = EvaluateCurve(curve, slope);
  const ReasonCode code = slope > 0   ? ReasonCode::kStandardsTrendImproving
                          : slope < 0 ? ReasonCode::kStandardsTrendDeclining
                                      : ReasonCode::kStandardsTrendStable;
  const int first = series.back().first;
  const int last = series.front().first;
  const std::string per_year =
      absl::StrCat(FormatNumber(std::abs(slope), 3),
                   *measure == Measure::kKs2 ? " points" : "");
  MarkScored(
      f, slope,
      absl::StrCat(slope > 0 ? "+" : "", FormatNumber(slope, 3), " a year, ",
                   first, "-", last),
      score, code,
      absl::StrCat(MeasureName(*measure), " ",
                   slope > 0   ? absl::StrCat("rose by ", per_year, " a year")
                   : slope < 0 ? absl::StrCat("fell by ", per_year, " a year")
                               : std::string("was flat"),
                   " over ", first, "-", last, " (",
                   static_cast<int>(series.size()), " years); scores ",
                   FormatNumber(Round2(score)), "."));
}

void ScoreAbsence(const AssessmentContext& ctx, v1::CriterionResult* out) {
  const auto& rules = ctx.rules.standards().absence();
  v1::FactorResult* f = AddFactor(out, "standards.absence", rules.weight());
  const auto& standards = ctx.candidate.standards();
  if (!standards.has_overall_absence_pct()) {
    MarkMissing(f, ReasonCode::kStandardsAbsenceDataMissing,
                {"standards.overall_absence_pct"},
                "Overall absence was not given.");
    return;
  }
  const double absence = standards.overall_absence_pct();
  const double score = EvaluateCurve(rules.curve(), absence);
  const bool good = AtLeastSecure(ctx.rules, score);
  MarkScored(
      f, absence, absl::StrCat(FormatNumber(absence), "%"), score,
      good ? ReasonCode::kStandardsAbsenceLow
           : ReasonCode::kStandardsAbsenceHigh,
      absl::StrCat(
          "Overall absence is ", FormatNumber(absence), "%",
          standards.has_persistent_absence_pct()
              ? absl::StrCat(" (persistent absence ",
                             FormatNumber(standards.persistent_absence_pct()),
                             "%)")
              : "",
          "; scores ", FormatNumber(Round2(score)), "."));
}

}  // namespace

namespace {

void ScoreStandards(const AssessmentContext& ctx, v1::Assessment* /*so_far*/,
                    v1::CriterionResult* out) {
  out->set_criterion(v1::CRITERION_STANDARDS);
  out->set_weight(ctx.rules.weights().standards());
  ScoreOfsted(ctx, out);
  const std::optional<Measure> measure = ChooseMeasure(ctx.candidate);
  ScoreAttainment(ctx, measure, out);
  ScoreTrend(ctx, measure, out);
  ScoreAbsence(ctx, out);
}

void CheckStandardsRules(const v1::ScoringRules& rules,
                         const PolicyChecker& st) {
  const v1::StandardsRules& standards = rules.standards();
  st.Weight("ofsted_weight", standards.ofsted_weight());
  const PolicyChecker at = st.Sub("attainment");
  at.Weight("weight", standards.attainment().weight());
  at.Range("ks2_national_average_pct",
           standards.attainment().ks2_national_average_pct(), 0, 100);
  at.CurveShape("ks2_vs_national", standards.attainment().ks2_vs_national(),
                CurveDirection::kIncreasing);
  at.CurveShape("progress8", standards.attainment().progress8(),
                CurveDirection::kIncreasing);
  at.Range("attainment8_national_average",
           standards.attainment().attainment8_national_average(), 0, 90);
  at.CurveShape("attainment8_vs_national",
                standards.attainment().attainment8_vs_national(),
                CurveDirection::kIncreasing);
  const PolicyChecker tr = st.Sub("trend");
  tr.Weight("weight", standards.trend().weight());
  if (standards.trend().max_years() < 2) {
    tr.Fail("max_years", "a trend needs at least two years");
  }
  tr.CurveShape("progress8_slope", standards.trend().progress8_slope(),
                CurveDirection::kIncreasing);
  tr.CurveShape("ks2_slope", standards.trend().ks2_slope(),
                CurveDirection::kIncreasing);
  tr.CurveShape("attainment8_slope", standards.trend().attainment8_slope(),
                CurveDirection::kIncreasing);
  st.CurveFactor("absence", standards.absence(), CurveDirection::kDecreasing);
}

void CheckStandardsInput(const v1::Candidate& candidate, CandidateChecker& c) {
  const v1::Standards& s = candidate.standards();
  if (s.has_legacy_inspection()) {
    const auto& l = s.legacy_inspection();
    const std::pair<const char*, int> grades[] = {
        {"overall_effectiveness", l.overall_effectiveness()},
        {"quality_of_education", l.quality_of_education()},
        {"behaviour_and_attitudes", l.behaviour_and_attitudes()},
        {"personal_development", l.personal_development()},
        {"leadership_and_management", l.leadership_and_management()}};
    for (const auto& [name, grade] : grades) {
      c.Enum(absl::StrCat("standards.legacy_inspection.", name), grade,
             v1::LegacyGrade_IsValid);
    }
    c.Date("standards.legacy_inspection.inspection_date",
           l.has_inspection_date(), l.inspection_date());
  }
  if (s.has_report_card()) {
    const auto& r = s.report_card();
    for (const ReportCardArea& area : kReportCardAreas) {
      c.Enum(absl::StrCat("standards.report_card.", area.field),
             (r.*area.grade)(), v1::ReportCardGrade_IsValid);
    }
    c.Enum("standards.report_card.safeguarding", r.safeguarding(),
           v1::SafeguardingOutcome_IsValid);
    c.Date("standards.report_card.inspection_date", r.has_inspection_date(),
           r.inspection_date());
  }
  std::set<int> years;
  for (int i = 0; i < s.attainment_size(); ++i) {
    const auto& a = s.attainment(i);
    const std::string at = absl::StrCat("standards.attainment[", i, "]");
    if (a.year() < 1990 || a.year() > 2100) {
      c.Fail(
          absl::StrCat(at, ".year"),
          absl::StrCat(
              "must be the calendar year the academic year ends (e.g. 2019), "
              "got ",
              a.year()));
    } else if (!years.insert(a.year()).second) {
      c.Fail(absl::StrCat(at, ".year"),
             absl::StrCat("year ", a.year(), " listed twice"));
    }
    if (!a.has_ks2_rwm_expected_pct() && !a.has_progress8() &&
        !a.has_attainment8()) {
      c.Fail(
          at,
          "give at least one of ks2_rwm_expected_pct, progress8, attainment8");
    }
    c.Range(absl::StrCat(at, ".ks2_rwm_expected_pct"),
            a.has_ks2_rwm_expected_pct(), a.ks2_rwm_expected_pct(), 0.0, 100.0);
    c.Range(absl::StrCat(at, ".progress8"), a.has_progress8(), a.progress8(),
            -5.0, 5.0);
    c.Range(absl::StrCat(at, ".attainment8"), a.has_attainment8(),
            a.attainment8(), 0.0, 90.0);
  }
  c.Range("standards.overall_absence_pct", s.has_overall_absence_pct(),
          s.overall_absence_pct(), 0.0, 100.0);
  c.Range("standards.persistent_absence_pct", s.has_persistent_absence_pct(),
          s.persistent_absence_pct(), 0.0, 100.0);
  c.Range("standards.suspension_rate_per_100", s.has_suspension_rate_per_100(),
          s.suspension_rate_per_100(), 0.0, 1000.0);
}

// The worst and best score of each of its factors (§3.6).
std::optional<ScoreBounds> StandardsFactorBounds(const AssessmentContext& ctx,
                                                 absl::string_view factor) {
  const v1::ScoringRules& r = ctx.rules;
  if (factor == "standards.ofsted")
    return InspectionBounds(r.inspection_grades());
  if (factor == "standards.attainment") {
    const auto& a = r.standards().attainment();
    return JoinBounds(JoinBounds(CurveBounds(a.progress8()),
                                 CurveBounds(a.attainment8_vs_national())),
                      CurveBounds(a.ks2_vs_national()));
  }
  if (factor == "standards.trend") {
    const auto& t = r.standards().trend();
    return JoinBounds(JoinBounds(CurveBounds(t.progress8_slope()),
                                 CurveBounds(t.attainment8_slope())),
                      CurveBounds(t.ks2_slope()));
  }
  if (factor == "standards.absence")
    return CurveBounds(r.standards().absence().curve());
  return std::nullopt;
}

}  // namespace

CriterionUnit StandardsCriterion() {
  CriterionUnit unit;
  unit.criterion = v1::CRITERION_STANDARDS;
  unit.id = "standards";
  unit.input_section = "standards";
  unit.score = &ScoreStandards;
  unit.check_rules = &CheckStandardsRules;
  unit.check_input = &CheckStandardsInput;
  unit.factor_bounds = &StandardsFactorBounds;
  return unit;
}

}  // namespace trustfit::scoring
