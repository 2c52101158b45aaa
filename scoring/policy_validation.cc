#include "scoring/policy_validation.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "scoring/agreement_template.h"
#include "scoring/curve.h"
#include "scoring/levers.h"
#include "scoring/money.h"
#include "scoring/recommendation.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

// Prices above £1bn are typing mistakes; the bound also keeps quote
// arithmetic far from overflow.
constexpr int64_t kMaxPricePence = 100'000'000'000;

// Which way a curve's score must move as its input grows.
enum class Direction { kIncreasing, kDecreasing };

// Validates one section of the policy, with paths relative to `prefix`.
class Checker {
 public:
  Checker(FieldViolations* out, std::string prefix)
      : out_(out), prefix_(std::move(prefix)) {}

  Checker Sub(absl::string_view name) const {
    return Checker(out_, Path(name));
  }

  std::string Path(absl::string_view name) const {
    return prefix_.empty() ? std::string(name)
                           : absl::StrCat(prefix_, ".", name);
  }

  void Fail(absl::string_view field, absl::string_view problem) const {
    out_->Add(Path(field), problem);
  }

  void Required(absl::string_view field, const std::string& value) const {
    if (value.empty()) Fail(field, "required");
  }

  // Rule: weights are positive.
  void Weight(absl::string_view field, double value) const {
    if (!(value > 0)) Fail(field, "weight must be positive");
  }

  // Rule: every score lies within 0-100.
  void Score(absl::string_view field, double value) const {
    if (!(value >= 0 && value <= 100))
      Fail(field, "score must be within 0-100");
  }

  void Range(absl::string_view field, double value, double lo,
             double hi) const {
    if (!(value >= lo && value <= hi)) {
      Fail(field, absl::StrFormat("must be within %g-%g", lo, hi));
    }
  }

  void NonNegative(absl::string_view field, double value) const {
    if (!(value >= 0)) Fail(field, "must not be negative");
  }

  // Rule: a curve has at least two points, x never decreases (at most two
  // points share an x, making a step), scores are within 0-100 and move in
  // the direction the curve's meaning demands.
  void CurveShape(absl::string_view field, const Curve& curve,
                  Direction direction) const {
    if (curve.size() < 2) {
      Fail(field, "a curve needs at least two points");
      return;
    }
    for (int i = 0; i < curve.size(); ++i) {
      Score(absl::StrCat(field, "[", i, "].score"), curve[i].score());
      if (i == 0) continue;
      const auto& prev = curve[i - 1];
      const auto& point = curve[i];
      const std::string at = absl::StrCat(field, "[", i, "]");
      if (point.x() < prev.x()) {
        Fail(absl::StrCat(at, ".x"), "x must not decrease along the curve");
      } else if (i >= 2 && point.x() == prev.x() &&
                 curve[i - 2].x() == point.x()) {
        Fail(absl::StrCat(at, ".x"),
             "at most two points may share an x (a step)");
      }
      const bool wrong_way = direction == Direction::kIncreasing
                                 ? point.score() < prev.score()
                                 : point.score() > prev.score();
      if (wrong_way) {
        Fail(absl::StrCat(at, ".score"),
             direction == Direction::kIncreasing
                 ? "curve must not decrease: a higher input must never score "
                   "lower"
                 : "curve must not increase: a higher input must never score "
                   "higher");
      }
    }
  }

  void CurveFactor(absl::string_view field, const v1::CurveFactor& factor,
                   Direction direction) const {
    Weight(absl::StrCat(field, ".weight"), factor.weight());
    CurveShape(absl::StrCat(field, ".curve"), factor.curve(), direction);
  }

  // Rule: scores that rank outcomes are ordered best first.
  void Ordered(absl::string_view field,
               std::initializer_list<double> best_first,
               absl::string_view what) const {
    double previous = *best_first.begin();
    for (double value : best_first) {
      if (value > previous) {
        Fail(field, absl::StrCat(what, " must be ordered from best to worst"));
        return;
      }
      previous = value;
    }
  }

 private:
  FieldViolations* out_;
  std::string prefix_;
};

void CheckLocation(const v1::Location& location, const Checker& c) {
  if (location.has_os_grid()) {
    c.Range("os_grid.easting", location.os_grid().easting(), 0, 700000);
    c.Range("os_grid.northing", location.os_grid().northing(), 0, 1300000);
  }
  if (location.has_lat_lng()) {
    c.Range("lat_lng.latitude", location.lat_lng().latitude(), -90, 90);
    c.Range("lat_lng.longitude", location.lat_lng().longitude(), -180, 180);
  }
}

void CheckCluster(const v1::Cluster& cluster, const Checker& c) {
  c.Required("id", cluster.id());
  c.Required("name", cluster.name());
  if (!cluster.hub().has_os_grid() && !cluster.hub().has_lat_lng()) {
    c.Fail("hub", "the hub needs a grid reference or latitude/longitude");
  }
  CheckLocation(cluster.hub(), c.Sub("hub"));
  c.NonNegative("support_capacity_days", cluster.support_capacity_days());
  c.NonNegative("committed_days", cluster.committed_days());
  for (int i = 0; i < cluster.members_size(); ++i) {
    const Checker m = c.Sub(absl::StrCat("members[", i, "]"));
    m.Required("urn", cluster.members(i).urn());
    CheckLocation(cluster.members(i).location(), m.Sub("location"));
  }
}

void CheckTrust(const v1::Trust& trust, const Checker& c) {
  c.Required("name", trust.name());
  std::set<std::string> names;
  for (int i = 0; i < trust.accepted_religious_characters_size(); ++i) {
    const std::string field =
        absl::StrCat("accepted_religious_characters[", i, "].name");
    const std::string& name = trust.accepted_religious_characters(i).name();
    c.Required(field, name);
    if (!name.empty() && !names.insert(absl::AsciiStrToLower(name)).second) {
      c.Fail(field, "listed more than once");
    }
  }
  for (int i = 0; i < trust.phases_size(); ++i) {
    if (trust.phases(i) == v1::PHASE_UNSPECIFIED) {
      c.Fail(absl::StrCat("phases[", i, "]"), "must name a phase");
    }
  }
}

// Rule: "what would it take" may change only inputs a school or trust can
// act on, each listed once, in a bounded number of changes.
void CheckImprovement(const v1::ImprovementRules& rules, const Checker& c) {
  std::set<std::string> seen;
  for (int i = 0; i < rules.actionable_fields_size(); ++i) {
    const std::string& field = rules.actionable_fields(i);
    const std::string path = absl::StrCat("actionable_fields[", i, "]");
    if (FindLever(field) == nullptr) {
      std::vector<absl::string_view> known;
      for (const Lever& lever : AllLevers()) known.push_back(lever.field);
      c.Fail(path, absl::StrCat("\"", field,
                                "\" is not an input a school or trust can act "
                                "on; the levers are ",
                                absl::StrJoin(known, ", ")));
    } else if (!seen.insert(field).second) {
      c.Fail(path, "listed more than once");
    }
  }
  c.Range("max_changes", rules.max_changes(), 1, 20);
}

// Rule: criterion weights, and bands ordered 0 < developing < secure <
// strong <= 100.
void CheckWeightsAndBands(const v1::ScoringRules& s, const Checker& c) {
  const Checker w = c.Sub("weights");
  w.Weight("standards", s.weights().standards());
  w.Weight("leadership", s.weights().leadership());
  w.Weight("finance", s.weights().finance());
  w.Weight("ethos", s.weights().ethos());
  w.Weight("capacity", s.weights().capacity());
  w.Weight("location", s.weights().location());

  // Rule: bands are ordered, 0 < developing < secure < strong <= 100.
  const auto& b = s.bands();
  if (!(b.developing_min() > 0 && b.developing_min() < b.secure_min() &&
        b.secure_min() < b.strong_min() && b.strong_min() <= 100)) {
    c.Fail("bands",
           "bands must be ordered: 0 < developing_min < secure_min < "
           "strong_min <= 100");
  }
}

// The scores of rubric answers and of inspection grades, each in order.
void CheckRubricAndGrades(const v1::ScoringRules& s, const Checker& c) {
  const Checker r = c.Sub("rubric_scores");
  const auto& rubric = s.rubric_scores();
  for (auto [name, value] :
       {std::pair<const char*, double>{"weak", rubric.weak()},
        {"partly", rubric.partly()},
        {"mostly", rubric.mostly()},
        {"strong", rubric.strong()}}) {
    r.Score(name, value);
  }
  c.Ordered("rubric_scores",
            {rubric.strong(), rubric.mostly(), rubric.partly(), rubric.weak()},
            "rubric scores");

  const Checker g = c.Sub("inspection_grades");
  g.CurveShape("legacy_grade", s.inspection_grades().legacy_grade(),
               Direction::kDecreasing);
  const auto& rc = s.inspection_grades().report_card();
  const Checker rcc = g.Sub("report_card");
  for (auto [name, value] :
       {std::pair<const char*, double>{"exceptional", rc.exceptional()},
        {"strong_standard", rc.strong_standard()},
        {"expected_standard", rc.expected_standard()},
        {"needs_attention", rc.needs_attention()},
        {"urgent_improvement", rc.urgent_improvement()}}) {
    rcc.Score(name, value);
  }
  g.Ordered("report_card",
            {rc.exceptional(), rc.strong_standard(), rc.expected_standard(),
             rc.needs_attention(), rc.urgent_improvement()},
            "report card grade scores");
}

void CheckStandardsRules(const v1::StandardsRules& standards,
                         const Checker& st) {
  st.Weight("ofsted_weight", standards.ofsted_weight());
  const Checker at = st.Sub("attainment");
  at.Weight("weight", standards.attainment().weight());
  at.Range("ks2_national_average_pct",
           standards.attainment().ks2_national_average_pct(), 0, 100);
  at.CurveShape("ks2_vs_national", standards.attainment().ks2_vs_national(),
                Direction::kIncreasing);
  at.CurveShape("progress8", standards.attainment().progress8(),
                Direction::kIncreasing);
  at.Range("attainment8_national_average",
           standards.attainment().attainment8_national_average(), 0, 90);
  at.CurveShape("attainment8_vs_national",
                standards.attainment().attainment8_vs_national(),
                Direction::kIncreasing);
  const Checker tr = st.Sub("trend");
  tr.Weight("weight", standards.trend().weight());
  if (standards.trend().max_years() < 2) {
    tr.Fail("max_years", "a trend needs at least two years");
  }
  tr.CurveShape("progress8_slope", standards.trend().progress8_slope(),
                Direction::kIncreasing);
  tr.CurveShape("ks2_slope", standards.trend().ks2_slope(),
                Direction::kIncreasing);
  tr.CurveShape("attainment8_slope", standards.trend().attainment8_slope(),
                Direction::kIncreasing);
  st.CurveFactor("absence", standards.absence(), Direction::kDecreasing);
}

void CheckLeadershipRules(const v1::LeadershipRules& leadership,
                          const Checker& le) {
  const Checker ht = le.Sub("headteacher");
  ht.Weight("weight", leadership.headteacher().weight());
  ht.CurveShape("substantive_years",
                leadership.headteacher().substantive_years(),
                Direction::kIncreasing);
  ht.Score("acting_or_interim_score",
           leadership.headteacher().acting_or_interim_score());
  ht.Score("vacant_score", leadership.headteacher().vacant_score());
  le.Weight("judgement_weight", leadership.judgement_weight());
  le.Weight("governance_weight", leadership.governance_weight());
  le.CurveFactor("staff_turnover", leadership.staff_turnover(),
                 Direction::kDecreasing);
}

void CheckFinanceRules(const v1::FinanceRules& finance, const Checker& fi) {
  fi.CurveFactor("in_year_balance", finance.in_year_balance(),
                 Direction::kIncreasing);
  fi.CurveFactor("reserves", finance.reserves(), Direction::kIncreasing);
  if (!(finance.high_reserves_review_pct() > 0)) {
    fi.Fail("high_reserves_review_pct", "must be positive");
  }
  fi.CurveFactor("staff_costs", finance.staff_costs(), Direction::kDecreasing);
  fi.CurveFactor("pupil_forecast", finance.pupil_forecast(),
                 Direction::kIncreasing);
  if (!(finance.forecast_amber_fall_pct() >= 0 &&
        finance.forecast_amber_fall_pct() < finance.forecast_red_fall_pct())) {
    fi.Fail("forecast_amber_fall_pct",
            "must be at least 0 and below forecast_red_fall_pct");
  }
  fi.Range("pfi_penalty_points", finance.pfi_penalty_points(), 0, 100);
  fi.NonNegative("reserves_deficit_gate_pct",
                 finance.reserves_deficit_gate_pct());
}

void CheckEthosRules(const v1::EthosRules& ethos, const Checker& et) {
  const Checker rel = et.Sub("religious_character");
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
  const Checker ph = et.Sub("phase");
  ph.Weight("weight", ethos.phase().weight());
  ph.Score("existing_phase_score", ethos.phase().existing_phase_score());
  ph.Score("new_phase_score", ethos.phase().new_phase_score());
  et.Ordered(
      "phase",
      {ethos.phase().existing_phase_score(), ethos.phase().new_phase_score()},
      "phase scores");
  et.Weight("values_alignment_weight", ethos.values_alignment_weight());
  et.Weight("inclusion_commitment_weight", ethos.inclusion_commitment_weight());
  et.CurveFactor("suspensions", ethos.suspensions(), Direction::kDecreasing);
}

void CheckLocationRules(const v1::LocationRules& location, const Checker& lo) {
  lo.CurveFactor("distance", location.distance(), Direction::kDecreasing);
  if (!(location.cluster_radius_km() > 0))
    lo.Fail("cluster_radius_km", "must be positive");
  const Checker sg = lo.Sub("strategy");
  sg.Weight("weight", location.strategy().weight());
  sg.Score("target_area_score", location.strategy().target_area_score());
  sg.Score("other_area_score", location.strategy().other_area_score());
  lo.Ordered("strategy",
             {location.strategy().target_area_score(),
              location.strategy().other_area_score()},
             "strategy scores");
}

void CheckCapacityRules(const v1::CapacityRules& capacity, const Checker& ca) {
  const auto& need = capacity.need_days_by_band();
  const Checker nd = ca.Sub("need_days_by_band");
  nd.NonNegative("strong", need.strong());
  nd.NonNegative("secure", need.secure());
  nd.NonNegative("developing", need.developing());
  nd.NonNegative("concern", need.concern());
  if (!(need.strong() <= need.secure() && need.secure() <= need.developing() &&
        need.developing() <= need.concern())) {
    ca.Fail("need_days_by_band",
            "a weaker band must never need fewer days: strong <= secure <= "
            "developing <= concern");
  }
  ca.NonNegative("finance_concern_extra_days",
                 capacity.finance_concern_extra_days());
  ca.NonNegative("national_leader_days", capacity.national_leader_days());
  ca.NonNegative("local_leader_days", capacity.local_leader_days());
  ca.NonNegative("specialist_leader_days", capacity.specialist_leader_days());
  ca.NonNegative("other_specialism_days", capacity.other_specialism_days());
  std::set<int> specialisms;
  for (int i = 0; i < capacity.specialisms_size(); ++i) {
    const Checker sp = ca.Sub(absl::StrCat("specialisms[", i, "]"));
    const auto& offer = capacity.specialisms(i);
    if (offer.specialism() == v1::SPECIALISM_UNSPECIFIED) {
      sp.Fail("specialism", "must name a specialism");
    } else if (!specialisms.insert(offer.specialism()).second) {
      sp.Fail("specialism", "listed more than once");
    }
    sp.NonNegative("days", offer.days());
  }
  ca.CurveShape("net_days", capacity.net_days(), Direction::kIncreasing);
}

// Rule: every arrangement that can be quoted has exactly one set of terms,
// with 1 <= min <= default <= max <= 120 months.
void CheckTerms(const v1::RecommendationRules& rec, const Checker& re) {
  std::set<int> with_terms;
  for (int i = 0; i < rec.terms_size(); ++i) {
    const Checker t = re.Sub(absl::StrCat("terms[", i, "]"));
    const auto& terms = rec.terms(i);
    if (!IsQuotable(terms.arrangement())) {
      t.Fail("arrangement", "only arrangements that can be quoted have terms");
    } else if (!with_terms.insert(terms.arrangement()).second) {
      t.Fail("arrangement", "terms listed more than once");
    }
    if (!(terms.min_months() >= 1 &&
          terms.min_months() <= terms.default_months() &&
          terms.default_months() <= terms.max_months() &&
          terms.max_months() <= 120)) {
      t.Fail("default_months",
             "terms must satisfy 1 <= min_months <= default_months <= "
             "max_months <= 120");
    }
    if (terms.review_months() < 0)
      t.Fail("review_months", "must not be negative");
  }
  for (v1::Arrangement arrangement : kQuotableArrangements) {
    if (with_terms.count(arrangement) == 0) {
      re.Fail("terms",
              absl::StrCat("terms for ", v1::Arrangement_Name(arrangement),
                           " are required"));
    }
  }
}

void CheckRecommendationRules(const v1::RecommendationRules& rec,
                              const Checker& re) {
  re.Range("minimum_completeness_pct", rec.minimum_completeness_pct(), 0, 100);
  re.Range("integration_min_overall", rec.integration_min_overall(), 0, 100);
  re.Range("strategic_min_overall", rec.strategic_min_overall(), 0, 100);
  re.NonNegative("strategic_min_offer_days", rec.strategic_min_offer_days());
  re.Range("new_cluster_min_overall", rec.new_cluster_min_overall(), 0, 100);
  re.Range("partnership_min_overall", rec.partnership_min_overall(), 0, 100);
  if (rec.top_reasons() < 1) re.Fail("top_reasons", "must be at least 1");
  CheckTerms(rec, re);
}

void CheckScoring(const v1::ScoringRules& s, const Checker& c) {
  CheckWeightsAndBands(s, c);
  CheckRubricAndGrades(s, c);
  CheckStandardsRules(s.standards(), c.Sub("standards"));
  CheckLeadershipRules(s.leadership(), c.Sub("leadership"));
  CheckFinanceRules(s.finance(), c.Sub("finance"));
  CheckEthosRules(s.ethos(), c.Sub("ethos"));
  CheckLocationRules(s.location(), c.Sub("location"));
  CheckCapacityRules(s.capacity(), c.Sub("capacity"));
  CheckRecommendationRules(s.recommendation(), c.Sub("recommendation"));
  CheckImprovement(s.improvement(), c.Sub("improvement"));
}

void CheckPrice(const v1::Price& price, const Checker& c) {
  if (price.basis() == v1::PRICE_BASIS_UNSPECIFIED) {
    c.Fail("basis", "required");
  }
  if (price.amount() < 0) c.Fail("amount", "must not be negative");
  if (price.amount() > kMaxPricePence) {
    c.Fail("amount", "implausibly large: at most 100000000000 (£1bn)");
  }
  if (price.basis() == v1::PRICE_BASIS_PERCENT_OF_FUNDING_BASE &&
      price.amount() > kBasisPointsPerUnit) {
    c.Fail("amount", "a rate must be at most 10000 basis points (100%)");
  }
}

void CheckCost(const v1::CostRules& cost, const Checker& c) {
  c.Range("core_rate_bps", cost.core_rate_bps(), 0, kBasisPointsPerUnit);
  c.Range("core_minimum_fee_pence",
          static_cast<double>(cost.core_minimum_fee_pence()), 0,
          static_cast<double>(kMaxPricePence));
  c.Range("core_delivery_cost_bps", cost.core_delivery_cost_bps(), 0,
          kBasisPointsPerUnit);
  c.Range("max_contribution_bps", cost.max_contribution_bps(), 0,
          kBasisPointsPerUnit);
  if (!cost.has_enforce_no_subsidy()) {
    c.Fail("enforce_no_subsidy", "required: true or false");
  }
  // Rule: catalogue codes are unique UPPER_SNAKE identifiers.
  std::set<std::string> codes;
  for (int i = 0; i < cost.catalogue_size(); ++i) {
    const Checker s = c.Sub(absl::StrCat("catalogue[", i, "]"));
    const auto& service = cost.catalogue(i);
    if (service.code().empty()) {
      s.Fail("code", "required");
    } else if (service.code().find_first_not_of(
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
               std::string::npos) {
      s.Fail("code", "must be UPPER_SNAKE (A-Z, 0-9, _)");
    } else if (!codes.insert(service.code()).second) {
      s.Fail("code",
             absl::StrCat("duplicate service code \"", service.code(), "\""));
    }
    s.Required("name", service.name());
    if (service.category() == v1::SERVICE_CATEGORY_UNSPECIFIED) {
      s.Fail("category", "required");
    }
    CheckPrice(service.price(), s.Sub("price"));
    CheckPrice(service.delivery_cost(), s.Sub("delivery_cost"));
  }
}

}  // namespace

FieldViolations ValidateLocation(const v1::Location& location) {
  FieldViolations out;
  CheckLocation(location, Checker(&out, ""));
  return out;
}

FieldViolations ValidateCluster(const v1::Cluster& cluster) {
  FieldViolations out;
  CheckCluster(cluster, Checker(&out, ""));
  return out;
}

FieldViolations ValidatePolicy(const v1::Policy& policy) {
  FieldViolations out;
  const Checker c(&out, "");
  c.Required("name", policy.name());
  c.Required("version", policy.version());
  CheckTrust(policy.trust(), c.Sub("trust"));
  if (policy.clusters_size() == 0)
    c.Fail("clusters", "at least one cluster is required");
  std::set<std::string> ids;
  for (int i = 0; i < policy.clusters_size(); ++i) {
    const Checker cl = c.Sub(absl::StrCat("clusters[", i, "]"));
    CheckCluster(policy.clusters(i), cl);
    const std::string& id = policy.clusters(i).id();
    if (!id.empty() && !ids.insert(id).second) {
      cl.Fail("id", absl::StrCat("duplicate cluster id \"", id, "\""));
    }
  }
  CheckScoring(policy.scoring(), c.Sub("scoring"));
  CheckCost(policy.cost(), c.Sub("cost"));
  if (policy.has_agreement())
    out.Append("agreement",
               ValidateAgreementTemplate(policy.agreement(), policy.cost()));
  return out;
}

}  // namespace trustfit::scoring
