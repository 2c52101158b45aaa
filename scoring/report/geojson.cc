#include "scoring/report/geojson.h"

#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "trustfit/v1/common.pb.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

// Members of a feature's "properties" object, in order, values already JSON.
using Properties = std::vector<std::pair<std::string, std::string>>;

// Six decimals of a degree are about 0.1 m: finer than any school's
// position, as RFC 7946 §11.2 advises.
std::string Degrees(double value) { return absl::StrFormat("%.6f", value); }

std::string Number(double value) { return scoring::FormatNumber(value); }

// A Point [longitude, latitude], or null without coordinates.
std::string Geometry(const v1::Location& location) {
  const std::optional<google::type::LatLng> at = Wgs84Of(location);
  if (!at.has_value()) return "null";
  return absl::StrCat(R"({"type":"Point","coordinates":[)",
                      Degrees(at->longitude()), ",", Degrees(at->latitude()),
                      "]}");
}

void AddGrid(const v1::Location& location, Properties* properties) {
  if (!location.has_os_grid()) return;
  properties->emplace_back("easting", Number(location.os_grid().easting()));
  properties->emplace_back("northing", Number(location.os_grid().northing()));
}

std::string Feature(const v1::Location& location,
                    const Properties& properties) {
  std::vector<std::string> members;
  for (const auto& [name, value] : properties) {
    members.push_back(absl::StrCat(JsonString(name), ":", value));
  }
  return absl::StrCat(R"({"type":"Feature","geometry":)", Geometry(location),
                      R"(,"properties":{)", absl::StrJoin(members, ","), "}}");
}

std::string SchoolFeature(const MapSchool& school) {
  const v1::Assessment& a = school.assessment;
  Properties p = {
      {"role", JsonString("candidate")},
      {"urn", JsonString(a.urn())},
      {"name", JsonString(a.name())},
      {"local_authority", JsonString(school.local_authority)},
      {"phase", JsonString(v1::Phase_Name(school.phase))},
      {"pupils",
       school.pupils.has_value() ? absl::StrCat(*school.pupils) : "null"},
      {"recommendation",
       JsonString(v1::Arrangement_Name(a.recommendation().arrangement()))},
      {"rule", JsonString(a.recommendation().rule())},
      {"overall_score", Number(a.overall_score())},
      {"overall_band", JsonString(v1::Band_Name(a.overall_band()))},
      {"completeness_pct", Number(a.completeness_pct())},
      {"distance_km", a.location().has_distance_km()
                          ? Number(a.location().distance_km())
                          : "null"},
      {"nearest_urn", JsonString(a.location().nearest_urn())},
  };
  AddGrid(school.location, &p);
  return Feature(school.location, p);
}

}  // namespace

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", u);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string GeoJsonHead() {
  return "{\"type\":\"FeatureCollection\",\"features\":[\n";
}

std::string GeoJsonTail() { return "\n]}\n"; }

std::string GeoJsonSchoolFeature(const MapSchool& school) {
  return SchoolFeature(school);
}

std::vector<std::string> GeoJsonClusterFeatures(const v1::Cluster& cluster) {
  std::vector<std::string> features;
  Properties hub = {{"role", JsonString("hub")},
                    {"cluster_id", JsonString(cluster.id())},
                    {"name", JsonString(cluster.name())}};
  AddGrid(cluster.hub(), &hub);
  features.push_back(Feature(cluster.hub(), hub));
  for (const auto& member : cluster.members()) {
    Properties p = {{"role", JsonString("member")},
                    {"cluster_id", JsonString(cluster.id())},
                    {"urn", JsonString(member.urn())},
                    {"name", JsonString(member.name())},
                    {"phase", JsonString(v1::Phase_Name(member.phase()))}};
    AddGrid(member.location(), &p);
    features.push_back(Feature(member.location(), p));
  }
  return features;
}

std::string WriteGeoJson(const v1::Cluster& cluster,
                         const std::vector<MapSchool>& schools) {
  std::vector<std::string> features;
  for (const MapSchool& school : schools) {
    features.push_back(SchoolFeature(school));
  }
  for (std::string& feature : GeoJsonClusterFeatures(cluster)) {
    features.push_back(std::move(feature));
  }
  return absl::StrCat(GeoJsonHead(), absl::StrJoin(features, ",\n"),
                      GeoJsonTail());
}

}  // namespace trustfit::report
