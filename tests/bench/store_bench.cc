// The assessment store alone, without gRPC: how many records a second it
// makes durable, and what each costs in CPU time and bytes written.
//
// `concurrency` callers each keep one Create in flight, as gRPC callers of
// CreateAssessment do: a caller's next record is submitted from the
// completion of its last. Records are real (the golden candidate assessed
// under the default policy), each under a new name.
//
//   build/tests/bench/store_bench --duration=5s
//   build/tests/bench/store_bench --store "postgresql://..." --duration=5s
//
// CPU and bytes written are the whole process's (getrusage,
// /proc/self/io), so they include the store's background threads but, on
// PostgreSQL, not the database server's work.

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "server/store/assessment_store.h"
#include "tests/server/store/store_test_util.h"

namespace trustfit::bench {
namespace {

namespace v1 = ::trustfit::v1;

struct Options {
  std::string store;  // Default: a new SQLite file.
  int concurrency = 32;
  std::string duration = "5s";
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Bytes this process has caused to be written to storage.
int64_t WrittenBytes() {
  std::ifstream io("/proc/self/io");
  std::string key;
  int64_t value = 0;
  while (io >> key >> value) {
    if (key == "write_bytes:") return value;
  }
  return 0;
}

int Run(const Options& options) {
  absl::Duration duration;
  if (!absl::ParseDuration(options.duration, &duration)) {
    std::fprintf(stderr, "bad --duration %s\n", options.duration.c_str());
    return 2;
  }
  testing::ScratchStore scratch;  // Removes its files after the store closes.
  const std::string url = options.store.empty()
                              ? scratch.Create(testing::Backend::kSqlite)
                              : options.store;
  absl::StatusOr<std::unique_ptr<server::AssessmentStore>> store =
      server::OpenStore(url);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }

  const v1::AssessmentRecord record = testing::MakeRecord("strong_local");
  std::atomic<bool> stop{false};
  std::atomic<int64_t> created{0};
  std::atomic<int64_t> failed{0};
  std::atomic<int> running{options.concurrency};
  // Each caller's loop: submit, and from the completion submit again.
  std::function<void()> submit = [&] {
    v1::AssessmentRecord copy = record;
    copy.set_name((*store)->NewName());
    const absl::Time now = absl::Now();
    copy.mutable_create_time()->set_seconds(absl::ToUnixSeconds(now));
    (*store)->Create(server::PrepareRecord(copy, "h"),
                     [&](absl::StatusOr<server::CreateOutcome> outcome) {
                       (outcome.ok() ? created : failed)++;
                       if (stop.load()) {
                         running--;
                         return;
                       }
                       submit();
                     });
  };

  const double cpu_before = CpuSeconds();
  const int64_t written_before = WrittenBytes();
  const absl::Time start = absl::Now();
  for (int i = 0; i < options.concurrency; ++i) submit();
  absl::SleepFor(duration);
  stop = true;
  const int64_t made = created.load();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const double cpu = CpuSeconds() - cpu_before;
  const int64_t written = WrittenBytes() - written_before;
  while (running.load() > 0) absl::SleepFor(absl::Milliseconds(1));

  std::printf(
      "store %s, %d callers, a record is %zu bytes:\n"
      "  %lld records in %.2f s = %.0f records/s, %lld failed\n"
      "  CPU %.0f us a record (%.2f cores); written %.1f KB a record\n",
      (*store)->Describe().c_str(), options.concurrency, record.ByteSizeLong(),
      static_cast<long long>(made), seconds, made / seconds,
      static_cast<long long>(failed.load()), 1e6 * cpu / made, cpu / seconds,
      written / 1024.0 / made);
  if (!absl::StartsWith(url, "sqlite:")) {
    std::printf(
        "  (CPU and bytes of this process only: the database server's are "
        "not counted)\n");
  }
  return failed.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace trustfit::bench

int main(int argc, char** argv) {
  trustfit::bench::Options options;
  CLI::App app("Throughput and cost of the assessment store, without gRPC.");
  app.add_option("--store", options.store,
                 "sqlite://PATH or postgresql://...; default: a new SQLite "
                 "file under $TEST_TMPDIR or /tmp");
  app.add_option("--concurrency", options.concurrency, "Creates in flight")
      ->capture_default_str();
  app.add_option("--duration", options.duration, "How long to run")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return trustfit::bench::Run(options);
}
