// The radar's geometry for known scores: centre (170, 132), a score of 100
// at radius 86, axes clockwise from the top in the criteria's order.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scoring/report/charts.h"
#include "scoring/report/format.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::HasSubstr;
using ::testing::Not;

v1::Bands Bands() {
  v1::Bands bands;
  bands.set_strong_min(75);
  bands.set_secure_min(60);
  bands.set_developing_min(45);
  return bands;
}

// Every criterion scored `score`, except the first (top axis) scored 50 and
// the second scored 100; `known` of them in all.
v1::Assessment Scored(int known) {
  v1::Assessment assessment;
  for (int i = 0; i < known; ++i) {
    auto* result = assessment.add_criteria();
    result->set_criterion(CriteriaInOrder()[i]);
    result->set_score(i == 0 ? 50 : 100);
  }
  return assessment;
}

TEST(CriteriaRadar, PlacesEachScoreOnItsAxis) {
  const std::string svg = CriteriaRadar(Scored(6), Bands()).Render();
  // Top axis, half way out: 132 - 86 / 2.
  EXPECT_THAT(svg, HasSubstr("<circle cx=\"170\" cy=\"89\" r=\"3.8\""));
  // Second axis, 60 degrees clockwise, at the rim: 170 + 86 cos 30°.
  EXPECT_THAT(svg, HasSubstr("<circle cx=\"244.48\" cy=\"89\" r=\"3.8\""));
  // Fourth axis, straight down at the rim.
  EXPECT_THAT(svg, HasSubstr("<circle cx=\"170\" cy=\"218\" r=\"3.8\""));
  EXPECT_THAT(svg, HasSubstr("fill-opacity=\"0.14\""));
}

TEST(CriteriaRadar, DrawsNoShapeAndSaysNoDataWhenACriterionIsMissing) {
  const std::string svg = CriteriaRadar(Scored(5), Bands()).Render();
  EXPECT_THAT(svg, HasSubstr(">no data</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("fill-opacity=\"0.14\"")));
  EXPECT_THAT(svg, HasSubstr("<circle cx=\"170\" cy=\"89\""));
}

TEST(CriteriaRadar, IsNamedForScreenReadersAndLabelsTheThresholds) {
  const std::string svg = CriteriaRadar(v1::Assessment(), Bands()).Render();
  EXPECT_THAT(svg, HasSubstr("aria-label=\"Radar of the six criteria over the "
                             "band rings\""));
  EXPECT_THAT(svg, HasSubstr(">45</text>"));
  EXPECT_THAT(svg, HasSubstr(">60</text>"));
  EXPECT_THAT(svg, HasSubstr(">75</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("<circle")));
}

TEST(BandLegend, ListsTheBandsWithTheirThresholds) {
  const std::string svg = BandLegend(Bands(), 300).Render();
  EXPECT_THAT(svg, HasSubstr("75+</text>"));
  EXPECT_THAT(svg, HasSubstr("60+</text>"));
  EXPECT_THAT(svg, HasSubstr("45+</text>"));
  EXPECT_THAT(svg, HasSubstr("&lt; 45</text>"));
}

}  // namespace
}  // namespace trustfit::report
