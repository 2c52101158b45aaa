// Distances between schools (§3.1, location).
//
// Ordnance Survey grid references (the DfE register's easting/northing) are
// compared by straight-line distance on the grid; latitude and longitude by
// the haversine formula. When one end has only a grid reference and the other
// only latitude/longitude (WGS84, as google.type.LatLng defines them), the
// grid reference is converted to WGS84 and haversine is used: inverse
// transverse Mercator to OSGB36 latitude/longitude on the Airy 1830
// ellipsoid, then the OSGB36 -> WGS84 datum shift, a seven-parameter Helmert
// transformation (accurate to about 5 m; OSGB36 latitude/longitude taken as
// WGS84 would be about 100 m off).
//
//   std::optional<Distance> d = DistanceBetween(candidate_loc, hub_loc);
//   google::type::LatLng wgs84 = OsGridToWgs84(school.os_grid());

#ifndef TRUSTFIT_SCORING_GEO_H_
#define TRUSTFIT_SCORING_GEO_H_

#include <optional>

#include "google/type/latlng.pb.h"
#include "trustfit/v1/common.pb.h"

namespace trustfit::scoring {

// Mean Earth radius (IUGG), used by the haversine formula.
inline constexpr double kEarthRadiusKm = 6371.0088;

enum class DistanceMethod { kGrid, kHaversine };

struct Distance {
  double km;
  DistanceMethod method;
};

// Straight-line distance between two grid references, in km.
double GridDistanceKm(const trustfit::v1::OsGridReference& a,
                      const trustfit::v1::OsGridReference& b);

// Great-circle distance between two points, in km.
double HaversineKm(const google::type::LatLng& a,
                   const google::type::LatLng& b);

// OSGB36 latitude and longitude, in degrees, of a grid reference: the
// National Grid's own datum, NOT comparable with WGS84 without a datum shift.
google::type::LatLng OsGridToOsgb36(const trustfit::v1::OsGridReference& grid);

// WGS84 latitude and longitude of a point given in OSGB36 latitude and
// longitude, by the Ordnance Survey's seven-parameter Helmert transformation.
google::type::LatLng Osgb36ToWgs84(const google::type::LatLng& osgb36);

// WGS84 latitude and longitude, in degrees, of a grid reference: what a web
// map or GPS would show for it, to within about 5 m.
google::type::LatLng OsGridToWgs84(const trustfit::v1::OsGridReference& grid);

// True when the location has a grid reference or latitude/longitude.
bool HasCoordinates(const trustfit::v1::Location& location);

// Distance between two locations, or nullopt when either has no coordinates.
std::optional<Distance> DistanceBetween(const trustfit::v1::Location& a,
                                        const trustfit::v1::Location& b);

// "grid" or "haversine", as reported in assessments.
const char* DistanceMethodName(DistanceMethod method);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_GEO_H_
