// One test per rule of policy validation (§5): each starts from the valid
// default policy, breaks one thing, and checks the problem is named at its
// path.

#include "scoring/policy_validation.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::trustfit::testing::HasViolation;

absl::Status Problems(const std::function<void(v1::Policy*)>& edit) {
  v1::Policy policy = Policy::Default().proto();
  edit(&policy);
  return ValidatePolicy(policy).ToStatus("invalid policy");
}

void SetCurve(v1::Policy* p,
              std::initializer_list<std::pair<double, double>> points) {
  auto* curve = p->mutable_scoring()
                    ->mutable_standards()
                    ->mutable_absence()
                    ->mutable_curve();
  curve->Clear();
  for (auto [x, score] : points) {
    auto* point = curve->Add();
    point->set_x(x);
    point->set_score(score);
  }
}

const char* const kAbsenceCurve = "scoring.standards.absence.curve";

TEST(ValidatePolicy, DefaultIsValid) {
  EXPECT_TRUE(ValidatePolicy(Policy::Default().proto()).empty());
}

TEST(ValidatePolicy, NameAndVersionRequired) {
  const absl::Status s = Problems([](v1::Policy* p) {
    p->clear_name();
    p->clear_version();
  });
  EXPECT_THAT(s, HasViolation("name", "required"));
  EXPECT_THAT(s, HasViolation("version", "required"));
}

TEST(ValidatePolicy, TrustNameRequired) {
  EXPECT_THAT(Problems([](v1::Policy* p) { p->mutable_trust()->clear_name(); }),
              HasViolation("trust.name", "required"));
}

TEST(ValidatePolicy, AcceptedReligiousCharactersAreNamedOnce) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        p->mutable_trust()->add_accepted_religious_characters()->set_name(
            "church of england");
      }),
      HasViolation("trust.accepted_religious_characters[3].name",
                   "more than once"));
}

TEST(ValidatePolicy, TrustPhasesAreSpecified) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_trust()->add_phases(v1::PHASE_UNSPECIFIED);
              }),
              HasViolation("trust.phases[3]", "must name a phase"));
}

TEST(ValidatePolicy, AtLeastOneCluster) {
  EXPECT_THAT(Problems([](v1::Policy* p) { p->clear_clusters(); }),
              HasViolation("clusters", "at least one"));
}

TEST(ValidatePolicy, ClusterIdsAreRequiredAndUnique) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) { p->mutable_clusters(0)->clear_id(); }),
      HasViolation("clusters[0].id", "required"));
  EXPECT_THAT(
      Problems([](v1::Policy* p) { p->mutable_clusters(1)->set_id("north"); }),
      HasViolation("clusters[1].id", "duplicate cluster id \"north\""));
}

TEST(ValidatePolicy, ClusterHubNeedsCoordinates) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) { p->mutable_clusters(0)->clear_hub(); }),
      HasViolation("clusters[0].hub", "grid reference or latitude/longitude"));
}

TEST(ValidatePolicy, CoordinatesWithinRange) {
  const absl::Status s = Problems([](v1::Policy* p) {
    p->mutable_clusters(0)->mutable_hub()->mutable_os_grid()->set_easting(-5);
    p->mutable_clusters(2)->mutable_hub()->mutable_lat_lng()->set_latitude(95);
  });
  EXPECT_THAT(
      s, HasViolation("clusters[0].hub.os_grid.easting", "within 0-700000"));
  EXPECT_THAT(
      s, HasViolation("clusters[2].hub.lat_lng.latitude", "within -90-90"));
}

TEST(ValidatePolicy, ClusterDaysNotNegative) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_clusters(0)->set_support_capacity_days(-1);
              }),
              HasViolation("clusters[0].support_capacity_days",
                           "must not be negative"));
}

TEST(ValidatePolicy, ClusterMembersNeedUrns) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_clusters(0)->mutable_members(1)->clear_urn();
              }),
              HasViolation("clusters[0].members[1].urn", "required"));
}

TEST(ValidatePolicy, CriterionWeightsPositive) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        p->mutable_scoring()->mutable_weights()->set_capacity(-1);
      }),
      HasViolation("scoring.weights.capacity", "weight must be positive"));
}

TEST(ValidatePolicy, FactorWeightsPositive) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        p->mutable_scoring()->mutable_leadership()->set_governance_weight(0);
      }),
      HasViolation("scoring.leadership.governance_weight",
                   "weight must be positive"));
}

TEST(ValidatePolicy, BandsOrdered) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_scoring()->mutable_bands()->set_secure_min(80);
              }),
              HasViolation("scoring.bands", "must be ordered"));
}

TEST(ValidatePolicy, ScoresWithinZeroToHundred) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_scoring()
                    ->mutable_leadership()
                    ->mutable_headteacher()
                    ->set_vacant_score(-5);
              }),
              HasViolation("scoring.leadership.headteacher.vacant_score",
                           "within 0-100"));
}

TEST(ValidatePolicy, RubricScoresOrdered) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        p->mutable_scoring()->mutable_rubric_scores()->set_partly(90);
      }),
      HasViolation("scoring.rubric_scores", "ordered from best to worst"));
}

TEST(ValidatePolicy, ReportCardScoresOrdered) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_scoring()
                    ->mutable_inspection_grades()
                    ->mutable_report_card()
                    ->set_needs_attention(70);
              }),
              HasViolation("scoring.inspection_grades.report_card", "ordered"));
}

TEST(ValidatePolicy, CategoricalScoresOrdered) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_scoring()
                    ->mutable_ethos()
                    ->mutable_phase()
                    ->set_new_phase_score(100);
                p->mutable_scoring()
                    ->mutable_ethos()
                    ->mutable_phase()
                    ->set_existing_phase_score(50);
              }),
              HasViolation("scoring.ethos.phase", "ordered"));
}

TEST(ValidatePolicy, CurveNeedsTwoPoints) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                SetCurve(p, {{4, 100}});
              }),
              HasViolation(kAbsenceCurve, "at least two points"));
}

TEST(ValidatePolicy, CurveXMustNotDecrease) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                SetCurve(p, {{4, 100}, {8, 50}, {6, 0}});
              }),
              HasViolation("scoring.standards.absence.curve[2].x",
                           "must not decrease"));
}

TEST(ValidatePolicy, CurveStepHasAtMostTwoPoints) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                SetCurve(p, {{4, 100}, {4, 50}, {4, 0}});
              }),
              HasViolation("scoring.standards.absence.curve[2].x",
                           "at most two points"));
}

TEST(ValidatePolicy, CurveScoresWithinRange) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        SetCurve(p, {{4, 120}, {8, 0}});
      }),
      HasViolation("scoring.standards.absence.curve[0].score", "within 0-100"));
}

TEST(ValidatePolicy, LowerIsBetterCurveMustNotIncrease) {
  // Higher absence must never score higher.
  EXPECT_THAT(Problems([](v1::Policy* p) {
                SetCurve(p, {{4, 100}, {6, 40}, {8, 60}});
              }),
              HasViolation("scoring.standards.absence.curve[2].score",
                           "must not increase"));
}

TEST(ValidatePolicy, HigherIsBetterCurveMustNotDecrease) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                auto* curve = p->mutable_scoring()
                                  ->mutable_standards()
                                  ->mutable_attainment()
                                  ->mutable_progress8();
                curve->Mutable(2)->set_score(10);
              }),
              HasViolation("scoring.standards.attainment.progress8[2].score",
                           "must not decrease"));
}

TEST(ValidatePolicy, NationalAveragesWithinRange) {
  const absl::Status s = Problems([](v1::Policy* p) {
    auto* a = p->mutable_scoring()->mutable_standards()->mutable_attainment();
    a->set_ks2_national_average_pct(120);
    a->set_attainment8_national_average(-1);
  });
  EXPECT_THAT(
      s, HasViolation("scoring.standards.attainment.ks2_national_average_pct",
                      "within"));
  EXPECT_THAT(
      s,
      HasViolation("scoring.standards.attainment.attainment8_national_average",
                   "within"));
}

TEST(ValidatePolicy, TrendNeedsAtLeastTwoYears) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        p->mutable_scoring()
            ->mutable_standards()
            ->mutable_trend()
            ->set_max_years(1);
      }),
      HasViolation("scoring.standards.trend.max_years", "at least two"));
}

TEST(ValidatePolicy, FinanceThresholds) {
  const absl::Status s = Problems([](v1::Policy* p) {
    auto* f = p->mutable_scoring()->mutable_finance();
    f->set_high_reserves_review_pct(0);
    f->set_forecast_amber_fall_pct(12);
    f->set_pfi_penalty_points(150);
    f->set_reserves_deficit_gate_pct(-1);
  });
  EXPECT_THAT(
      s, HasViolation("scoring.finance.high_reserves_review_pct", "positive"));
  EXPECT_THAT(s,
              HasViolation("scoring.finance.forecast_amber_fall_pct", "below"));
  EXPECT_THAT(
      s, HasViolation("scoring.finance.pfi_penalty_points", "within 0-100"));
  EXPECT_THAT(s, HasViolation("scoring.finance.reserves_deficit_gate_pct",
                              "not be negative"));
}

TEST(ValidatePolicy, ClusterRadiusPositive) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        p->mutable_scoring()->mutable_location()->set_cluster_radius_km(0);
      }),
      HasViolation("scoring.location.cluster_radius_km", "positive"));
}

TEST(ValidatePolicy, NeedDaysGrowAsBandsWeaken) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_scoring()
                    ->mutable_capacity()
                    ->mutable_need_days_by_band()
                    ->set_strong(50);
              }),
              HasViolation("scoring.capacity.need_days_by_band",
                           "never need fewer days"));
}

TEST(ValidatePolicy, OfferDaysNotNegative) {
  EXPECT_THAT(
      Problems([](v1::Policy* p) {
        p->mutable_scoring()->mutable_capacity()->set_national_leader_days(-20);
      }),
      HasViolation("scoring.capacity.national_leader_days", "not be negative"));
}

TEST(ValidatePolicy, SpecialismsNamedOnce) {
  const absl::Status s = Problems([](v1::Policy* p) {
    auto* c = p->mutable_scoring()->mutable_capacity();
    c->add_specialisms()->set_specialism(v1::SPECIALISM_SCITT);
    c->add_specialisms();
  });
  EXPECT_THAT(s, HasViolation("scoring.capacity.specialisms[4].specialism",
                              "more than once"));
  EXPECT_THAT(s, HasViolation("scoring.capacity.specialisms[5].specialism",
                              "must name"));
}

TEST(ValidatePolicy, RecommendationThresholdsWithinRange) {
  const absl::Status s = Problems([](v1::Policy* p) {
    auto* r = p->mutable_scoring()->mutable_recommendation();
    r->set_minimum_completeness_pct(101);
    r->set_top_reasons(0);
  });
  EXPECT_THAT(s, HasViolation("scoring.recommendation.minimum_completeness_pct",
                              "within 0-100"));
  EXPECT_THAT(s,
              HasViolation("scoring.recommendation.top_reasons", "at least 1"));
}

TEST(ValidatePolicy, EveryQuotableArrangementHasTerms) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_scoring()
                    ->mutable_recommendation()
                    ->mutable_terms()
                    ->RemoveLast();
              }),
              HasViolation("scoring.recommendation.terms",
                           "ARRANGEMENT_PARTNER are required"));
}

TEST(ValidatePolicy, TermsOnlyOncePerQuotableArrangement) {
  const absl::Status s = Problems([](v1::Policy* p) {
    auto* terms =
        p->mutable_scoring()->mutable_recommendation()->mutable_terms();
    *terms->Add() = terms->Get(0);
    terms->Add()->set_arrangement(v1::ARRANGEMENT_NOT_RECOMMENDED);
  });
  EXPECT_THAT(s, HasViolation("scoring.recommendation.terms[4].arrangement",
                              "more than once"));
  EXPECT_THAT(s, HasViolation("scoring.recommendation.terms[5].arrangement",
                              "only arrangements"));
}

TEST(ValidatePolicy, TermBoundsOrdered) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_scoring()
                    ->mutable_recommendation()
                    ->mutable_terms(2)
                    ->set_default_months(24);
              }),
              HasViolation("scoring.recommendation.terms[2].default_months",
                           "min_months <= default_months <= max_months"));
}

TEST(ValidatePolicy, CostRatesWithinRange) {
  const absl::Status s = Problems([](v1::Policy* p) {
    p->mutable_cost()->set_core_rate_bps(-1);
    p->mutable_cost()->set_max_contribution_bps(10001);
    p->mutable_cost()->set_core_minimum_fee_pence(-100);
  });
  EXPECT_THAT(s, HasViolation("cost.core_rate_bps", "within 0-10000"));
  EXPECT_THAT(s, HasViolation("cost.max_contribution_bps", "within 0-10000"));
  EXPECT_THAT(s, HasViolation("cost.core_minimum_fee_pence", "within"));
}

TEST(ValidatePolicy, EnforceNoSubsidyMustBeStated) {
  EXPECT_THAT(Problems([](v1::Policy* p) {
                p->mutable_cost()->clear_enforce_no_subsidy();
              }),
              HasViolation("cost.enforce_no_subsidy", "required"));
}

TEST(ValidatePolicy, CatalogueCodesUniqueAndUpperSnake) {
  const absl::Status s = Problems([](v1::Policy* p) {
    p->mutable_cost()->mutable_catalogue(5)->set_code("HR_PAYROLL");
    p->mutable_cost()->mutable_catalogue(6)->set_code("hr-payroll");
    p->mutable_cost()->mutable_catalogue(7)->clear_code();
  });
  EXPECT_THAT(s, HasViolation("cost.catalogue[12].code",
                              "duplicate service code \"HR_PAYROLL\""));
  EXPECT_THAT(s, HasViolation("cost.catalogue[6].code", "UPPER_SNAKE"));
  EXPECT_THAT(s, HasViolation("cost.catalogue[7].code", "required"));
}

TEST(ValidatePolicy, CatalogueServicesNamedAndCategorised) {
  const absl::Status s = Problems([](v1::Policy* p) {
    p->mutable_cost()->mutable_catalogue(4)->clear_name();
    p->mutable_cost()->mutable_catalogue(4)->clear_category();
  });
  EXPECT_THAT(s, HasViolation("cost.catalogue[4].name", "required"));
  EXPECT_THAT(s, HasViolation("cost.catalogue[4].category", "required"));
}

TEST(ValidatePolicy, PricesHaveABasisAndSaneAmounts) {
  const absl::Status s = Problems([](v1::Policy* p) {
    p->mutable_cost()->mutable_catalogue(4)->mutable_price()->clear_basis();
    p->mutable_cost()
        ->mutable_catalogue(5)
        ->mutable_delivery_cost()
        ->set_amount(-1);
    p->mutable_cost()->mutable_catalogue(6)->mutable_price()->set_amount(
        200'000'000'000);
    p->mutable_cost()->mutable_catalogue(0)->mutable_price()->set_amount(10001);
  });
  EXPECT_THAT(s, HasViolation("cost.catalogue[4].price.basis", "required"));
  EXPECT_THAT(s, HasViolation("cost.catalogue[5].delivery_cost.amount",
                              "not be negative"));
  EXPECT_THAT(
      s, HasViolation("cost.catalogue[6].price.amount", "implausibly large"));
  EXPECT_THAT(s, HasViolation("cost.catalogue[0].price.amount",
                              "at most 10000 basis points"));
}

TEST(ValidatePolicy, ReportsEveryProblemAtOnce) {
  v1::Policy policy = Policy::Default().proto();
  policy.clear_name();
  policy.mutable_scoring()->mutable_weights()->set_ethos(0);
  policy.mutable_cost()->set_core_rate_bps(-1);
  EXPECT_EQ(ValidatePolicy(policy).size(), 3u);
}

TEST(ValidateCluster, InlineClusterChecked) {
  v1::Cluster cluster;
  const FieldViolations problems = ValidateCluster(cluster);
  EXPECT_THAT(problems.ToStatus("x"), HasViolation("id", "required"));
  EXPECT_THAT(problems.ToStatus("x"), HasViolation("hub", "grid reference"));
}

TEST(ValidatePolicy, ImprovementLeversAreInputsASchoolCanActOn) {
  const absl::Status s = Problems([](v1::Policy* p) {
    auto* rules = p->mutable_scoring()->mutable_improvement();
    rules->add_actionable_fields("identity.urn");
    rules->add_actionable_fields("governance.stage");
    rules->set_max_changes(0);
  });
  const int n = Policy::Default()
                    .proto()
                    .scoring()
                    .improvement()
                    .actionable_fields_size();
  EXPECT_THAT(s, HasViolation(absl::StrCat("scoring.improvement.actionable_"
                                           "fields[",
                                           n, "]"),
                              "\"identity.urn\" is not an input a school or "
                              "trust can act on; the levers are "
                              "governance.stage"));
  EXPECT_THAT(s, HasViolation(absl::StrCat("scoring.improvement.actionable_"
                                           "fields[",
                                           n + 1, "]"),
                              "listed more than once"));
  EXPECT_THAT(s, HasViolation("scoring.improvement.max_changes",
                              "must be within 1-20"));
}

}  // namespace
}  // namespace trustfit::scoring
