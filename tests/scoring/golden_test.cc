// Golden files pin whole assessments and quotes of real schools (rows of the
// 2019 secondary schools data with invented finance and leadership fields;
// see tests/testdata/golden/README.md). A change to any number, reason or
// sentence shows up here as a diff to review.
//
// To accept a deliberate change: TRUSTFIT_UPDATE_GOLDENS=1 ctest -R Golden,
// then review `git diff tests/testdata/golden` line by line.

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "scoring/assess.h"
#include "scoring/policy.h"
#include "scoring/quote.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;
using ::trustfit::testing::ParseJsonOrDie;
using ::trustfit::testing::ReadFileOrDie;
using ::trustfit::testing::SourcePath;
using ::trustfit::testing::ToGoldenJson;

std::string GoldenPath(const std::string& name) {
  return SourcePath("tests/testdata/golden/" + name);
}

void ExpectMatchesGolden(const std::string& actual, const std::string& file) {
  const std::string path = GoldenPath(file);
  if (std::getenv("TRUSTFIT_UPDATE_GOLDENS") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  EXPECT_EQ(actual, ReadFileOrDie(path))
      << "golden " << file << " differs; if intended, regenerate with "
      << "TRUSTFIT_UPDATE_GOLDENS=1 and review the diff";
}

class GoldenAssessmentTest : public ::testing::TestWithParam<const char*> {};
class GoldenQuoteTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenAssessmentTest, MatchesGolden) {
  const std::string name = GetParam();
  const Policy policy = Policy::Default();
  const auto candidate = ParseJsonOrDie<v1::Candidate>(
      ReadFileOrDie(GoldenPath(name + ".candidate.json")));
  absl::StatusOr<v1::Assessment> assessment =
      Assess(policy, candidate, *policy.FindCluster("north"));
  ASSERT_TRUE(assessment.ok()) << assessment.status();
  ExpectMatchesGolden(ToGoldenJson(*assessment), name + ".assessment.json");
}

TEST_P(GoldenQuoteTest, MatchesGolden) {
  const std::string name = GetParam();
  const std::string spec_path = GoldenPath(name + ".spec.json");
  const Policy policy = Policy::Default();
  const auto candidate = ParseJsonOrDie<v1::Candidate>(
      ReadFileOrDie(GoldenPath(name + ".candidate.json")));
  const auto spec = ParseJsonOrDie<v1::QuoteSpec>(ReadFileOrDie(spec_path));
  absl::StatusOr<v1::Quote> quote = QuoteContribution(policy, candidate, spec);
  ASSERT_TRUE(quote.ok()) << quote.status();
  ExpectMatchesGolden(ToGoldenJson(*quote), name + ".quote.json");
}

INSTANTIATE_TEST_SUITE_P(Candidates, GoldenAssessmentTest,
                         ::testing::Values("strong_local", "coasting",
                                           "deficit", "far_high_performer",
                                           "catholic", "safeguarding_not_met",
                                           "report_card_church",
                                           "public_data"));

// The two NOT_RECOMMENDED candidates have nothing to quote.
INSTANTIATE_TEST_SUITE_P(Candidates, GoldenQuoteTest,
                         ::testing::Values("strong_local", "coasting",
                                           "deficit", "far_high_performer",
                                           "report_card_church"));

}  // namespace
}  // namespace trustfit::scoring
