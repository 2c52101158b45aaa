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

TEST(OsGridToOsgb36, MatchesOrdnanceSurveyWorkedExample) {
  // "A guide to coordinate systems in Great Britain", annex C: E 651409.903,
  // N 313177.270 is 52°39'27.2531"N, 1°43'4.5177"E on OSGB36.
  v1::OsGridReference grid;
  grid.set_easting(651409.903);
  grid.set_northing(313177.270);
  const google::type::LatLng point = OsGridToOsgb36(grid);
  EXPECT_NEAR(point.latitude(), 52 + 39 / 60.0 + 27.2531 / 3600.0, 1e-6);
  EXPECT_NEAR(point.longitude(), 1 + 43 / 60.0 + 4.5177 / 3600.0, 1e-6);
}

// Metres between two WGS84 points, for checking conversions.
double MetresBetween(const google::type::LatLng& a,
                     const google::type::LatLng& b) {
  return HaversineKm(a, b) * 1000;
}

google::type::LatLng Point(double latitude, double longitude) {
  return LatLng(latitude, longitude).lat_lng();
}

TEST(OsGridToWgs84, MatchesOrdnanceSurveyReferencePointsToFiveMetres) {
  // Published pairs of OSGB36 grid references and ETRS89 positions (ETRS89
  // is WGS84 to within a metre in Britain), as OSTN15 relates them: the
  // Royal Observatory, Greenwich, and test point TP01 of the OSTN15/OSGM15
  // developer pack (St Mary's, Isles of Scilly). Helmert is good to about
  // 5 m across Great Britain.
  struct Reference {
    const char* name;
    double easting, northing, latitude, longitude;
  };
  for (const Reference& ref : {
           Reference{"Greenwich", 538874.197, 177344.080, 51.4780161357,
                     -0.0015938564},
           Reference{"TP01", 91492.146, 11318.804, 49.92226393730,
                     -6.29977752014},
       }) {
    SCOPED_TRACE(ref.name);
    const google::type::LatLng wgs84 =
        OsGridToWgs84(Grid(ref.easting, ref.northing).os_grid());
    EXPECT_LT(MetresBetween(wgs84, Point(ref.latitude, ref.longitude)), 5);
  }
}

TEST(OsGridToWgs84, ShiftsTheDatumByAboutAHundredMetres) {
  // Without the datum shift OSGB36 latitude/longitude is ~100 m from WGS84.
  const v1::OsGridReference greenwich = Grid(538874.197, 177344.080).os_grid();
  const double shift =
      MetresBetween(OsGridToOsgb36(greenwich), OsGridToWgs84(greenwich));
  EXPECT_GT(shift, 90);
  EXPECT_LT(shift, 130);
}

TEST(Osgb36ToWgs84, InvertsTheHelmertWgs84ToOsgb36Example) {
  // Jodrell Bank: WGS84 53°14'10.5"N 2°18'25.7"W is OSGB36 53.23597401554,
  // -2.305717162853 by the forward transformation; reversing the signs of
  // the parameters brings it back to within centimetres.
  const google::type::LatLng wgs84 =
      Osgb36ToWgs84(Point(53.23597401554, -2.305717162853));
  EXPECT_LT(MetresBetween(wgs84, Point(53 + 14 / 60.0 + 10.5 / 3600.0,
                                       -(2 + 18 / 60.0 + 25.7 / 3600.0))),
            0.1);
}

TEST(DistanceBetween, TheNorthHubGivenInLatitudeAndLongitudeIsZeroKmAway) {
  // The default policy's North hub, E 429600 N 435200, is 53.81225 N
  // 1.551947 W in WGS84: a candidate there is 0.00 km away (without the
  // datum shift it was 0.10 km).
  const auto d =
      DistanceBetween(Grid(429600, 435200), LatLng(53.81225, -1.551947));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->method, DistanceMethod::kHaversine);
  EXPECT_LT(d->km, 0.005);
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
  // Leeds on the grid against a point in latitude/longitude (WGS84) 1 km
  // due north of the grid point's own WGS84 position.
  const v1::Location leeds = Grid(429900, 433500);
  const google::type::LatLng wgs84 = OsGridToWgs84(leeds.os_grid());
  const double one_km_north = 1 / (kEarthRadiusKm * 3.14159265358979 / 180);
  const auto d = DistanceBetween(
      leeds, LatLng(wgs84.latitude() + one_km_north, wgs84.longitude()));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->method, DistanceMethod::kHaversine);
  EXPECT_NEAR(d->km, 1, 1e-6);
}

TEST(DistanceBetween, UnknownWithoutCoordinates) {
  EXPECT_FALSE(DistanceBetween(v1::Location(), Grid(1, 1)).has_value());
  EXPECT_FALSE(DistanceBetween(LatLng(1, 1), v1::Location()).has_value());
}

}  // namespace
}  // namespace trustfit::scoring
