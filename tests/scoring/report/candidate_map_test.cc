// Candidates on a map: the SVG around the hub with its rings, dots, ranked
// list and legend; and the GeoJSON, checked against RFC 7946's rules.

#include "scoring/report/candidate_map.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "scoring/geo.h"
#include "scoring/policy.h"
#include "scoring/report/geojson.h"
#include "tests/scoring/report/report_test_util.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using testing::ExpectMatchesGolden;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::NorthBatch;
using ::testing::Not;

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

TEST_F(CandidateMapTest, RanksTheBestArrangementFirst) {
  const std::vector<size_t> ranked = RankedForMap(*schools_);
  ASSERT_FALSE(ranked.empty());
  // Allerton High School is the only integrating associate in the batch
  // (Cathedral Academy is one too, in phase 2; the higher score comes first).
  EXPECT_EQ((*schools_)[ranked[0]].assessment.recommendation().arrangement(),
            v1::ARRANGEMENT_ASSOCIATE_INTEGRATION);
  for (size_t i = 1; i < ranked.size(); ++i) {
    const v1::Assessment& a = (*schools_)[ranked[i - 1]].assessment;
    const v1::Assessment& b = (*schools_)[ranked[i]].assessment;
    if (a.recommendation().arrangement() == b.recommendation().arrangement()) {
      EXPECT_GE(a.overall_score(), b.overall_score()) << i;
    }
  }
  const std::string svg = Map();
  const std::string first = (*schools_)[ranked[0]].assessment.name();
  EXPECT_THAT(svg, HasSubstr(absl::StrCat(">", first, "</text>")));
  EXPECT_THAT(svg, HasSubstr("Top 10 candidates on the map"));
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

// The rules of RFC 7946 that a writer can break, checked on parsed JSON.
std::vector<std::string> Rfc7946Problems(const nlohmann::json& doc) {
  std::vector<std::string> problems;
  if (doc.value("type", "") != "FeatureCollection") {
    problems.push_back("top level is not a FeatureCollection");
  }
  if (doc.contains("crs")) problems.push_back("crs is not allowed (§4)");
  if (!doc.contains("features") || !doc["features"].is_array()) {
    problems.push_back("features must be an array (§3.3)");
    return problems;
  }
  for (const nlohmann::json& f : doc["features"]) {
    const std::string id = f.dump().substr(0, 80);
    if (f.value("type", "") != "Feature") problems.push_back(id + ": type");
    if (!f.contains("geometry") || !f.contains("properties")) {
      problems.push_back(id + ": a Feature needs geometry and properties");
      continue;
    }
    if (!f["properties"].is_object() && !f["properties"].is_null()) {
      problems.push_back(id + ": properties must be an object or null");
    }
    const nlohmann::json& g = f["geometry"];
    if (g.is_null()) continue;
    const nlohmann::json& c = g["coordinates"];
    if (g.value("type", "") != "Point" || !c.is_array() || c.size() < 2 ||
        c.size() > 3 || !c[0].is_number() || !c[1].is_number()) {
      problems.push_back(id + ": not a Point of 2 or 3 numbers");
      continue;
    }
    const double lon = c[0], lat = c[1];
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      problems.push_back(id + ": coordinates out of range (§3.1.1)");
    }
    // Longitude first (§3.1.1): English schools lie between 50 and 56
    // degrees north and 6 west and 2 east; swapped, they would not.
    if (lat < 49 || lat > 61 || lon < -9 || lon > 2) {
      problems.push_back(id + ": not longitude, latitude in England");
    }
  }
  return problems;
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

}  // namespace
}  // namespace trustfit::report
