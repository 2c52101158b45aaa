// Candidates on a map: the SVG around the hub with its rings, dots, ranked
// list and legend; and the GeoJSON, checked against RFC 7946's rules.

#include "scoring/report/candidate_map.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "scoring/geo.h"
#include "scoring/policy.h"
#include "scoring/report/geojson.h"
#include "scoring/screening_rank.h"
#include "tests/scoring/report/geojson_checks.h"
#include "tests/scoring/report/report_test_util.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using testing::ExpectMatchesGolden;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::NorthBatch;
using ::testing::Not;
using testing::Rfc7946Problems;

class CandidateMapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    schools_ = new std::vector<MapSchool>(NorthBatch());
  }
  static void TearDownTestSuite() { delete schools_; }

  std::string Map(const MapOptions& options = {}) {
    absl::StatusOr<std::string> svg =
        RenderCandidateMapSvg(policy_.proto(), north(), *schools_, options);
    EXPECT_TRUE(svg.ok()) << svg.status();
    return svg.ok() ? *svg : "";
  }
  const v1::Cluster& north() const { return *policy_.FindCluster("north"); }

  static std::vector<MapSchool>* schools_;
  const scoring::Policy policy_ = scoring::Policy::Default();
};

std::vector<MapSchool>* CandidateMapTest::schools_ = nullptr;

TEST_F(CandidateMapTest, MatchesGoldens) {
  ExpectMatchesGolden(Map(), "north.map.svg");
  ExpectMatchesGolden(WriteGeoJson(north(), *schools_), "north.geojson");
}

TEST_F(CandidateMapTest, DrawsTheRingsAndTheCluster) {
  const std::string svg = Map();
  EXPECT_THAT(svg, HasSubstr(">10 km</text>"));
  EXPECT_THAT(svg, HasSubstr(">25 km: cluster radius</text>"));
  EXPECT_THAT(svg, HasSubstr(">40 km</text>"));
  EXPECT_THAT(svg,
              HasSubstr("<title>North (Leeds and Wakefield): hub</title>"));
  EXPECT_THAT(svg, HasSubstr(">Calder Bridge Academy</text>"));
}

TEST_F(CandidateMapTest, CountsWhatItShowsAndWhatItLeavesOff) {
  const std::string svg = Map();
  EXPECT_THAT(svg, HasSubstr("273 schools scored, "));
  EXPECT_THAT(svg, HasSubstr(" without coordinates.</text>"));
  EXPECT_THAT(svg, HasSubstr(", 1 without coordinates."));
  EXPECT_THAT(svg, Not(HasSubstr("A School Without Coordinates")));
}

TEST_F(CandidateMapTest, RanksAsTheBatchRanks) {
  const std::vector<size_t> ranked = RankedForMap(*schools_);
  ASSERT_EQ(ranked.size(), schools_->size());
  // Allerton High School is the only integrating associate in the batch
  // (Cathedral Academy is one too, in phase 2; the higher score comes first).
  EXPECT_EQ((*schools_)[ranked[0]].assessment.name(), "Allerton High School");
  for (size_t i = 1; i < ranked.size(); ++i) {
    EXPECT_TRUE(scoring::ScreensBefore(
        (*schools_)[ranked[i - 1]].assessment, ranked[i - 1],
        (*schools_)[ranked[i]].assessment, ranked[i]))
        << i;
  }
  const std::string svg = Map();
  EXPECT_THAT(svg, HasSubstr(">Allerton High School</text>"));
  EXPECT_THAT(svg, HasSubstr("Top 10 candidates on the map"));
}

TEST_F(CandidateMapTest, PublicDataSchoolsTakeTheirProvisionalColour) {
  const std::string svg = Map();
  EXPECT_THAT(svg, HasSubstr("Colour: recommendation (or provisional)"));
  EXPECT_THAT(svg, HasSubstr("Roundhay School (URN 108076): Provisionally "));
}

TEST_F(CandidateMapTest, ColoursByRecommendationOrBand) {
  EXPECT_THAT(Map(), HasSubstr("Colour: recommendation"));
  EXPECT_THAT(Map(), HasSubstr(">Associate with a view to integration</text>"));
  MapOptions by_band;
  by_band.colour = MapColour::kBand;
  by_band.top = 5;
  const std::string svg = Map(by_band);
  EXPECT_THAT(svg, HasSubstr("Colour: overall band"));
  EXPECT_THAT(svg, HasSubstr("Top 5 candidates on the map"));
  EXPECT_THAT(svg,
              Not(HasSubstr(">Associate with a view to integration</text>")));
}

TEST_F(CandidateMapTest, HubWithoutCoordinatesIsRefused) {
  v1::Cluster cluster = north();
  cluster.clear_hub();
  EXPECT_FALSE(RenderCandidateMapSvg(policy_.proto(), cluster, *schools_).ok());
}

TEST(Wgs84Of, ShiftsTheGridToWgs84AndKeepsLatLng) {
  v1::Location grid;
  grid.mutable_os_grid()->set_easting(429600);
  grid.mutable_os_grid()->set_northing(435200);
  const google::type::LatLng shifted = *Wgs84Of(grid);
  // Issue #12: the North hub's grid reference is here in WGS84.
  EXPECT_NEAR(shifted.latitude(), 53.81225, 2e-5);
  EXPECT_NEAR(shifted.longitude(), -1.551947, 2e-5);
  v1::Location lat_lng;
  lat_lng.mutable_lat_lng()->set_latitude(51.4545);
  lat_lng.mutable_lat_lng()->set_longitude(-2.5879);
  EXPECT_EQ(Wgs84Of(lat_lng)->latitude(), 51.4545);
  EXPECT_FALSE(Wgs84Of(v1::Location()).has_value());
}

TEST_F(CandidateMapTest, GeoJsonFollowsRfc7946) {
  const std::string text = WriteGeoJson(north(), *schools_);
  const nlohmann::json doc = nlohmann::json::parse(text);
  EXPECT_THAT(Rfc7946Problems(doc), IsEmpty());
  // Every school, then the hub and the three members.
  ASSERT_EQ(doc["features"].size(), schools_->size() + 1 + 3);
  const nlohmann::json& unlocated = doc["features"][schools_->size() - 1];
  EXPECT_TRUE(unlocated["geometry"].is_null());
  EXPECT_EQ(unlocated["properties"]["name"], "A School Without Coordinates");
  const nlohmann::json& hub = doc["features"][schools_->size()];
  EXPECT_EQ(hub["properties"]["role"], "hub");
  EXPECT_NEAR(hub["geometry"]["coordinates"][0].get<double>(), -1.551947, 2e-5);
  EXPECT_NEAR(hub["geometry"]["coordinates"][1].get<double>(), 53.81225, 2e-5);
}

TEST_F(CandidateMapTest, GeoJsonCarriesEachSchoolsResults) {
  const nlohmann::json doc =
      nlohmann::json::parse(WriteGeoJson(north(), *schools_));
  for (const nlohmann::json& f : doc["features"]) {
    const nlohmann::json& p = f["properties"];
    if (p["urn"] != "108057") continue;
    EXPECT_EQ(p["role"], "candidate");
    EXPECT_EQ(p["name"], "Allerton High School");
    EXPECT_EQ(p["local_authority"], "Leeds");
    EXPECT_EQ(p["phase"], "PHASE_SECONDARY");
    EXPECT_EQ(p["pupils"], 1445);
    EXPECT_EQ(p["recommendation"], "ARRANGEMENT_ASSOCIATE_INTEGRATION");
    EXPECT_EQ(p["overall_band"], "BAND_STRONG");
    EXPECT_EQ(p["easting"], 429592);
    return;
  }
  FAIL() << "Allerton High School is missing";
}

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonString("St \"Mary's\" \\ Academy\n\t£"),
            "\"St \\\"Mary's\\\" \\\\ Academy\\u000a\\u0009£\"");
  EXPECT_EQ(nlohmann::json::parse(JsonString("a\"b\\c\x01")).get<std::string>(),
            "a\"b\\c\x01");
}

TEST_F(CandidateMapTest, GeoJsonInPiecesIsTheSameDocument) {
  std::string streamed = GeoJsonHead();
  for (const MapSchool& school : *schools_) {
    absl::StrAppend(&streamed, GeoJsonSchoolFeature(school), ",\n");
  }
  const std::vector<std::string> cluster = GeoJsonClusterFeatures(north());
  absl::StrAppend(&streamed, absl::StrJoin(cluster, ",\n"), GeoJsonTail());
  EXPECT_EQ(streamed, WriteGeoJson(north(), *schools_));
}

}  // namespace
}  // namespace trustfit::report
