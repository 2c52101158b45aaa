// Distances between schools (§3.1, location).
//
// Ordnance Survey grid references (the DfE register's easting/northing) are
// compared by straight-line distance on the grid; latitude and longitude by
// the haversine formula. When one end has only a grid reference and the other
// only latitude/longitude, the grid reference is converted to OSGB36
// latitude/longitude (inverse transverse Mercator on the Airy 1830 ellipsoid,
// without the datum shift to WGS84, an error of about 0.1 km) and haversine is
// used.
//
//   std::optional<Distance> d = DistanceBetween(candidate_loc, hub_loc);

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

// OSGB36 latitude and longitude, in degrees, of a grid reference.
google::type::LatLng OsGridToLatLng(const trustfit::v1::OsGridReference& grid);

// True when the location has a grid reference or latitude/longitude.
bool HasCoordinates(const trustfit::v1::Location& location);

// Distance between two locations, or nullopt when either has no coordinates.
std::optional<Distance> DistanceBetween(const trustfit::v1::Location& a,
                                        const trustfit::v1::Location& b);

// "grid" or "haversine", as reported in assessments.
const char* DistanceMethodName(DistanceMethod method);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_GEO_H_
