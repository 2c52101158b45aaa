// Fault tests (#16): a PostgreSQL frozen with SIGSTOP in the middle of load,
// and a SQLite store on a disk that fills up. Health and scoring must keep
// answering; record calls must fail fast with UNAVAILABLE or
// DEADLINE_EXCEEDED, and the records' own health turn NOT_SERVING and back.
// Each test starts its own database and server, so freezing one touches no
// other test.

#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <future>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::testing {
namespace {

namespace v1 = ::trustfit::v1;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

constexpr char kRecords[] = "trustfit.v1.TrustFitService.records";

// A private PostgreSQL (scripts/postgres), stopped on destruction.
class PrivatePostgres {
 public:
  PrivatePostgres()
      : dir_(absl::StrCat(TempDirectory(), "/hostile-pg-", getpid())) {
    const std::string command = absl::StrCat(
        TRUSTFIT_SOURCE_DIR, "/scripts/postgres start ", dir_, " 2>/dev/null");
    FILE* out = popen(command.c_str(), "r");
    if (out == nullptr) return;
    char line[512];
    while (fgets(line, sizeof(line), out) != nullptr) url_ = line;
    pclose(out);
    url_ = std::string(absl::StripTrailingAsciiWhitespace(url_));
  }
  ~PrivatePostgres() {
    Signal(SIGCONT);
    std::system(
        absl::StrCat(TRUSTFIT_SOURCE_DIR, "/scripts/postgres stop ", dir_)
            .c_str());
  }
  const std::string& url() const { return url_; }

  // Shuts the database down, as an operator or a failover would, and
  // starts it again on the same port and data.
  bool Stop() { return PgCtl("-m fast -w stop") == 0; }
  bool Start() {
    const size_t colon = url_.rfind(':'), slash = url_.rfind('/');
    const std::string port = url_.substr(colon + 1, slash - colon - 1);
    return PgCtl(absl::StrCat("-l ", dir_, "/server.log -w -o \"-p ", port,
                              " -k ", dir_,
                              " -c listen_addresses=127.0.0.1 -c "
                              "max_connections=200\" start")) == 0;
  }

  // `signal` to the postmaster and every process it started.
  void Signal(int signal_number) {
    std::ifstream pid_file(dir_ + "/data/postmaster.pid");
    pid_t postmaster = 0;
    if (!(pid_file >> postmaster) || postmaster <= 0) return;
    kill(postmaster, signal_number);
    DIR* proc = opendir("/proc");
    while (dirent* entry = proc ? readdir(proc) : nullptr) {
      pid_t pid;
      if (!absl::SimpleAtoi(entry->d_name, &pid)) continue;
      const std::string stat =
          ReadWholeFile(absl::StrCat("/proc/", pid, "/stat"));
      const size_t paren = stat.rfind(')');
      if (paren == std::string::npos) continue;
      std::vector<std::string> fields =
          absl::StrSplit(stat.substr(paren + 2), ' ');
      pid_t parent;
      if (fields.size() > 1 && absl::SimpleAtoi(fields[1], &parent) &&
          parent == postmaster) {
        kill(pid, signal_number);
      }
    }
    if (proc) closedir(proc);
  }

 private:
  int PgCtl(const std::string& arguments) {
    return std::system(
        absl::StrCat("bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | "
                     "tail -n 1); runuser -u postgres -- \"$bin/pg_ctl\" "
                     "-D ",
                     dir_, "/data ", arguments, " >/dev/null 2>&1")
            .c_str());
  }

  std::string dir_, url_;
};

HealthCheckResponse::ServingStatus Health(grpc::Channel* channel,
                                          const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(
      std::shared_ptr<grpc::Channel>(channel, [](grpc::Channel*) {}));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  if (!stub->Check(&context, request, &response).ok())
    return HealthCheckResponse::UNKNOWN;
  return response.status();
}

grpc::Status List(v1::TrustFitService::Stub* stub, absl::Duration deadline) {
  v1::ListAssessmentsRequest request;
  request.set_page_size(5);
  v1::ListAssessmentsResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  return stub->ListAssessments(&context, request, &response);
}

// A small tmpfs of its own, unmounted (lazily, should the server still
// hold files on it) on destruction; mounted() is false where mounting is
// not permitted.
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& size)
      : dir_(absl::StrCat(TempDirectory(), "/hostile-disk-", getpid())) {
    ::mkdir(dir_.c_str(), 0700);
    mounted_ = mount("tmpfs", dir_.c_str(), "tmpfs", 0,
                     absl::StrCat("size=", size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(dir_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  std::string dir_;
  bool mounted_ = false;
};

grpc::Status Create(v1::TrustFitService::Stub* stub,
                    const std::string& request_id,
                    v1::AssessmentRecord* created) {
  v1::CreateAssessmentRequest request;
  *request.mutable_record()->mutable_candidate() = GoldenCandidate("coasting");
  request.mutable_record()->set_cluster_id("north");
  request.mutable_record()->set_note(std::string(2000, 'n'));
  request.set_request_id(request_id);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  return stub->CreateAssessment(&context, request, created);
}

grpc::Status Get(v1::TrustFitService::Stub* stub, const std::string& name) {
  v1::GetAssessmentRequest request;
  request.set_name(name);
  v1::AssessmentRecord record;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  return stub->GetAssessment(&context, request, &record);
}

bool Scores(v1::TrustFitService::Stub* stub) {
  v1::ScoreCandidateRequest request;
  request.set_cluster_id("north");
  *request.mutable_candidate() = GoldenCandidate("coasting");
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  return stub->ScoreCandidate(&context, request, &response).ok();
}

// Waits up to `timeout` for the records' health to be `want`.
bool RecordsHealthBecomes(grpc::Channel* channel,
                          HealthCheckResponse::ServingStatus want,
                          absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (Health(channel, kRecords) == want) return true;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return false;
}

// Scoring counts each cluster's active arrangements from the store's
// in-memory snapshot (ActivePortfolio), never waiting on the database, so
// it answers while PostgreSQL is frozen; record reads fail within the
// store's bound and only the records' health turns NOT_SERVING.
TEST(HostileFault, FrozenPostgresLeavesHealthAndScoringAnswering) {
  PrivatePostgres postgres;
  if (postgres.url().empty()) {
    if (std::getenv("TRUSTFIT_REQUIRE_POSTGRES") != nullptr)
      FAIL() << "cannot start PostgreSQL (scripts/postgres)";
    GTEST_SKIP() << "no PostgreSQL to freeze";
  }
  auto server = ServerProcess::Start({"--store=" + postgres.url()});
  ASSERT_NE(server, nullptr);
  auto channel = grpc::CreateChannel(server->address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::TrustFitService::NewStub(channel);
  ASSERT_TRUE(List(stub.get(), absl::Seconds(10)).ok());
  EXPECT_EQ(Health(channel.get(), kRecords), HealthCheckResponse::SERVING);

  postgres.Signal(SIGSTOP);
  // Eight callers keep listing while the database is frozen.
  std::vector<std::future<std::vector<grpc::StatusCode>>> listers;
  for (int i = 0; i < 8; ++i) {
    listers.push_back(std::async(std::launch::async, [&] {
      std::vector<grpc::StatusCode> codes;
      for (int j = 0; j < 2; ++j) {
        const absl::Time start = absl::Now();
        const grpc::Status status = List(stub.get(), absl::Seconds(20));
        codes.push_back(status.error_code());
        // Failing fast: the store's own 5 s bound, plus waiting its turn.
        EXPECT_LT(absl::Now() - start, absl::Seconds(19));
      }
      return codes;
    }));
  }
  absl::SleepFor(absl::Milliseconds(300));
  int healthy = 0, scored = 0;
  for (int i = 0; i < 10; ++i) {
    healthy += Health(channel.get(), "") == HealthCheckResponse::SERVING;
    v1::ScoreCandidateRequest request;
    request.set_cluster_id("north");
    *request.mutable_candidate() = GoldenCandidate("coasting");
    v1::ScoreCandidateResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(2));
    scored += stub->ScoreCandidate(&context, request, &response).ok();
    absl::SleepFor(absl::Milliseconds(300));
  }
  EXPECT_EQ(healthy, 10);
  EXPECT_EQ(scored, 10);
  for (auto& lister : listers) {
    for (grpc::StatusCode code : lister.get()) {
      EXPECT_TRUE(code == grpc::StatusCode::UNAVAILABLE ||
                  code == grpc::StatusCode::DEADLINE_EXCEEDED)
          << "code " << code;
    }
  }
  EXPECT_TRUE(RecordsHealthBecomes(
      channel.get(), HealthCheckResponse::NOT_SERVING, absl::Seconds(15)));
  EXPECT_EQ(Health(channel.get(), ""), HealthCheckResponse::SERVING);

  postgres.Signal(SIGCONT);
  EXPECT_TRUE(RecordsHealthBecomes(channel.get(), HealthCheckResponse::SERVING,
                                   absl::Seconds(30)));
  EXPECT_TRUE(List(stub.get(), absl::Seconds(10)).ok());
  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(30)), 0);
}

// The disk under a SQLite store fills up: creates fail with a clear code and
// are logged as warnings, everything acknowledged stays readable, scoring
// and health answer throughout, and once space is freed creates work again
// and a restart finds every acknowledged record.
TEST(HostileFault, AFullDiskLosesNoAcknowledgedRecord) {
  SmallDisk disk("3m");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs is not permitted here";
  // Room that can be given back once the disk is full.
  {
    std::ofstream ballast(disk.Path("ballast"), std::ios::binary);
    ballast << std::string(512 * 1024, 'b');
  }
  const std::string store = "--store=sqlite://" + disk.Path("records.db");
  auto server = ServerProcess::Start({store});
  ASSERT_NE(server, nullptr);
  auto channel = grpc::CreateChannel(server->address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::TrustFitService::NewStub(channel);

  std::vector<std::string> acknowledged;
  grpc::Status refused;
  for (int i = 0; i < 5000 && refused.ok(); ++i) {
    v1::AssessmentRecord created;
    refused = Create(stub.get(), absl::StrCat("fill-", i), &created);
    if (refused.ok()) acknowledged.push_back(created.name());
  }
  ASSERT_FALSE(refused.ok()) << "the disk never filled";
  ASSERT_FALSE(acknowledged.empty());
  // gRPC's code for "the entire file system is out of space".
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused.error_message();
  // While it is full: scoring, health and reads of what was acknowledged.
  EXPECT_TRUE(Scores(stub.get()));
  EXPECT_EQ(Health(channel.get(), ""), HealthCheckResponse::SERVING);
  EXPECT_TRUE(Get(stub.get(), acknowledged.front()).ok());
  EXPECT_TRUE(Get(stub.get(), acknowledged.back()).ok());
  // Logged as a warning (the operator's to fix), not as the server's fault.
  bool warned = false;
  for (absl::string_view line : absl::StrSplit(
           server->LogOnceItHas("grpc.code=ResourceExhausted"), '\n')) {
    warned = warned || (absl::StrContains(line,
                                          " level=warning msg=\"rpc finished\" "
                                          "grpc.service=trustfit.v1."
                                          "TrustFitService "
                                          "grpc.method=CreateAssessment ") &&
                        absl::StrContains(line, "grpc.code=ResourceExhausted"));
  }
  EXPECT_TRUE(warned) << "no warning line for the refused create";

  std::remove(disk.Path("ballast").c_str());
  grpc::Status again = refused;
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  for (int i = 0; !again.ok() && absl::Now() < give_up; ++i) {
    v1::AssessmentRecord created;
    again = Create(stub.get(), absl::StrCat("after-", i), &created);
    if (again.ok()) {
      acknowledged.push_back(created.name());
    } else {
      absl::SleepFor(absl::Milliseconds(200));
    }
  }
  EXPECT_TRUE(again.ok()) << again.error_message();
  EXPECT_TRUE(RecordsHealthBecomes(channel.get(), HealthCheckResponse::SERVING,
                                   absl::Seconds(15)));

  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(30)), 0);
  auto restarted = ServerProcess::Start({store});
  ASSERT_NE(restarted, nullptr);
  auto stub2 = v1::TrustFitService::NewStub(grpc::CreateChannel(
      restarted->address(), grpc::InsecureChannelCredentials()));
  int missing = 0;
  for (const std::string& name : acknowledged) {
    missing += !Get(stub2.get(), name).ok();
  }
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size() << " acknowledged";
  restarted->Signal(SIGTERM);
  EXPECT_EQ(restarted->WaitForExit(absl::Seconds(30)), 0);
}

// PostgreSQL shut down under the server and started again: scoring and
// health answer throughout, record calls fail fast with UNAVAILABLE or
// DEADLINE_EXCEEDED while it is down, and once it is back the records'
// health returns and records are created and read again.
TEST(HostileFault, StoppedPostgresFailsOnlyTheRecordsUntilItIsBack) {
  PrivatePostgres postgres;
  if (postgres.url().empty()) {
    if (std::getenv("TRUSTFIT_REQUIRE_POSTGRES") != nullptr)
      FAIL() << "cannot start PostgreSQL (scripts/postgres)";
    GTEST_SKIP() << "no PostgreSQL to stop";
  }
  auto server = ServerProcess::Start({"--store=" + postgres.url()});
  ASSERT_NE(server, nullptr);
  auto channel = grpc::CreateChannel(server->address(),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::TrustFitService::NewStub(channel);
  v1::AssessmentRecord before;
  ASSERT_TRUE(Create(stub.get(), "before-stop", &before).ok());

  ASSERT_TRUE(postgres.Stop());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Health(channel.get(), ""), HealthCheckResponse::SERVING);
    EXPECT_TRUE(Scores(stub.get()));
    v1::AssessmentRecord created;
    const absl::Time start = absl::Now();
    const grpc::Status status =
        Create(stub.get(), absl::StrCat("while-down-", i), &created);
    EXPECT_TRUE(status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        << status.error_code() << " " << status.error_message();
    EXPECT_LT(absl::Now() - start, absl::Seconds(9));
  }
  EXPECT_TRUE(RecordsHealthBecomes(
      channel.get(), HealthCheckResponse::NOT_SERVING, absl::Seconds(15)));

  ASSERT_TRUE(postgres.Start());
  EXPECT_TRUE(RecordsHealthBecomes(channel.get(), HealthCheckResponse::SERVING,
                                   absl::Seconds(30)));
  grpc::Status again;
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  do {
    v1::AssessmentRecord created;
    again = Create(stub.get(), "after-start", &created);
    if (!again.ok()) absl::SleepFor(absl::Milliseconds(200));
  } while (!again.ok() && absl::Now() < give_up);
  EXPECT_TRUE(again.ok()) << again.error_message();
  EXPECT_TRUE(Get(stub.get(), before.name()).ok());
  server->Signal(SIGTERM);
  EXPECT_EQ(server->WaitForExit(absl::Seconds(30)), 0);
}

}  // namespace
}  // namespace trustfit::testing
