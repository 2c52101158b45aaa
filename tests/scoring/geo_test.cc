#include "scoring/geo.h"

#include "gtest/gtest.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

v1::Location Grid(double easting, double northing) {
  v1::Location location;
  location.mutable_os_grid()->set_easting(easting);
  location.mutable_os_grid()->set_northing(northing);
  return location;
}

v1::Location LatLng(double latitude, double longitude) {
  v1::Location location;
  location.mutable_lat_lng()->set_latitude(latitude);
  location.mutable_lat_lng()->set_longitude(longitude);
  return location;
}

TEST(GridDistanceKm, IsStraightLineInKilometres) {
  EXPECT_DOUBLE_EQ(
      GridDistanceKm(Grid(0, 0).os_grid(), Grid(3000, 4000).os_grid()), 5);
}

TEST(HaversineKm, LondonToParis) {
  // Charing Cross to Notre-Dame: about 343 km.
  EXPECT_NEAR(HaversineKm(LatLng(51.5074, -0.1278).lat_lng(),
                          LatLng(48.8566, 2.3522).lat_lng()),
              343.5, 0.5);
}

TEST(HaversineKm, ZeroForTheSamePoint) {
  EXPECT_DOUBLE_EQ(
      HaversineKm(LatLng(53.8, -1.55).lat_lng(), LatLng(53.8, -1.55).lat_lng()),
      0);
}

TEST(OsGridToLatLng, MatchesOrdnanceSurveyWorkedExample) {
  // "A guide to coordinate systems in Great Britain", annex C: E 651409.903,
  // N 313177.270 is 52°39'27.2531"N, 1°43'4.5177"E on OSGB36.
  v1::OsGridReference grid;
  grid.set_easting(651409.903);
  grid.set_northing(313177.270);
  const google::type::LatLng point = OsGridToLatLng(grid);
  EXPECT_NEAR(point.latitude(), 52 + 39 / 60.0 + 27.2531 / 3600.0, 1e-6);
  EXPECT_NEAR(point.longitude(), 1 + 43 / 60.0 + 4.5177 / 3600.0, 1e-6);
}

TEST(DistanceBetween, UsesTheGridWhenBothEndsHaveIt) {
  v1::Location a = Grid(429600, 435200);
  a.mutable_lat_lng()->set_latitude(10);  // Ignored: the grid is preferred.
  const auto d = DistanceBetween(a, Grid(432600, 439200));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->method, DistanceMethod::kGrid);
  EXPECT_DOUBLE_EQ(d->km, 5);
}

TEST(DistanceBetween, UsesHaversineForLatitudeAndLongitude) {
  const auto d =
      DistanceBetween(LatLng(51.5074, -0.1278), LatLng(48.8566, 2.3522));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->method, DistanceMethod::kHaversine);
  EXPECT_NEAR(d->km, 343.5, 0.5);
}

TEST(DistanceBetween, ConvertsTheGridWhenTheOtherEndHasOnlyLatitude) {
  // Leeds on the grid against Leeds in latitude/longitude (WGS84): the
  // datum difference is about 0.1 km.
  const auto d =
      DistanceBetween(Grid(429900, 433500), LatLng(53.7965, -1.5478));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->method, DistanceMethod::kHaversine);
  EXPECT_LT(d->km, 0.5);
}

TEST(DistanceBetween, UnknownWithoutCoordinates) {
  EXPECT_FALSE(DistanceBetween(v1::Location(), Grid(1, 1)).has_value());
  EXPECT_FALSE(DistanceBetween(LatLng(1, 1), v1::Location()).has_value());
}

}  // namespace
}  // namespace trustfit::scoring
