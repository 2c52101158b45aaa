#include "scoring/geo.h"

#include <cmath>

#include "scoring/rounding.h"

namespace trustfit::scoring {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegrees = kPi / 180.0;

// National Grid projection on the Airy 1830 ellipsoid (Ordnance Survey, "A
// guide to coordinate systems in Great Britain", annex C).
constexpr double kAiryA = 6377563.396;
constexpr double kAiryB = 6356256.909;
constexpr double kScale = 0.9996012717;
constexpr double kOriginLat = 49.0 * kDegrees;
constexpr double kOriginLon = -2.0 * kDegrees;
constexpr double kFalseNorthing = -100000.0;
constexpr double kFalseEasting = 400000.0;

// Ellipsoids, semi-major and semi-minor axes in metres.
struct Ellipsoid {
  double a;
  double b;
  double EccentricitySquared() const { return 1 - (b * b) / (a * a); }
};
constexpr Ellipsoid kAiry1830{kAiryA, kAiryB};
constexpr Ellipsoid kWgs84{6378137.000, 6356752.3141};

// OSGB36 -> WGS84 Helmert parameters (Ordnance Survey, "A guide to coordinate
// systems in Great Britain", section 6.6, signs reversed for this direction):
// translations in metres, scale in parts per million, rotations in seconds of
// arc.
constexpr double kHelmertTx = 446.448;
constexpr double kHelmertTy = -125.157;
constexpr double kHelmertTz = 542.060;
constexpr double kHelmertScalePpm = -20.4894;
constexpr double kHelmertRx = 0.1502;
constexpr double kHelmertRy = 0.2470;
constexpr double kHelmertRz = 0.8421;
constexpr double kArcSecond = kDegrees / 3600.0;

struct Cartesian {
  double x, y, z;
};

// Earth-centred cartesian coordinates of a point on the ellipsoid's surface.
Cartesian ToCartesian(const Ellipsoid& ellipsoid, double lat, double lon) {
  const double e2 = ellipsoid.EccentricitySquared();
  const double nu =
      ellipsoid.a / std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat));
  return {nu * std::cos(lat) * std::cos(lon),
          nu * std::cos(lat) * std::sin(lon), (1 - e2) * nu * std::sin(lat)};
}

// Latitude and longitude, in degrees, of cartesian coordinates on
// `ellipsoid`, iterating latitude to well below a millimetre.
google::type::LatLng FromCartesian(const Ellipsoid& ellipsoid,
                                   const Cartesian& p) {
  const double e2 = ellipsoid.EccentricitySquared();
  const double horizontal = std::hypot(p.x, p.y);
  double lat = std::atan2(p.z, horizontal * (1 - e2));
  for (int i = 0; i < 10; ++i) {
    const double nu =
        ellipsoid.a / std::sqrt(1 - e2 * std::sin(lat) * std::sin(lat));
    const double next = std::atan2(p.z + e2 * nu * std::sin(lat), horizontal);
    if (std::abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  google::type::LatLng result;
  // Six decimals are 0.1 m, far finer than a school's grid reference.
  result.set_latitude(ShownDecimal(lat / kDegrees));
  result.set_longitude(ShownDecimal(std::atan2(p.y, p.x) / kDegrees));
  return result;
}

// The seven-parameter Helmert transformation, small-angle form.
Cartesian HelmertOsgb36ToWgs84(const Cartesian& p) {
  const double s = 1 + kHelmertScalePpm * 1e-6;
  const double rx = kHelmertRx * kArcSecond;
  const double ry = kHelmertRy * kArcSecond;
  const double rz = kHelmertRz * kArcSecond;
  return {kHelmertTx + s * (p.x - rz * p.y + ry * p.z),
          kHelmertTy + s * (rz * p.x + p.y - rx * p.z),
          kHelmertTz + s * (-ry * p.x + rx * p.y + p.z)};
}

// Meridional arc from the true origin to latitude `lat`.
double MeridionalArc(double lat) {
  const double n = (kAiryA - kAiryB) / (kAiryA + kAiryB);
  const double n2 = n * n;
  const double n3 = n2 * n;
  const double d = lat - kOriginLat;
  const double s = lat + kOriginLat;
  return kAiryB * kScale *
         ((1 + n + 1.25 * n2 + 1.25 * n3) * d -
          (3 * n + 3 * n2 + 21.0 / 8 * n3) * std::sin(d) * std::cos(s) +
          (15.0 / 8 * n2 + 15.0 / 8 * n3) * std::sin(2 * d) * std::cos(2 * s) -
          35.0 / 24 * n3 * std::sin(3 * d) * std::cos(3 * s));
}

}  // namespace

double GridDistanceKm(const trustfit::v1::OsGridReference& a,
                      const trustfit::v1::OsGridReference& b) {
  return std::hypot(a.easting() - b.easting(), a.northing() - b.northing()) /
         1000.0;
}

double HaversineKm(const google::type::LatLng& a,
                   const google::type::LatLng& b) {
  const double lat1 = a.latitude() * kDegrees;
  const double lat2 = b.latitude() * kDegrees;
  const double dlat = lat2 - lat1;
  const double dlon = (b.longitude() - a.longitude()) * kDegrees;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1) * std::cos(lat2) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

google::type::LatLng OsGridToOsgb36(const trustfit::v1::OsGridReference& grid) {
  const double e2 = 1 - (kAiryB * kAiryB) / (kAiryA * kAiryA);
  const double north = grid.northing() - kFalseNorthing;
  double lat = north / (kAiryA * kScale) + kOriginLat;
  // Iterate until the arc matches the northing to 0.01 mm.
  for (int i = 0; i < 20; ++i) {
    const double residual = north - MeridionalArc(lat);
    if (std::abs(residual) < 0.00001) break;
    lat += residual / (kAiryA * kScale);
  }
  const double sin_lat = std::sin(lat);
  const double tan_lat = std::tan(lat);
  const double sec_lat = 1 / std::cos(lat);
  const double nu = kAiryA * kScale / std::sqrt(1 - e2 * sin_lat * sin_lat);
  const double rho =
      kAiryA * kScale * (1 - e2) / std::pow(1 - e2 * sin_lat * sin_lat, 1.5);
  const double eta2 = nu / rho - 1;
  const double t2 = tan_lat * tan_lat;
  const double t4 = t2 * t2;
  const double t6 = t4 * t2;
  const double vii = tan_lat / (2 * rho * nu);
  const double viii = tan_lat / (24 * rho * std::pow(nu, 3)) *
                      (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
  const double ix =
      tan_lat / (720 * rho * std::pow(nu, 5)) * (61 + 90 * t2 + 45 * t4);
  const double x = sec_lat / nu;
  const double xi = sec_lat / (6 * std::pow(nu, 3)) * (nu / rho + 2 * t2);
  const double xii =
      sec_lat / (120 * std::pow(nu, 5)) * (5 + 28 * t2 + 24 * t4);
  const double xiia = sec_lat / (5040 * std::pow(nu, 7)) *
                      (61 + 662 * t2 + 1320 * t4 + 720 * t6);
  const double de = grid.easting() - kFalseEasting;
  const double de2 = de * de;
  google::type::LatLng result;
  result.set_latitude(
      (lat - vii * de2 + viii * de2 * de2 - ix * de2 * de2 * de2) / kDegrees);
  result.set_longitude((kOriginLon + x * de - xi * de * de2 +
                        xii * de * de2 * de2 - xiia * de * de2 * de2 * de2) /
                       kDegrees);
  return result;
}

google::type::LatLng Osgb36ToWgs84(const google::type::LatLng& osgb36) {
  const Cartesian airy = ToCartesian(kAiry1830, osgb36.latitude() * kDegrees,
                                     osgb36.longitude() * kDegrees);
  return FromCartesian(kWgs84, HelmertOsgb36ToWgs84(airy));
}

google::type::LatLng OsGridToWgs84(const trustfit::v1::OsGridReference& grid) {
  return Osgb36ToWgs84(OsGridToOsgb36(grid));
}

bool HasCoordinates(const trustfit::v1::Location& location) {
  return location.has_os_grid() || location.has_lat_lng();
}

std::optional<Distance> DistanceBetween(const trustfit::v1::Location& a,
                                        const trustfit::v1::Location& b) {
  if (a.has_os_grid() && b.has_os_grid()) {
    return Distance{GridDistanceKm(a.os_grid(), b.os_grid()),
                    DistanceMethod::kGrid};
  }
  if (!HasCoordinates(a) || !HasCoordinates(b)) return std::nullopt;
  const google::type::LatLng pa =
      a.has_lat_lng() ? a.lat_lng() : OsGridToWgs84(a.os_grid());
  const google::type::LatLng pb =
      b.has_lat_lng() ? b.lat_lng() : OsGridToWgs84(b.os_grid());
  return Distance{HaversineKm(pa, pb), DistanceMethod::kHaversine};
}

const char* DistanceMethodName(DistanceMethod method) {
  return method == DistanceMethod::kGrid ? "grid" : "haversine";
}

}  // namespace trustfit::scoring
