#include "scoring/policy_validation.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "scoring/agreement_template.h"
#include "scoring/criterion_unit.h"
#include "scoring/levers.h"
#include "scoring/money.h"
#include "scoring/policy_checker.h"
#include "scoring/recommendation.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

// Prices above £1bn are typing mistakes; the bound also keeps quote
// arithmetic far from overflow.
constexpr int64_t kMaxPricePence = 100'000'000'000;

void CheckLocation(const v1::Location& location, const PolicyChecker& c) {
  if (location.has_os_grid()) {
    c.Range("os_grid.easting", location.os_grid().easting(), 0, 700000);
    c.Range("os_grid.northing", location.os_grid().northing(), 0, 1300000);
  }
  if (location.has_lat_lng()) {
    c.Range("lat_lng.latitude", location.lat_lng().latitude(), -90, 90);
    c.Range("lat_lng.longitude", location.lat_lng().longitude(), -180, 180);
  }
}

void CheckCluster(const v1::Cluster& cluster, const PolicyChecker& c) {
  c.Required("id", cluster.id());
  c.Required("name", cluster.name());
  if (!cluster.hub().has_os_grid() && !cluster.hub().has_lat_lng()) {
    c.Fail("hub", "the hub needs a grid reference or latitude/longitude");
  }
  CheckLocation(cluster.hub(), c.Sub("hub"));
  c.NonNegative("support_capacity_days", cluster.support_capacity_days());
  c.NonNegative("committed_days", cluster.committed_days());
  for (int i = 0; i < cluster.members_size(); ++i) {
    const PolicyChecker m = c.Sub(absl::StrCat("members[", i, "]"));
    m.Required("urn", cluster.members(i).urn());
    CheckLocation(cluster.members(i).location(), m.Sub("location"));
  }
}

void CheckTrust(const v1::Trust& trust, const PolicyChecker& c) {
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
void CheckImprovement(const v1::ImprovementRules& rules,
                      const PolicyChecker& c) {
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
void CheckWeightsAndBands(const v1::ScoringRules& s, const PolicyChecker& c) {
  const PolicyChecker w = c.Sub("weights");
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
void CheckRubricAndGrades(const v1::ScoringRules& s, const PolicyChecker& c) {
  const PolicyChecker r = c.Sub("rubric_scores");
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

  const PolicyChecker g = c.Sub("inspection_grades");
  g.CurveShape("legacy_grade", s.inspection_grades().legacy_grade(),
               CurveDirection::kDecreasing);
  const auto& rc = s.inspection_grades().report_card();
  const PolicyChecker rcc = g.Sub("report_card");
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

// Rule: every arrangement that can be quoted has exactly one set of terms,
// with 1 <= min <= default <= max <= 120 months.
void CheckTerms(const v1::RecommendationRules& rec, const PolicyChecker& re) {
  std::set<int> with_terms;
  for (int i = 0; i < rec.terms_size(); ++i) {
    const PolicyChecker t = re.Sub(absl::StrCat("terms[", i, "]"));
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
                              const PolicyChecker& re) {
  re.Range("minimum_completeness_pct", rec.minimum_completeness_pct(), 0, 100);
  re.Range("integration_min_overall", rec.integration_min_overall(), 0, 100);
  re.Range("strategic_min_overall", rec.strategic_min_overall(), 0, 100);
  re.NonNegative("strategic_min_offer_days", rec.strategic_min_offer_days());
  re.Range("new_cluster_min_overall", rec.new_cluster_min_overall(), 0, 100);
  re.Range("partnership_min_overall", rec.partnership_min_overall(), 0, 100);
  if (rec.top_reasons() < 1) re.Fail("top_reasons", "must be at least 1");
  CheckTerms(rec, re);
}

// The criteria's own rules, each by its unit, in the order ScoringRules
// declares their sections (location before capacity, unlike the order of
// scoring), so that violations are listed in the order of the policy.
void CheckCriteriaRules(const v1::ScoringRules& s, const PolicyChecker& c) {
  const google::protobuf::Descriptor* sections = v1::ScoringRules::descriptor();
  for (int i = 0; i < sections->field_count(); ++i) {
    for (const CriterionUnit& unit : CriterionUnits()) {
      if (unit.id == sections->field(i)->name())
        unit.check_rules(s, c.Sub(unit.id));
    }
  }
}

void CheckScoring(const v1::ScoringRules& s, const PolicyChecker& c) {
  CheckWeightsAndBands(s, c);
  CheckRubricAndGrades(s, c);
  CheckCriteriaRules(s, c);
  CheckRecommendationRules(s.recommendation(), c.Sub("recommendation"));
  CheckImprovement(s.improvement(), c.Sub("improvement"));
}

void CheckPrice(const v1::Price& price, const PolicyChecker& c) {
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

void CheckCost(const v1::CostRules& cost, const PolicyChecker& c) {
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
    const PolicyChecker s = c.Sub(absl::StrCat("catalogue[", i, "]"));
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
  CheckLocation(location, PolicyChecker(&out, ""));
  return out;
}

FieldViolations ValidateCluster(const v1::Cluster& cluster) {
  FieldViolations out;
  CheckCluster(cluster, PolicyChecker(&out, ""));
  return out;
}

FieldViolations ValidatePolicy(const v1::Policy& policy) {
  FieldViolations out;
  const PolicyChecker c(&out, "");
  c.Required("name", policy.name());
  c.Required("version", policy.version());
  CheckTrust(policy.trust(), c.Sub("trust"));
  if (policy.clusters_size() == 0)
    c.Fail("clusters", "at least one cluster is required");
  std::set<std::string> ids;
  for (int i = 0; i < policy.clusters_size(); ++i) {
    const PolicyChecker cl = c.Sub(absl::StrCat("clusters[", i, "]"));
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
