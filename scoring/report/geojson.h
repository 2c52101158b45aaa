// GeoJSON (RFC 7946) of a batch's schools and their cluster, for GIS tools
// and web maps: one FeatureCollection, WGS84 longitude first, as the RFC
// requires.
//
//   std::string geojson = WriteGeoJson(*policy.FindCluster("north"), schools);
//
// Each school is a Feature with a Point geometry (null when it has no
// coordinates, as RFC 7946 §3.2 allows) and its results as properties:
// role "candidate", urn, name, local_authority, phase, pupils,
// recommendation, rule, overall_score, overall_band, completeness_pct,
// distance_km and nearest_urn; the grid reference too when it has one. The
// cluster's hub and members follow, with role "hub" or "member".

#ifndef TRUSTFIT_SCORING_REPORT_GEOJSON_H_
#define TRUSTFIT_SCORING_REPORT_GEOJSON_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "scoring/report/candidate_map.h"
#include "trustfit/v1/trust.pb.h"

namespace trustfit::report {

// WriteGeoJson()
//
// The FeatureCollection as compact JSON, one feature a line.
std::string WriteGeoJson(const trustfit::v1::Cluster& cluster,
                         const std::vector<MapSchool>& schools);

// The same document in pieces, for a writer that streams a batch's rows:
// GeoJsonHead(), then the features joined by ",\n" (each school's, then the
// cluster's), then GeoJsonTail().
std::string GeoJsonHead();
std::string GeoJsonSchoolFeature(const MapSchool& school);
std::vector<std::string> GeoJsonClusterFeatures(
    const trustfit::v1::Cluster& cluster);
std::string GeoJsonTail();

// `text` as a JSON string literal, quotes included: " and \ escaped, and
// control characters as \u00XX. UTF-8 passes through.
std::string JsonString(absl::string_view text);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_GEOJSON_H_
