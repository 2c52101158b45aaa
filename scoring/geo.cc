#include "scoring/geo.h"

#include <cmath>

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

google::type::LatLng OsGridToLatLng(const trustfit::v1::OsGridReference& grid) {
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
      a.has_lat_lng() ? a.lat_lng() : OsGridToLatLng(a.os_grid());
  const google::type::LatLng pb =
      b.has_lat_lng() ? b.lat_lng() : OsGridToLatLng(b.os_grid());
  return Distance{HaversineKm(pa, pb), DistanceMethod::kHaversine};
}

const char* DistanceMethodName(DistanceMethod method) {
  return method == DistanceMethod::kGrid ? "grid" : "haversine";
}

}  // namespace trustfit::scoring
