// The GeoJSON writer on hand-made schools: valid RFC 7946, longitude first,
// a null geometry without coordinates, hostile names escaped as JSON.

#include "scoring/report/geojson.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/scoring/report/geojson_checks.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::IsEmpty;
using testing::Rfc7946Problems;

MapSchool School(const std::string& urn, const std::string& name) {
  MapSchool school;
  school.assessment.set_urn(urn);
  school.assessment.set_name(name);
  school.assessment.set_overall_score(61.5);
  school.phase = v1::PHASE_SECONDARY;
  school.pupils = 900;
  return school;
}

v1::Cluster HubOnly() {
  v1::Cluster cluster;
  cluster.set_id("north");
  cluster.set_name("North \"Vale\"");
  cluster.mutable_hub()->mutable_lat_lng()->set_latitude(53.8);
  cluster.mutable_hub()->mutable_lat_lng()->set_longitude(-1.55);
  return cluster;
}

TEST(WriteGeoJson, IsAValidFeatureCollectionLongitudeFirst) {
  MapSchool located = School("107000", "Leeds <High> & \"Co\"");
  located.location.mutable_lat_lng()->set_latitude(53.123456789);
  located.location.mutable_lat_lng()->set_longitude(-1.5);
  const nlohmann::json doc =
      nlohmann::json::parse(WriteGeoJson(HubOnly(), {located}));
  EXPECT_THAT(Rfc7946Problems(doc), IsEmpty());
  ASSERT_EQ(doc["features"].size(), 2u);
  const nlohmann::json& school = doc["features"][0];
  EXPECT_EQ(school["geometry"]["coordinates"][0], -1.5);
  EXPECT_EQ(school["geometry"]["coordinates"][1], 53.123457);
  EXPECT_EQ(school["properties"]["name"], "Leeds <High> & \"Co\"");
  EXPECT_EQ(school["properties"]["role"], "candidate");
  EXPECT_EQ(school["properties"]["pupils"], 900);
  EXPECT_EQ(school["properties"]["overall_score"], 61.5);
  EXPECT_TRUE(school["properties"]["distance_km"].is_null());
  EXPECT_EQ(doc["features"][1]["properties"]["role"], "hub");
  EXPECT_EQ(doc["features"][1]["properties"]["name"], "North \"Vale\"");
}

TEST(WriteGeoJson, SchoolWithoutCoordinatesHasANullGeometry) {
  MapSchool school = School("100001", "Nowhere");
  school.pupils.reset();
  const nlohmann::json doc =
      nlohmann::json::parse(WriteGeoJson(HubOnly(), {school}));
  EXPECT_THAT(Rfc7946Problems(doc), IsEmpty());
  EXPECT_TRUE(doc["features"][0]["geometry"].is_null());
  EXPECT_TRUE(doc["features"][0]["properties"]["pupils"].is_null());
}

TEST(WriteGeoJson, NoSchoolsIsStillValidWithTheHub) {
  const std::string text = WriteGeoJson(HubOnly(), {});
  EXPECT_EQ(text, GeoJsonHead() + GeoJsonClusterFeatures(HubOnly())[0] +
                      GeoJsonTail());
  EXPECT_THAT(Rfc7946Problems(nlohmann::json::parse(text)), IsEmpty());
}

TEST(JsonString, EscapesControlCharactersAsUnicode) {
  EXPECT_EQ(JsonString("a\nb\t\x01"), "\"a\\u000ab\\u0009\\u0001\"");
  EXPECT_EQ(JsonString("£ \"q\" \\"), "\"£ \\\"q\\\" \\\\\"");
}

}  // namespace
}  // namespace trustfit::report
