#include "client/batch_geography.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "client/exit_codes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "scoring/policy.h"
#include "tests/client/fake_server.h"
#include "tests/client/temp_path.h"
#include "tests/scoring/test_util.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::trustfit::client::testing::FakeServer;
using ::trustfit::client::testing::TempPathForThisTest;

v1::Candidate OakWithGrid() {
  v1::Candidate c;
  c.mutable_identity()->set_urn("108057");
  c.mutable_identity()->set_name("Oak Academy");
  c.mutable_identity()->set_local_authority("Leeds");
  c.mutable_identity()->set_phase(v1::PHASE_SECONDARY);
  c.mutable_identity()->set_pupils_on_roll(1020);
  c.mutable_location()->mutable_os_grid()->set_easting(430000);
  c.mutable_location()->mutable_os_grid()->set_northing(433500.5);
  return c;
}

v1::ScoreResult Scored(const std::string& urn) {
  v1::ScoreResult result;
  result.mutable_assessment()->set_urn(urn);
  result.mutable_assessment()->set_overall_score(71.5);
  return result;
}

v1::Cluster North() {
  v1::Cluster cluster;
  cluster.set_id("north");
  cluster.set_name("North");
  cluster.mutable_hub()->mutable_lat_lng()->set_latitude(53.8);
  cluster.mutable_hub()->mutable_lat_lng()->set_longitude(-1.55);
  v1::ClusterMember* member = cluster.add_members();
  member->set_urn("100001");
  member->set_name("Elm Primary");
  member->set_phase(v1::PHASE_PRIMARY);
  return cluster;
}

TEST(BatchSchoolOf, KeepsIdentityAndLocationAndDropsTheRest) {
  v1::Candidate c = OakWithGrid();
  c.mutable_identity()->set_region("Yorkshire");
  c.mutable_finance()->set_pfi_contract(true);
  c.mutable_standards()->add_attainment()->set_year(2019);
  const v1::Candidate school = BatchSchoolOf(c);
  EXPECT_EQ(school.identity().urn(), "108057");
  EXPECT_EQ(school.identity().name(), "Oak Academy");
  EXPECT_EQ(school.identity().local_authority(), "Leeds");
  EXPECT_EQ(school.identity().phase(), v1::PHASE_SECONDARY);
  EXPECT_EQ(school.identity().pupils_on_roll(), 1020);
  EXPECT_DOUBLE_EQ(school.location().os_grid().northing(), 433500.5);
  EXPECT_EQ(school.identity().region(), "");
  EXPECT_FALSE(school.has_finance());
  EXPECT_FALSE(school.has_standards());
}

TEST(BatchSchoolOf, LeavesPupilsUnsetWhenTheCandidateHasNone) {
  v1::Candidate c = OakWithGrid();
  c.mutable_identity()->clear_pupils_on_roll();
  EXPECT_FALSE(BatchSchoolOf(c).identity().has_pupils_on_roll());
}

TEST(SchoolColumnNames, AreTheSevenColumnsInOrder) {
  EXPECT_THAT(SchoolColumnNames(),
              ElementsAre("easting", "northing", "latitude", "longitude",
                          "local_authority", "phase", "pupils"));
}

TEST(SchoolColumns, AreAllEmptyWithoutASchool) {
  EXPECT_EQ(SchoolColumns(nullptr), std::vector<std::string>(7, ""));
}

TEST(SchoolColumns, GiveLatitudeAndLongitudeAsTheyAreToSixDecimals) {
  v1::Candidate c;
  c.mutable_location()->mutable_lat_lng()->set_latitude(53.4808);
  c.mutable_location()->mutable_lat_lng()->set_longitude(-2.2426);
  EXPECT_THAT(SchoolColumns(&c),
              ElementsAre("", "", "53.480800", "-2.242600", "", "", ""));
}

TEST(SchoolColumns, ShiftTheGridReferenceToWgs84WhenThatIsAllThereIs) {
  // The OS's worked example (A Guide to Coordinate Systems in Great
  // Britain): E 651409.903, N 313177.270 is 52.65757 N 1.71792 E on OSGB36;
  // the datum shift to WGS84 moves it by well under 0.002 degrees.
  v1::Candidate c;
  c.mutable_location()->mutable_os_grid()->set_easting(651409.903);
  c.mutable_location()->mutable_os_grid()->set_northing(313177.270);
  const std::vector<std::string> cells = SchoolColumns(&c);
  EXPECT_EQ(cells[0], "651409.9");
  EXPECT_EQ(cells[1], "313177.27");
  EXPECT_NEAR(std::stod(cells[2]), 52.6576, 0.001);
  EXPECT_NEAR(std::stod(cells[3]), 1.7163, 0.002);
  EXPECT_EQ(cells[2].size() - cells[2].find('.') - 1, 6u) << cells[2];
}

TEST(SchoolColumns, GiveIdentityCellsWithThePhaseEnumName) {
  const v1::Candidate c = OakWithGrid();
  const std::vector<std::string> cells = SchoolColumns(&c);
  EXPECT_EQ(cells[0], "430000");
  EXPECT_EQ(cells[1], "433500.5");
  EXPECT_EQ(cells[4], "Leeds");
  EXPECT_EQ(cells[5], "PHASE_SECONDARY");
  EXPECT_EQ(cells[6], "1020");
}

TEST(SchoolJson, TypesNumbersAndGivesNullWhereUnknown) {
  v1::Candidate c;
  c.mutable_identity()->set_local_authority("Leeds");
  c.mutable_identity()->set_pupils_on_roll(0);
  EXPECT_EQ(SchoolJson(c),
            R"({"easting":null,"northing":null,"latitude":null,)"
            R"("longitude":null,"local_authority":"Leeds","phase":null,)"
            R"("pupils":0})");
}

TEST(SchoolJson, GivesCoordinatesAsNumbers) {
  const nlohmann::json json = nlohmann::json::parse(SchoolJson(OakWithGrid()));
  EXPECT_EQ(json["easting"], 430000);
  EXPECT_DOUBLE_EQ(json["northing"].get<double>(), 433500.5);
  EXPECT_TRUE(json["latitude"].is_number());
  EXPECT_EQ(json["phase"], "PHASE_SECONDARY");
  EXPECT_EQ(json["pupils"], 1020);
}

TEST(GeoJsonWriter, WritesScoredRowsThenTheHubAndMembersAndReportsFailures) {
  std::ostringstream out, err;
  std::unique_ptr<BatchWriter> writer = MakeGeoJsonWriter(North(), &out, &err);
  const v1::Candidate oak = OakWithGrid();
  const v1::ScoreResult scored = Scored("108057");
  v1::ScoreResult rejected;
  rejected.mutable_error()->set_message("identity.urn: required");
  BatchRow row;
  row.line = 2;
  row.result = &scored;
  row.school = &oak;
  writer->Write(row);
  BatchRow server_error;
  server_error.line = 3;
  server_error.result = &rejected;
  writer->Write(server_error);
  BatchRow local_error;
  local_error.line = 4;
  local_error.local_error = "not a number: \"x\"";
  writer->Write(local_error);
  writer->Finish();

  EXPECT_EQ(err.str(),
            "trustfit: line 3: identity.urn: required\n"
            "trustfit: line 4: not a number: \"x\"\n");
  const nlohmann::json json = nlohmann::json::parse(out.str());
  EXPECT_EQ(json["type"], "FeatureCollection");
  ASSERT_EQ(json["features"].size(), 3u);
  EXPECT_EQ(json["features"][0]["properties"]["role"], "candidate");
  EXPECT_EQ(json["features"][0]["properties"]["urn"], "108057");
  EXPECT_EQ(json["features"][0]["geometry"]["type"], "Point");
  EXPECT_EQ(json["features"][1]["properties"]["role"], "hub");
  EXPECT_EQ(json["features"][1]["properties"]["cluster_id"], "north");
  EXPECT_EQ(json["features"][1]["geometry"]["coordinates"][0], -1.55);
  EXPECT_EQ(json["features"][1]["geometry"]["coordinates"][1], 53.8);
  EXPECT_EQ(json["features"][2]["properties"]["role"], "member");
  // The member has no coordinates: a null geometry, still a feature.
  EXPECT_TRUE(json["features"][2]["geometry"].is_null());
}

TEST(GeoJsonWriter, WritesAValidCollectionForAnEmptyBatch) {
  v1::Cluster bare;
  bare.set_id("bare");
  std::ostringstream out, err;
  MakeGeoJsonWriter(bare, &out, &err)->Finish();
  const nlohmann::json json = nlohmann::json::parse(out.str());
  ASSERT_EQ(json["features"].size(), 1u);  // The hub alone.
  EXPECT_TRUE(json["features"][0]["geometry"].is_null());
  EXPECT_EQ(err.str(), "");
}

// Counts what it is given.
class CountingWriter final : public BatchWriter {
 public:
  void Write(const BatchRow& row) override { lines.push_back(row.line); }
  void Finish() override { ++finished; }
  std::vector<int64_t> lines;
  int finished = 0;
};

TEST(Tee, HandsEachRowAndTheFinishToBoth) {
  auto first = std::make_unique<CountingWriter>();
  CountingWriter* first_seen = first.get();
  CountingWriter second;
  std::unique_ptr<BatchWriter> tee = Tee(std::move(first), &second);
  BatchRow row;
  row.line = 7;
  tee->Write(row);
  row.line = 8;
  tee->Write(row);
  tee->Finish();
  EXPECT_THAT(first_seen->lines, ElementsAre(7, 8));
  EXPECT_THAT(second.lines, ElementsAre(7, 8));
  EXPECT_EQ(first_seen->finished, 1);
  EXPECT_EQ(second.finished, 1);
}

std::string TempPath(const std::string& name) {
  return TempPathForThisTest(name);
}

TEST(MapFile, FailsAtOnceForAPathThatCannotBeWritten) {
  absl::StatusOr<std::unique_ptr<MapFile>> map =
      MapFile::Open(scoring::Policy::Default().proto(), North(),
                    "/nonexistent-dir/map.svg", report::MapColour::kBand);
  EXPECT_EQ(map.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(map.status().message(),
              HasSubstr("cannot write /nonexistent-dir/map.svg"));
}

TEST(MapFile, KeepsOnlyScoredRowsAndDrawsThemIntoTheFile) {
  const std::string path = TempPath("batch_geography_map.svg");
  absl::StatusOr<std::unique_ptr<MapFile>> map =
      MapFile::Open(scoring::Policy::Default().proto(), North(), path,
                    report::MapColour::kRecommendation);
  ASSERT_TRUE(map.ok()) << map.status();
  const v1::Candidate oak = OakWithGrid();
  const v1::ScoreResult scored = Scored("108057");
  BatchRow row;
  row.result = &scored;
  row.school = &oak;
  (*map)->Write(row);
  BatchRow failed;
  failed.local_error = "bad row";
  (*map)->Write(failed);
  EXPECT_EQ((*map)->schools(), 1u);
  EXPECT_EQ((*map)->path(), path);
  std::ostringstream err;
  EXPECT_EQ(DrawMap(map->get(), &err), kExitOk);
  EXPECT_EQ(err.str(), "trustfit: drew 1 schools on " + path + "\n");
  const std::string svg = trustfit::testing::ReadFileOrDie(path);
  EXPECT_THAT(svg, HasSubstr("<svg"));
  EXPECT_THAT(svg, HasSubstr("108057"));
}

TEST(MapFile, DrawingIsARejectionWhenTheHubHasNoCoordinates) {
  v1::Cluster cluster = North();
  cluster.clear_hub();
  absl::StatusOr<std::unique_ptr<MapFile>> map = MapFile::Open(
      scoring::Policy::Default().proto(), cluster,
      TempPath("batch_geography_nohub.svg"), report::MapColour::kBand);
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ((*map)->Draw().code(), absl::StatusCode::kInvalidArgument);
  std::ostringstream err;
  EXPECT_EQ(DrawMap(map->get(), &err), kExitRejected);
  EXPECT_THAT(err.str(), HasSubstr("trustfit: --map: "));
}

// Serves a policy with the clusters of North().
class PolicyService : public v1::TrustFitService::Service {
 public:
  grpc::Status GetPolicy(grpc::ServerContext*, const v1::GetPolicyRequest*,
                         v1::GetPolicyResponse* response) override {
    ++calls;
    *response->mutable_policy() = scoring::Policy::Default().proto();
    response->mutable_policy()->clear_clusters();
    *response->mutable_policy()->add_clusters() = North();
    return grpc::Status::OK;
  }
  int calls = 0;
};

class MakeBatchWritersTest : public ::testing::Test {
 protected:
  PolicyService service_;
  FakeServer server_{&service_};
  std::unique_ptr<v1::TrustFitService::Stub> stub_ =
      v1::TrustFitService::NewStub(grpc::CreateChannel(
          server_.address(), grpc::InsecureChannelCredentials()));
  std::ostringstream out_, err_;
  BatchWriters writers_;
};

TEST_F(MakeBatchWritersTest, NeedsNoPolicyForPlainOutput) {
  BatchOptions options;
  options.cluster = "north";
  EXPECT_EQ(MakeBatchWriters(stub_.get(), server_.global(), options,
                             OutputFormat::kCsv, &out_, &err_, &writers_),
            kExitOk);
  EXPECT_NE(writers_.writer, nullptr);
  EXPECT_EQ(writers_.map, nullptr);
  EXPECT_EQ(service_.calls, 0);
}

TEST_F(MakeBatchWritersTest, FetchesTheClusterForGeoJson) {
  BatchOptions options;
  options.cluster = "north";
  ASSERT_EQ(MakeBatchWriters(stub_.get(), server_.global(), options,
                             OutputFormat::kGeoJson, &out_, &err_, &writers_),
            kExitOk)
      << err_.str();
  EXPECT_EQ(service_.calls, 1);
  writers_.writer->Finish();
  const nlohmann::json json = nlohmann::json::parse(out_.str());
  EXPECT_EQ(json["features"][0]["properties"]["cluster_id"], "north");
}

TEST_F(MakeBatchWritersTest, RejectsAClusterThePolicyDoesNotHave) {
  BatchOptions options;
  options.cluster = "atlantis";
  EXPECT_EQ(MakeBatchWriters(stub_.get(), server_.global(), options,
                             OutputFormat::kGeoJson, &out_, &err_, &writers_),
            kExitRejected);
  EXPECT_EQ(err_.str(),
            "trustfit: --cluster: the policy has no cluster \"atlantis\"\n");
  EXPECT_EQ(writers_.writer, nullptr);
}

TEST_F(MakeBatchWritersTest, IsAUsageErrorWhenTheMapCannotBeWritten) {
  BatchOptions options;
  options.cluster = "north";
  options.map_path = "/nonexistent-dir/map.svg";
  EXPECT_EQ(MakeBatchWriters(stub_.get(), server_.global(), options,
                             OutputFormat::kCsv, &out_, &err_, &writers_),
            kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("trustfit: --map: cannot write"));
}

TEST_F(MakeBatchWritersTest, TeesRowsToTheMapWhenOneIsAsked) {
  BatchOptions options;
  options.cluster = "north";
  options.map_path = TempPath("batch_geography_tee.svg");
  options.map_colour = "band";
  ASSERT_EQ(MakeBatchWriters(stub_.get(), server_.global(), options,
                             OutputFormat::kJson, &out_, &err_, &writers_),
            kExitOk)
      << err_.str();
  ASSERT_NE(writers_.map, nullptr);
  const v1::Candidate oak = OakWithGrid();
  const v1::ScoreResult scored = Scored("108057");
  BatchRow row;
  row.line = 2;
  row.result = &scored;
  row.school = &oak;
  writers_.writer->Write(row);
  writers_.writer->Finish();
  EXPECT_EQ(writers_.map->schools(), 1u);
  EXPECT_THAT(out_.str(), HasSubstr("108057"));
}

}  // namespace
}  // namespace trustfit::client
