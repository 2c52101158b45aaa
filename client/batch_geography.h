// Where a batch's schools are: the columns batch output gains (easting and
// northing, WGS84 latitude and longitude, local authority, phase, pupils),
// `-o geojson` (RFC 7946, for GIS tools and web maps) and `batch --map
// FILE.svg` (the candidates drawn around the cluster's hub by
// scoring/report).
//
//   trustfit::v1::Candidate school = BatchSchoolOf(candidate);
//   std::vector<std::string> columns = SchoolColumns(&school);
//   std::unique_ptr<BatchWriter> geojson =
//       MakeGeoJsonWriter(cluster, &out, &err);
//   absl::StatusOr<std::unique_ptr<MapFile>> map = MapFile::Open(
//       policy, cluster, "north.svg", report::MapColour::kBand);

#ifndef TRUSTFIT_CLIENT_BATCH_GEOGRAPHY_H_
#define TRUSTFIT_CLIENT_BATCH_GEOGRAPHY_H_

#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/batch.h"
#include "client/render.h"
#include "scoring/report/candidate_map.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/trust.pb.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {

// What a batch keeps of a row's candidate to show beside its assessment:
// identity (URN, name, local authority, phase, pupils) and location.
trustfit::v1::Candidate BatchSchoolOf(const trustfit::v1::Candidate& candidate);

// The CSV columns of a school, in order: easting, northing, latitude,
// longitude, local_authority, phase, pupils.
const std::vector<std::string>& SchoolColumnNames();

// Their values for `school` (empty where unknown, all empty for nullptr).
// Latitude and longitude are WGS84, shifted from the OS grid (OSGB36) when
// that is all the row has, to six decimals (about 0.1 m).
std::vector<std::string> SchoolColumns(const trustfit::v1::Candidate* school);

// The same as a JSON object, null where unknown.
std::string SchoolJson(const trustfit::v1::Candidate& school);

// A writer of one GeoJSON FeatureCollection: a feature per scored row as it
// comes (a null geometry without coordinates), then the cluster's hub and
// members. A failed row is no feature; it is reported on `err` with its
// line, and the batch's summary counts it.
std::unique_ptr<BatchWriter> MakeGeoJsonWriter(
    const trustfit::v1::Cluster& cluster, std::ostream* out, std::ostream* err);

// A writer that hands each row to `first`, then to `second` (not owned).
std::unique_ptr<BatchWriter> Tee(std::unique_ptr<BatchWriter> first,
                                 BatchWriter* second);

// MapFile
//
// The batch's map: keeps each scored row the batch writes as the map needs
// it (its assessment and where the school is: a few kilobytes a row) and
// draws them into an SVG file, the list beside it ranked as the batch ranks
// (scoring/screening_rank.h).
class MapFile final : public BatchWriter {
 public:
  // Opens `path` for writing at once, so that a bad path fails before the
  // batch runs: UNAVAILABLE when it cannot be written.
  static absl::StatusOr<std::unique_ptr<MapFile>> Open(
      trustfit::v1::Policy policy, trustfit::v1::Cluster cluster,
      const std::string& path, report::MapColour colour);

  void Write(const BatchRow& row) override;

  // Draws the map. INVALID_ARGUMENT when the hub has no coordinates;
  // UNAVAILABLE when the file cannot be written.
  absl::Status Draw();

  size_t schools() const { return schools_.size(); }
  const std::string& path() const { return path_; }

 private:
  MapFile(trustfit::v1::Policy policy, trustfit::v1::Cluster cluster,
          std::string path, report::MapColour colour);

  trustfit::v1::Policy policy_;
  trustfit::v1::Cluster cluster_;
  std::string path_;
  std::ofstream file_;
  report::MapColour colour_;
  std::vector<report::MapSchool> schools_;
};

// The writers of a batch: the one for `output` (GeoJSON too), teed to the
// map when `options.map_path` asks for one.
struct BatchWriters {
  std::unique_ptr<BatchWriter> writer;
  std::unique_ptr<MapFile> map;
};

// MakeBatchWriters()
//
// Fills `writers` for `options` and `output`. GeoJSON and the map need the
// cluster's hub and members: they come from the server's policy
// (GetPolicy), so an unknown cluster or an unwritable map fails here,
// before any row is sent. Returns the exit code.
int MakeBatchWriters(trustfit::v1::TrustFitService::Stub* stub,
                     const GlobalOptions& global, const BatchOptions& options,
                     OutputFormat output, std::ostream* out, std::ostream* err,
                     BatchWriters* writers);

// Draws the map and says where on `err`; returns the exit code.
int DrawMap(MapFile* map, std::ostream* err);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_BATCH_GEOGRAPHY_H_
