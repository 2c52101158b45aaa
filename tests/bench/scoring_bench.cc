// Micro-benchmark of the scoring core: one assessment plus quote of a
// realistic candidate (a golden school with every field filled) on one core.
//
//   build/tests/bench/scoring_bench
//
// Besides time per call it reports heap allocations per call and how many
// heap bytes stay live across 1000 further calls
// (live_bytes_growth_per_1000_calls), which should be 0: repeated calls
// reuse the output messages and keep nothing behind.

#include <atomic>
#include <cstdlib>
#include <new>

#include "benchmark/benchmark.h"
#include "google/protobuf/util/json_util.h"
#include "scoring/assess.h"
#include "scoring/improvement.h"
#include "scoring/policy.h"
#include "scoring/quote.h"
#include "tests/scoring/test_util.h"

namespace {

std::atomic<int64_t> g_allocations{0};
std::atomic<int64_t> g_live_bytes{0};

}  // namespace

// Counting allocator for this binary only. Each block carries its size in a
// 16-byte header so that delete can account for it.
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_live_bytes.fetch_add(static_cast<int64_t>(size), std::memory_order_relaxed);
  void* block = std::malloc(size + 16);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  return static_cast<char*>(block) + 16;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  void* block = static_cast<char*>(p) - 16;
  g_live_bytes.fetch_sub(
      static_cast<int64_t>(*static_cast<std::size_t*>(block)),
      std::memory_order_relaxed);
  std::free(block);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

struct Inputs {
  Policy policy = Policy::Default();
  v1::Candidate candidate = testing::GoldenCandidate("strong_local");
  v1::QuoteSpec spec =
      testing::ParseJsonOrDie<v1::QuoteSpec>(testing::ReadFileOrDie(
          testing::SourcePath("tests/testdata/golden/strong_local.spec.json")));
  const v1::Cluster* cluster = policy.FindCluster("north");
};

const Inputs& GetInputs() {
  static const Inputs* inputs = new Inputs();
  return *inputs;
}

// Reports allocations per call inside the timed loop, then runs `call` 1000
// more times outside the framework's loop and reports how many heap bytes
// stayed live across them: 0 means nothing accumulates from call to call.
template <typename Call>
void ReportAllocations(benchmark::State& state, int64_t allocations_before,
                       Call call) {
  const int64_t allocations = g_allocations.load() - allocations_before;
  state.counters["allocs_per_call"] =
      benchmark::Counter(static_cast<double>(allocations) / state.iterations());
  const int64_t live_before = g_live_bytes.load();
  for (int i = 0; i < 1000; ++i) call();
  state.counters["live_bytes_growth_per_1000_calls"] = benchmark::Counter(
      static_cast<double>(g_live_bytes.load() - live_before));
}

void BM_AssessAndQuote(benchmark::State& state) {
  const Inputs& in = GetInputs();
  v1::Assessment assessment;
  v1::Quote quote;
  auto call = [&] {
    benchmark::DoNotOptimize(
        AssessInto(in.policy, in.candidate, *in.cluster, &assessment));
    benchmark::DoNotOptimize(
        QuoteInto(in.policy, in.candidate, in.spec, &quote));
  };
  call();  // Lets the reused messages reach their steady size.
  const int64_t allocations_before = g_allocations.load();
  for (auto _ : state) call();
  ReportAllocations(state, allocations_before, call);
}
BENCHMARK(BM_AssessAndQuote);

void BM_Assess(benchmark::State& state) {
  const Inputs& in = GetInputs();
  v1::Assessment assessment;
  auto call = [&] {
    benchmark::DoNotOptimize(
        AssessInto(in.policy, in.candidate, *in.cluster, &assessment));
  };
  call();
  const int64_t allocations_before = g_allocations.load();
  for (auto _ : state) call();
  ReportAllocations(state, allocations_before, call);
}
BENCHMARK(BM_Assess);

void BM_Quote(benchmark::State& state) {
  const Inputs& in = GetInputs();
  v1::Quote quote;
  auto call = [&] {
    benchmark::DoNotOptimize(
        QuoteInto(in.policy, in.candidate, in.spec, &quote));
  };
  call();
  const int64_t allocations_before = g_allocations.load();
  for (auto _ : state) call();
  ReportAllocations(state, allocations_before, call);
}
BENCHMARK(BM_Quote);

// The same assessment without its outlook (§3.6): what the outlook costs.
void BM_AssessWithoutOutlook(benchmark::State& state) {
  const Inputs& in = GetInputs();
  v1::Assessment assessment;
  AssessOptions options;
  options.outlook = false;
  auto call = [&] {
    benchmark::DoNotOptimize(
        AssessInto(in.policy, in.candidate, *in.cluster, &assessment, options));
  };
  call();
  for (auto _ : state) call();
}
BENCHMARK(BM_AssessWithoutOutlook);

// A school known only from public data: most factors missing, so the
// outlook works out every range and what each missing input puts at stake.
void BM_AssessPublicData(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const v1::Candidate candidate = testing::GoldenCandidate("public_data");
  v1::Assessment assessment;
  auto call = [&] {
    benchmark::DoNotOptimize(
        AssessInto(in.policy, candidate, *in.cluster, &assessment));
  };
  call();
  for (auto _ : state) call();
}
BENCHMARK(BM_AssessPublicData);

// "What would it take" for complete candidates: the coasting school (still
// exploring) to the next better arrangement, and to an integrating
// associate.
void BM_FindImprovementPath(benchmark::State& state) {
  const Inputs& in = GetInputs();
  const v1::Candidate candidate = testing::GoldenCandidate("coasting");
  const auto target = static_cast<v1::Arrangement>(state.range(0));
  int evaluations = 0;
  for (auto _ : state) {
    absl::StatusOr<v1::ImprovementPath> path =
        FindImprovementPath(in.policy, candidate, *in.cluster, target);
    evaluations = path->evaluations();
    benchmark::DoNotOptimize(path);
  }
  state.counters["evaluations"] = evaluations;
}
BENCHMARK(BM_FindImprovementPath)
    ->Arg(v1::ARRANGEMENT_UNSPECIFIED)
    ->Arg(v1::ARRANGEMENT_ASSOCIATE_INTEGRATION)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace trustfit::scoring

BENCHMARK_MAIN();
