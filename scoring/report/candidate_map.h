// Candidates on a map (§9): the schools of a batch around the cluster's hub
// and members, as an SVG with distance rings, a legend and a ranked list of
// the top candidates beside it.
//
// A MapSchool is one row of a batch's results: the assessment and the
// candidate's location, local authority, phase and pupils, which the
// assessment itself does not carry. The CLI fills one per scored row (with
// MapSchoolOf), and the same list feeds the GeoJSON writer (geojson.h).
//
//   std::vector<MapSchool> schools;
//   schools.push_back(MapSchoolOf(candidate, std::move(assessment)));
//   MapOptions options;
//   options.colour = MapColour::kBand;  // or by (provisional) recommendation
//   absl::StatusOr<std::string> svg = RenderCandidateMapSvg(
//       policy.proto(), *policy.FindCluster("north"), schools, options);
//
// Positions are WGS84: a grid reference is shifted from OSGB36 with
// scoring::OsGridToWgs84, and the map is a local equirectangular projection
// centred on the hub (within 50 km its scale errs by well under 1%).

#ifndef TRUSTFIT_SCORING_REPORT_CANDIDATE_MAP_H_
#define TRUSTFIT_SCORING_REPORT_CANDIDATE_MAP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/type/latlng.pb.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/trust.pb.h"

namespace trustfit::report {

// MapSchool
//
// One scored school of a batch, as the map and the GeoJSON need it.
struct MapSchool {
  trustfit::v1::Assessment assessment;
  trustfit::v1::Location location;
  std::string local_authority;
  trustfit::v1::Phase phase = trustfit::v1::PHASE_UNSPECIFIED;
  std::optional<int32_t> pupils;
};

// The MapSchool of a candidate and its assessment.
MapSchool MapSchoolOf(const trustfit::v1::Candidate& candidate,
                      trustfit::v1::Assessment assessment);

// WGS84 latitude and longitude of a location: its own, else its grid
// reference shifted from OSGB36; nullopt without coordinates.
std::optional<google::type::LatLng> Wgs84Of(
    const trustfit::v1::Location& location);

// What the dots' colours show.
enum class MapColour { kRecommendation, kBand };

struct MapOptions {
  MapColour colour = MapColour::kRecommendation;
  // How many candidates the ranked list names (and the map numbers).
  int top = 10;
};

// RankedForMap()
//
// The order of the ranked list: a batch's own (scoring/screening_rank.h),
// the better (provisional) arrangement first, then the higher lowest score
// it can still reach, then the higher overall score, then the earlier in
// `schools`. Returns indexes into `schools`.
std::vector<size_t> RankedForMap(const std::vector<MapSchool>& schools);

// RenderCandidateMapSvg()
//
// The map as a standalone SVG file: rings at 10 km, the policy's cluster
// radius and 40 km around the hub; the cluster's members; each school within
// the frame as a dot sized by pupils and coloured by `options.colour`; the
// top candidates numbered on the map and listed beside it; a legend, and a
// count of the schools left off (beyond the frame or without coordinates).
// INVALID_ARGUMENT when the hub has no coordinates.
absl::StatusOr<std::string> RenderCandidateMapSvg(
    const trustfit::v1::Policy& policy, const trustfit::v1::Cluster& cluster,
    const std::vector<MapSchool>& schools, const MapOptions& options = {});

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_CANDIDATE_MAP_H_
