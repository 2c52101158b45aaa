// RFC 7946's rules that a GeoJSON writer can break, checked on parsed JSON:
// shared by the report library's tests and the CLI's end-to-end tests.
//
//   EXPECT_THAT(Rfc7946Problems(nlohmann::json::parse(text)), IsEmpty());

#ifndef TRUSTFIT_TESTS_SCORING_REPORT_GEOJSON_CHECKS_H_
#define TRUSTFIT_TESTS_SCORING_REPORT_GEOJSON_CHECKS_H_

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace trustfit::report::testing {

// The rules of RFC 7946 that a writer can break, checked on parsed JSON.
inline std::vector<std::string> Rfc7946Problems(const nlohmann::json& doc) {
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

}  // namespace trustfit::report::testing

#endif  // TRUSTFIT_TESTS_SCORING_REPORT_GEOJSON_CHECKS_H_
