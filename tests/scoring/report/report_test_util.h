// Fixtures for the report library's tests: the two candidates the board
// pack's golden files show, assessed and quoted under the default policy,
// and the golden-file comparison.
//
//   const v1::AssessmentRecord record = StrongLocalRecord();
//   ExpectMatchesGolden(*RenderAssessmentReport(policy, record),
//                       "strong_local.report.html");
//
// Golden files live in tests/testdata/report/; to accept a deliberate
// change, run the tests with TRUSTFIT_UPDATE_GOLDENS=1 and review the diff
// (and the screenshots the browser test takes).

#ifndef TRUSTFIT_TESTS_SCORING_REPORT_REPORT_TEST_UTIL_H_
#define TRUSTFIT_TESTS_SCORING_REPORT_REPORT_TEST_UTIL_H_

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "scoring/assess.h"
#include "scoring/improvement.h"
#include "scoring/policy.h"
#include "scoring/quote.h"
#include "scoring/report/candidate_map.h"
#include "tests/scoring/test_util.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report::testing {

inline std::string ReportDataPath(const std::string& name) {
  return ::trustfit::testing::SourcePath("tests/testdata/report/" + name);
}

// Compares `actual` with the golden file `name`, or rewrites it when
// TRUSTFIT_UPDATE_GOLDENS is set. A difference is reported by its first
// differing line, not by printing two whole pages.
inline void ExpectMatchesGolden(const std::string& actual,
                                const std::string& name) {
  const std::string path = ReportDataPath(name);
  if (std::getenv("TRUSTFIT_UPDATE_GOLDENS") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  const std::string expected = ::trustfit::testing::ReadFileOrDie(path);
  if (actual == expected) return;
  std::istringstream a(actual), e(expected);
  std::string a_line, e_line;
  int line = 1;
  while (std::getline(a, a_line) && std::getline(e, e_line) &&
         a_line == e_line) {
    ++line;
  }
  ADD_FAILURE() << "golden " << name << " differs from line " << line
                << ":\n  golden: " << e_line.substr(0, 300)
                << "\n  actual: " << a_line.substr(0, 300)
                << "\nIf intended, regenerate with TRUSTFIT_UPDATE_GOLDENS=1 "
                   "and review the diff.";
}

// A record as the server keeps one: provenance fixed so goldens are stable.
inline trustfit::v1::AssessmentRecord Recorded(
    const trustfit::v1::Candidate& candidate, const std::string& name,
    int64_t unix_seconds) {
  const scoring::Policy policy = scoring::Policy::Default();
  trustfit::v1::AssessmentRecord record;
  *record.mutable_candidate() = candidate;
  record.set_cluster_id("north");
  *record.mutable_cluster() = *policy.FindCluster("north");
  *record.mutable_assessment() = ::trustfit::testing::ValueOrDie(
      scoring::Assess(policy, candidate, record.cluster()));
  *record.mutable_policy() = policy.ref();
  record.set_name(name);
  if (!name.empty()) {
    record.set_requester("ceo.office@northernvale.example");
    record.mutable_create_time()->set_seconds(unix_seconds);
  }
  return record;
}

// A golden candidate (tests/testdata/golden/<name>.*) assessed against the
// north cluster and quoted as its spec says, recorded on 23 November 2026.
inline trustfit::v1::AssessmentRecord QuotedGoldenRecord(
    const std::string& name) {
  trustfit::v1::AssessmentRecord record =
      Recorded(::trustfit::testing::GoldenCandidate(name),
               "assessments/0190a3c4d5e6f708", 1795430400);
  *record.mutable_quote_spec() =
      ::trustfit::testing::ParseJsonOrDie<trustfit::v1::QuoteSpec>(
          ::trustfit::testing::ReadFileOrDie(::trustfit::testing::SourcePath(
              "tests/testdata/golden/" + name + ".spec.json")));
  *record.mutable_quote() =
      ::trustfit::testing::ValueOrDie(scoring::QuoteContribution(
          scoring::Policy::Default(), record.candidate(), record.quote_spec()));
  return record;
}

// "What would it take" for the record's candidate against its cluster, as
// the FindImprovementPath RPC answers it (the next better arrangement).
inline trustfit::v1::ImprovementPath PathOf(
    const trustfit::v1::AssessmentRecord& record) {
  return ::trustfit::testing::ValueOrDie(scoring::FindImprovementPath(
      scoring::Policy::Default(), record.candidate(), record.cluster(),
      trustfit::v1::ARRANGEMENT_UNSPECIFIED));
}

// Allerton High School (strong_local): complete data, an integrating
// associate, quoted with add-ons, a credit and a contribution, with a note.
inline trustfit::v1::AssessmentRecord StrongLocalRecord() {
  trustfit::v1::AssessmentRecord record = QuotedGoldenRecord("strong_local");
  record.set_note("After the visit on 20 November: governors keen to join.");
  return record;
}

// Roundhay School from public data only (a row of
// examples/data/secondary-schools-england-2019.csv): most inputs missing,
// so insufficient data; scored on the spot, not recorded, no quote.
inline trustfit::v1::AssessmentRecord PublicOnlyRecord() {
  return Recorded(::trustfit::testing::ParseJsonOrDie<trustfit::v1::Candidate>(
                      ::trustfit::testing::ReadFileOrDie(
                          ReportDataPath("public_only.candidate.json"))),
                  "", 0);
}

// Wetherby High School (coasting) assessed three times over a year of a
// trust partnership: first without its finance figures (a gap), then with a
// small surplus and stronger governance, then with better results, reserves
// and rolls. Given newest first, as ListAssessments returns them.
inline std::vector<trustfit::v1::AssessmentRecord> TrajectoryRecords() {
  trustfit::v1::Candidate first =
      ::trustfit::testing::GoldenCandidate("coasting");
  const int64_t funding_base = first.finance().funding_base_pence();
  first.clear_finance();
  first.mutable_finance()->set_funding_base_pence(funding_base);

  trustfit::v1::Candidate second =
      ::trustfit::testing::GoldenCandidate("coasting");
  second.mutable_finance()->set_in_year_balance_pence(500000);
  second.mutable_governance()->mutable_governance_rating()->set_rating(4);
  second.mutable_standards()->set_overall_absence_pct(5.6);

  trustfit::v1::Candidate third = second;
  auto* year = third.mutable_standards()->add_attainment();
  year->set_year(2020);
  year->set_progress8(0.12);
  year->set_attainment8(50.2);
  third.mutable_finance()->set_in_year_balance_pence(2500000);
  third.mutable_finance()->set_revenue_reserves_pence(26000000);
  third.mutable_finance()->clear_pupil_forecast();
  for (int pupils : {630, 640, 650}) {
    third.mutable_finance()->add_pupil_forecast(pupils);
  }
  third.mutable_leadership()->set_specialist_leaders_of_education(2);
  return {Recorded(third, "assessments/0190a3c4d5e6f7a3",
                   1799668800),  // 2027-01-11
          Recorded(second, "assessments/0190a3c4d5e6f7a2",
                   1783296000),  // 2026-07-06
          Recorded(first, "assessments/0190a3c4d5e6f7a1",
                   1768176000)};  // 2026-01-12
}

// The North cluster's batch (tests/testdata/report/north_batch.*): the 272
// secondary schools within 50 km of its hub from public data, of which the
// golden schools come with their complete data (so that recommendations
// vary), and one school without coordinates; assessed against north.
inline std::vector<MapSchool> NorthBatch() {
  const scoring::Policy policy = scoring::Policy::Default();
  const trustfit::v1::Cluster& north = *policy.FindCluster("north");
  std::map<std::string, trustfit::v1::Candidate> complete;
  for (const char* name : {"strong_local", "coasting", "deficit", "catholic",
                           "safeguarding_not_met", "report_card_church"}) {
    trustfit::v1::Candidate candidate =
        ::trustfit::testing::GoldenCandidate(name);
    complete[candidate.identity().urn()] = candidate;
  }
  std::vector<MapSchool> schools;
  std::istringstream lines(::trustfit::testing::ReadFileOrDie(
      ReportDataPath("north_batch.candidates.jsonl")));
  for (std::string line; std::getline(lines, line);) {
    trustfit::v1::Candidate candidate =
        ::trustfit::testing::ParseJsonOrDie<trustfit::v1::Candidate>(line);
    const auto it = complete.find(candidate.identity().urn());
    if (it != complete.end()) candidate = it->second;
    schools.push_back(
        MapSchoolOf(candidate, ::trustfit::testing::ValueOrDie(
                                   scoring::Assess(policy, candidate, north))));
  }
  trustfit::v1::Candidate unlocated;
  unlocated.mutable_identity()->set_urn("100001");
  unlocated.mutable_identity()->set_name("A School Without Coordinates");
  schools.push_back(
      MapSchoolOf(unlocated, ::trustfit::testing::ValueOrDie(
                                 scoring::Assess(policy, unlocated, north))));
  return schools;
}

}  // namespace trustfit::report::testing

#endif  // TRUSTFIT_TESTS_SCORING_REPORT_REPORT_TEST_UTIL_H_
