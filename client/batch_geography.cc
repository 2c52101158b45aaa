#include "client/batch_geography.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "nlohmann/json.hpp"
#include "scoring/criteria.h"
#include "scoring/report/geojson.h"
#include "scoring/status_macros.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

// The row's assessment when it was scored, else nullptr.
const v1::Assessment* Scored(const BatchRow& row) {
  return row.result != nullptr && row.result->has_assessment()
             ? &row.result->assessment()
             : nullptr;
}

report::MapSchool MapSchoolOfRow(const BatchRow& row,
                                 const v1::Assessment& assessment) {
  return report::MapSchoolOf(
      row.school != nullptr ? *row.school : v1::Candidate(), assessment);
}

std::string Degrees(double value) { return absl::StrFormat("%.6f", value); }

class GeoJsonWriter final : public BatchWriter {
 public:
  GeoJsonWriter(const v1::Cluster& cluster, std::ostream* out,
                std::ostream* err)
      : cluster_(cluster), out_(out), err_(err) {
    *out_ << report::GeoJsonHead();
  }

  void Write(const BatchRow& row) override {
    const v1::Assessment* a = Scored(row);
    if (a == nullptr) {
      *err_ << "trustfit: line " << row.line << ": "
            << (row.result != nullptr ? row.result->error().message()
                                      : row.local_error)
            << "\n";
      return;
    }
    Add(report::GeoJsonSchoolFeature(MapSchoolOfRow(row, *a)));
  }

  void Finish() override {
    for (const std::string& feature :
         report::GeoJsonClusterFeatures(cluster_)) {
      Add(feature);
    }
    *out_ << report::GeoJsonTail();
  }

 private:
  void Add(const std::string& feature) {
    *out_ << (first_ ? "" : ",\n") << feature;
    first_ = false;
  }

  const v1::Cluster cluster_;
  std::ostream* out_;
  std::ostream* err_;
  bool first_ = true;
};

class TeeWriter final : public BatchWriter {
 public:
  TeeWriter(std::unique_ptr<BatchWriter> first, BatchWriter* second)
      : first_(std::move(first)), second_(second) {}
  void Write(const BatchRow& row) override {
    first_->Write(row);
    second_->Write(row);
  }
  void Finish() override {
    first_->Finish();
    second_->Finish();
  }

 private:
  std::unique_ptr<BatchWriter> first_;
  BatchWriter* second_;
};

}  // namespace

v1::Candidate BatchSchoolOf(const v1::Candidate& candidate) {
  v1::Candidate school;
  v1::Identity* identity = school.mutable_identity();
  identity->set_urn(candidate.identity().urn());
  identity->set_name(candidate.identity().name());
  identity->set_local_authority(candidate.identity().local_authority());
  identity->set_phase(candidate.identity().phase());
  if (candidate.identity().has_pupils_on_roll()) {
    identity->set_pupils_on_roll(candidate.identity().pupils_on_roll());
  }
  *school.mutable_location() = candidate.location();
  return school;
}

const std::vector<std::string>& SchoolColumnNames() {
  static const auto* names = new std::vector<std::string>{
      "easting",         "northing", "latitude", "longitude",
      "local_authority", "phase",    "pupils"};
  return *names;
}

std::vector<std::string> SchoolColumns(const v1::Candidate* school) {
  if (school == nullptr) return std::vector<std::string>(7);
  const v1::Location& at = school->location();
  const v1::Identity& identity = school->identity();
  const std::optional<google::type::LatLng> wgs84 = report::Wgs84Of(at);
  return {
      at.has_os_grid() ? scoring::FormatNumber(at.os_grid().easting()) : "",
      at.has_os_grid() ? scoring::FormatNumber(at.os_grid().northing()) : "",
      wgs84 ? Degrees(wgs84->latitude()) : "",
      wgs84 ? Degrees(wgs84->longitude()) : "",
      identity.local_authority(),
      identity.phase() == v1::PHASE_UNSPECIFIED
          ? ""
          : v1::Phase_Name(identity.phase()),
      identity.has_pupils_on_roll() ? absl::StrCat(identity.pupils_on_roll())
                                    : "",
  };
}

std::string SchoolJson(const v1::Candidate& school) {
  // The CSV cells, typed: numbers as numbers, empty as null.
  const std::vector<std::string> cells = SchoolColumns(&school);
  const std::vector<std::string>& names = SchoolColumnNames();
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  for (size_t i = 0; i < names.size(); ++i) {
    const bool text = names[i] == "local_authority" || names[i] == "phase";
    if (cells[i].empty()) {
      json[names[i]] = nullptr;
    } else if (text) {
      json[names[i]] = cells[i];
    } else {
      json[names[i]] = nlohmann::ordered_json::parse(cells[i]);
    }
  }
  return json.dump();
}

std::unique_ptr<BatchWriter> MakeGeoJsonWriter(const v1::Cluster& cluster,
                                               std::ostream* out,
                                               std::ostream* err) {
  return std::make_unique<GeoJsonWriter>(cluster, out, err);
}

std::unique_ptr<BatchWriter> Tee(std::unique_ptr<BatchWriter> first,
                                 BatchWriter* second) {
  return std::make_unique<TeeWriter>(std::move(first), second);
}

MapFile::MapFile(v1::Policy policy, v1::Cluster cluster, std::string path,
                 report::MapColour colour)
    : policy_(std::move(policy)),
      cluster_(std::move(cluster)),
      path_(std::move(path)),
      colour_(colour) {}

absl::StatusOr<std::unique_ptr<MapFile>> MapFile::Open(
    v1::Policy policy, v1::Cluster cluster, const std::string& path,
    report::MapColour colour) {
  std::unique_ptr<MapFile> map(
      new MapFile(std::move(policy), std::move(cluster), path, colour));
  map->file_.open(path, std::ios::binary | std::ios::trunc);
  if (!map->file_.is_open()) {
    return absl::UnavailableError(absl::StrCat("cannot write ", path));
  }
  return map;
}

void MapFile::Write(const BatchRow& row) {
  if (const v1::Assessment* a = Scored(row)) {
    schools_.push_back(MapSchoolOfRow(row, *a));
  }
}

absl::Status MapFile::Draw() {
  report::MapOptions options;
  options.colour = colour_;
  TRUSTFIT_ASSIGN_OR_RETURN(
      std::string svg,
      report::RenderCandidateMapSvg(policy_, cluster_, schools_, options));
  file_ << svg;
  file_.close();
  if (!file_)
    return absl::UnavailableError(absl::StrCat("cannot write ", path_));
  return absl::OkStatus();
}

// The cluster `id` of the server's policy, and the policy.
int FetchCluster(v1::TrustFitService::Stub* stub, const GlobalOptions& global,
                 const BatchOptions& options, v1::GetPolicyResponse* policy,
                 const v1::Cluster** cluster, std::ostream* err) {
  grpc::ClientContext context;
  SetCallDeadline(&context, options.deadline);
  const grpc::Status status =
      stub->GetPolicy(&context, v1::GetPolicyRequest(), policy);
  if (!status.ok()) return ReportRpcError(status, global, *err);
  for (const v1::Cluster& c : policy->policy().clusters()) {
    if (c.id() == options.cluster) *cluster = &c;
  }
  if (*cluster != nullptr) return kExitOk;
  *err << "trustfit: --cluster: the policy has no cluster \"" << options.cluster
       << "\"\n";
  return kExitRejected;
}

int MakeBatchWriters(v1::TrustFitService::Stub* stub,
                     const GlobalOptions& global, const BatchOptions& options,
                     OutputFormat output, std::ostream* out, std::ostream* err,
                     BatchWriters* writers) {
  if (output != OutputFormat::kGeoJson && options.map_path.empty()) {
    writers->writer = MakeBatchWriter(output, out, global.width);
    return kExitOk;
  }
  v1::GetPolicyResponse policy;
  const v1::Cluster* cluster = nullptr;
  const int code = FetchCluster(stub, global, options, &policy, &cluster, err);
  if (code != kExitOk) return code;
  writers->writer = output == OutputFormat::kGeoJson
                        ? MakeGeoJsonWriter(*cluster, out, err)
                        : MakeBatchWriter(output, out, global.width);
  if (options.map_path.empty()) return kExitOk;
  absl::StatusOr<std::unique_ptr<MapFile>> map = MapFile::Open(
      policy.policy(), *cluster, options.map_path,
      options.map_colour == "band" ? report::MapColour::kBand
                                   : report::MapColour::kRecommendation);
  if (!map.ok()) {
    *err << "trustfit: --map: " << map.status().message() << "\n";
    return kExitUsage;
  }
  writers->map = *std::move(map);
  writers->writer = Tee(std::move(writers->writer), writers->map.get());
  return kExitOk;
}

int DrawMap(MapFile* map, std::ostream* err) {
  const absl::Status drawn = map->Draw();
  if (!drawn.ok()) {
    *err << "trustfit: --map: " << drawn.message() << "\n";
    return drawn.code() == absl::StatusCode::kInvalidArgument ? kExitRejected
                                                              : kExitUsage;
  }
  *err << "trustfit: drew " << map->schools() << " schools on " << map->path()
       << "\n";
  return kExitOk;
}

}  // namespace trustfit::client
