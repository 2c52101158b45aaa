// Load benchmark of trustfit-server, all in one run:
//
//   unary:   grpc.health.v1.Health/Check, the empty-RPC baseline, then
//            ScoreCandidate at the same concurrency, in both views;
//   stream:  ScoreCandidates: candidates per second over one stream, and the
//            server's resident memory after it;
//   records: CreateAssessment beside ScoreCandidate, taking turns in slices
//            of a second, on a new server for each store;
//   access:  ScoreCandidate over TLS with a bearer token against the same
//            over plaintext, each on a server of its own (certificates and
//            the token made with openssl here), and the time a new
//            connection takes to serve its first call on each.
//
//   build/tests/bench/load_bench                       # starts its own server
//   build/tests/bench/load_bench --concurrency=32 --duration=10s --batch=200
//   build/tests/bench/load_bench --phases=records      # only the records
//   build/tests/bench/load_bench --target=host:50051   # an external server
//
// Unary calls use the callback API: each of `concurrency` callers starts its
// next call from the previous one's completion, spread over `channels`
// connections. Requests are serialised once and responses received as raw
// bytes, one in a hundred parsed and checked, like h2load or ghz. The stream
// sends one request message of `batch` candidates over and over (serialised
// once) and counts the results without parsing them, so the client costs the
// shared CPU as little as possible. It prints figures and never fails on
// timing.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "tests/e2e/server_process.h"
#include "tests/scoring/test_util.h"
#include "tests/server/store/store_test_util.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::bench {
namespace {

namespace v1 = ::trustfit::v1;

struct Options {
  std::string target;
  int concurrency = 32;
  int channels = 4;
  std::string duration = "10s";
  int64_t stream_candidates = 1'000'000;
  int batch = 200;
  // Recorded assessments: measured against these stores ("sqlite", a
  // postgresql:// URI, or "none" to skip).
  std::vector<std::string> stores = {"sqlite"};
  // Which of "unary", "stream" and "records" to run.
  std::vector<std::string> phases = {"unary", "stream", "records", "access"};
  bool Runs(const std::string& phase) const {
    return std::find(phases.begin(), phases.end(), phase) != phases.end();
  }
};

struct UnaryResult {
  int64_t calls = 0;
  int64_t errors = 0;
  double seconds = 0;
  std::vector<double> latencies_us;  // Sampled.
  double rate() const { return calls / seconds; }
  double Percentile(double p) const {
    if (latencies_us.empty()) return 0;
    std::vector<double> sorted = latencies_us;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1,
                           static_cast<size_t>(p * sorted.size()))];
  }
};

std::vector<std::shared_ptr<grpc::Channel>> Channels(
    const std::string& target, int count,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials =
        grpc::InsecureChannelCredentials()) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    // A distinct argument per channel gives each its own connection.
    args.SetInt("trustfit.bench.channel", i);
    args.SetMaxReceiveMessageSize(-1);
    args.SetMaxSendMessageSize(-1);
    auto channel = grpc::CreateCustomChannel(target, credentials, args);
    channel->WaitForConnected(std::chrono::system_clock::now() +
                              std::chrono::seconds(10));
    channels.push_back(std::move(channel));
  }
  return channels;
}

// Runs `concurrency` callers for `duration`; `start_call(i, done)` starts one
// call on caller i and runs done(ok) when it completes.
template <typename StartCall>
UnaryResult RunUnary(int concurrency, absl::Duration duration,
                     StartCall start_call) {
  UnaryResult result;
  std::mutex mu;
  std::condition_variable all_done;
  int running = concurrency;
  std::atomic<int64_t> calls{0}, errors{0};
  const absl::Time start = absl::Now();
  const absl::Time stop = start + duration;
  std::vector<std::vector<double>> samples(concurrency);

  std::vector<std::function<void()>> next(concurrency);
  for (int i = 0; i < concurrency; ++i) {
    next[i] = [&, i] {
      const absl::Time began = absl::Now();
      start_call(i, [&, i, began](bool ok) {
        const absl::Time ended = absl::Now();
        ++calls;
        if (!ok) ++errors;
        if (calls % 16 == 0)
          samples[i].push_back(absl::ToDoubleMicroseconds(ended - began));
        if (ended < stop) {
          next[i]();
          return;
        }
        std::lock_guard<std::mutex> lock(mu);
        if (--running == 0) all_done.notify_all();
      });
    };
  }
  for (int i = 0; i < concurrency; ++i) next[i]();
  std::unique_lock<std::mutex> lock(mu);
  all_done.wait(lock, [&] { return running == 0; });
  result.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  result.calls = calls;
  result.errors = errors;
  for (auto& s : samples)
    result.latencies_us.insert(result.latencies_us.end(), s.begin(), s.end());
  return result;
}

// One unary method called with the same request, serialised once; the
// response is received as raw bytes and one in a hundred is parsed and
// checked with `check`, so the client spends the shared CPU on the wire,
// not on parsing.
template <typename Response, typename Check>
UnaryResult BenchUnary(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    int concurrency, absl::Duration duration, const std::string& method,
    const google::protobuf::Message& request, Check check) {
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (auto& c : channels)
    stubs.push_back(std::make_unique<grpc::GenericStub>(c));
  grpc::ByteBuffer request_bytes;
  {
    std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    request_bytes = grpc::ByteBuffer(&slice, 1);
  }
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer response;
  };
  std::atomic<int64_t> counter{0};
  return RunUnary(
      concurrency, duration, [&](int i, std::function<void(bool)> done) {
        auto* call = new Call();
        stubs[i % stubs.size()]->UnaryCall(
            &call->context, method, grpc::StubOptions(), &request_bytes,
            &call->response,
            [call, done, &counter, &check](grpc::Status status) {
              bool ok = status.ok();
              if (ok && counter++ % 100 == 0) {
                Response parsed;
                grpc::ProtoBufferReader reader(&call->response);
                ok = parsed.ParseFromZeroCopyStream(&reader) && check(parsed);
              }
              delete call;
              done(ok);
            });
      });
}

UnaryResult BenchHealth(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    int concurrency, absl::Duration duration) {
  return BenchUnary<grpc::health::v1::HealthCheckResponse>(
      channels, concurrency, duration, "/grpc.health.v1.Health/Check",
      grpc::health::v1::HealthCheckRequest(),
      [](const grpc::health::v1::HealthCheckResponse& r) {
        return r.status() == grpc::health::v1::HealthCheckResponse::SERVING;
      });
}

UnaryResult BenchScore(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    int concurrency, absl::Duration duration,
    const v1::ScoreCandidateRequest& request) {
  return BenchUnary<v1::ScoreCandidateResponse>(
      channels, concurrency, duration,
      "/trustfit.v1.TrustFitService/ScoreCandidate", request,
      [](const v1::ScoreCandidateResponse& r) {
        return r.assessment().recommendation().arrangement() !=
               v1::ARRANGEMENT_UNSPECIFIED;
      });
}

// Streams `total` candidates in messages of `batch`, as raw bytes.
class StreamBench final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  StreamBench(grpc::GenericStub* stub, const grpc::ByteBuffer& request,
              int64_t messages, int batch)
      : request_(request), messages_(messages), batch_(batch) {
    stub->PrepareBidiStreamingCall(
        &context_, "/trustfit.v1.TrustFitService/ScoreCandidates",
        grpc::StubOptions(), this);
    StartRead(&response_);
    StartWrite(&request_);
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) return;
    if (++sent_ < messages_) {
      StartWrite(&request_);
    } else {
      StartWritesDone();
    }
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    // Check one response in a hundred fully; count the rest.
    if (received_ % 100 == 0) {
      v1::ScoreCandidatesResponse parsed;
      grpc::ProtoBufferReader reader(&response_);
      if (!parsed.ParseFromZeroCopyStream(&reader) ||
          parsed.results_size() != batch_ ||
          !parsed.results(batch_ - 1).has_assessment()) {
        ++bad_responses_;
      }
    }
    ++received_;
    StartRead(&response_);
  }

  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_all();
  }

  grpc::Status Await() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_; });
    return status_;
  }

  int64_t received() const { return received_; }
  int64_t bad_responses() const { return bad_responses_; }

 private:
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  const int64_t messages_;
  const int batch_;
  int64_t sent_ = 0;
  std::atomic<int64_t> received_{0};
  std::atomic<int64_t> bad_responses_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  grpc::Status status_;
};

UnaryResult BenchCreate(
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    int concurrency, absl::Duration duration,
    const v1::CreateAssessmentRequest& request) {
  return BenchUnary<v1::AssessmentRecord>(
      channels, concurrency, duration,
      "/trustfit.v1.TrustFitService/CreateAssessment", request,
      [](const v1::AssessmentRecord& r) { return !r.name().empty(); });
}

// The value of the unlabelled sample `name` in Prometheus text `metrics`, or
// 0 when it is absent.
double MetricSample(const std::string& metrics, const std::string& name) {
  const std::string prefix = "\n" + name + " ";
  const size_t at = metrics.find(prefix);
  if (at == std::string::npos) return 0;
  return std::strtod(metrics.c_str() + at + prefix.size(), nullptr);
}

// CPU time used so far by process `pid` (user + system), in seconds.
double CpuSeconds(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)),
                   std::istreambuf_iterator<char>());
  // Fields after the command name, which is in parentheses and may hold
  // spaces: utime and stime are the 12th and 13th.
  const size_t end = text.rfind(')');
  if (end == std::string::npos) return 0;
  std::istringstream fields(text.substr(end + 2));
  std::string field;
  double ticks = 0;
  for (int i = 1; i <= 13 && fields >> field; ++i) {
    if (i >= 12) ticks += std::strtod(field.c_str(), nullptr);
  }
  return ticks / sysconf(_SC_CLK_TCK);
}

// Busy and all CPU time of the whole machine so far, in clock ticks, from
// the first line of /proc/stat: user nice system idle iowait irq softirq
// steal ...; idle and iowait are not busy.
struct MachineCpu {
  double busy = 0;
  double total = 0;
};
MachineCpu ReadMachineCpu() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  stat >> cpu;
  MachineCpu result;
  double value;
  for (int i = 0; i < 8 && stat >> value; ++i) {
    result.total += value;
    if (i != 3 && i != 4) result.busy += value;
  }
  return result;
}

// A method's calls over the slices of the records phase, and the CPU they
// took: of the server and this process, and of the whole machine.
struct Measured {
  UnaryResult calls;
  double cpu_seconds = 0;
  MachineCpu machine;
  double MicrosPerCall() const {
    return calls.calls > 0 ? 1e6 * cpu_seconds / calls.calls : 0;
  }
  // The share of the machine's CPU time that was busy, by any process or
  // the kernel's own threads (the disk's among them).
  double MachineBusyPercent() const {
    return machine.total > 0 ? 100.0 * machine.busy / machine.total : 0;
  }
};

// Runs `run`, which returns a UnaryResult, and adds its calls and the CPU
// they took to `into`.
template <typename Run>
void MeasureSlice(pid_t server, Run run, Measured* into) {
  const double cpu_start = CpuSeconds(server) + CpuSeconds(getpid());
  const MachineCpu machine_start = ReadMachineCpu();
  const UnaryResult slice = run();
  into->cpu_seconds += CpuSeconds(server) + CpuSeconds(getpid()) - cpu_start;
  const MachineCpu machine_end = ReadMachineCpu();
  into->machine.busy += machine_end.busy - machine_start.busy;
  into->machine.total += machine_end.total - machine_start.total;
  into->calls.calls += slice.calls;
  into->calls.errors += slice.errors;
  into->calls.seconds += slice.seconds;
  into->calls.latencies_us.insert(into->calls.latencies_us.end(),
                                  slice.latencies_us.begin(),
                                  slice.latencies_us.end());
}

// CreateAssessment (durable: every acknowledged record is committed) beside
// ScoreCandidate on the same server, one server per store.
bool BenchRecords(const Options& options, absl::Duration duration,
                  const v1::ScoreCandidateRequest& score_request) {
  v1::CreateAssessmentRequest create_request;
  *create_request.mutable_record()->mutable_candidate() =
      score_request.candidate();
  create_request.mutable_record()->set_cluster_id(score_request.cluster_id());
  bool ok = true;
  for (const std::string& store : options.stores) {
    if (store == "none") continue;
    // Declared before the server, so that its files go after the server.
    testing::ScratchStore scratch;
    const std::string url =
        store == "sqlite" ? scratch.Create(testing::Backend::kSqlite) : store;
    auto server = testing::ServerProcess::Start({"--store=" + url});
    if (server == nullptr) return false;
    const auto channels = Channels(server->address(), options.channels);
    // Warm-up.
    BenchScore(channels, options.concurrency, absl::Seconds(1), score_request);
    BenchCreate(channels, options.concurrency, absl::Seconds(1),
                create_request);
    // The two take turns in slices of about a second: this VM's speed
    // drifts by a fifth from minute to minute, and turns weigh the drift on
    // both alike.
    const int64_t slices = std::max<int64_t>(1, absl::ToInt64Seconds(duration));
    const absl::Duration slice = duration / slices;
    Measured score_measured, create_measured;
    for (int64_t i = 0; i < slices; ++i) {
      MeasureSlice(
          server->pid(),
          [&] {
            return BenchScore(channels, options.concurrency, slice,
                              score_request);
          },
          &score_measured);
      MeasureSlice(
          server->pid(),
          [&] {
            return BenchCreate(channels, options.concurrency, slice,
                               create_request);
          },
          &create_measured);
    }
    const UnaryResult& score = score_measured.calls;
    const UnaryResult& create = create_measured.calls;
    const double score_cpu_us = score_measured.MicrosPerCall();
    const double create_cpu_us = create_measured.MicrosPerCall();
    const double score_busy = score_measured.MachineBusyPercent();
    const double create_busy = create_measured.MachineBusyPercent();
    const std::string name =
        store == "sqlite"
            ? "SQLite"
            : absl::StrCat("PostgreSQL (", store.substr(0, 13), "...)");
    std::printf("\nrecords on %s, durable commits, concurrency %d:\n",
                name.c_str(), options.concurrency);
    std::printf("  %-28s %10.0f calls/s  p50 %6.0f us  p99 %6.0f us\n",
                "ScoreCandidate", score.rate(), score.Percentile(0.5),
                score.Percentile(0.99));
    std::printf(
        "  %-28s %10.0f calls/s  p50 %6.0f us  p99 %6.0f us  errors %lld\n",
        "CreateAssessment", create.rate(), create.Percentile(0.5),
        create.Percentile(0.99), static_cast<long long>(create.errors));
    std::printf(
        "  CreateAssessment / ScoreCandidate: %.1f%% (target on SQLite >= "
        "50%%)\n",
        100.0 * create.rate() / score.rate());
    // Client and server share the cores, so throughput follows CPU a call.
    std::printf(
        "  CPU a call (trustfit-server and this client%s): ScoreCandidate "
        "%.0f us, CreateAssessment %.0f us (%.1f%%)\n",
        store == "sqlite" ? "" : "; not PostgreSQL's", score_cpu_us,
        create_cpu_us, 100.0 * score_cpu_us / create_cpu_us);
    // Below 100% the calls wait on something other than the CPU: the disk.
    std::printf(
        "  machine CPU busy: %.0f%% during ScoreCandidate, %.0f%% during "
        "CreateAssessment\n",
        score_busy, create_busy);
    const std::string metrics =
        testing::HttpGet(server->metrics_port(), "/metrics");
    const double commits =
        MetricSample(metrics, "trustfit_store_batch_records_count");
    const double records =
        MetricSample(metrics, "trustfit_store_batch_records_sum");
    v1::AssessmentRecord record;
    grpc::ClientContext context;
    const grpc::Status created =
        v1::TrustFitService::NewStub(channels.front())
            ->CreateAssessment(&context, create_request, &record);
    std::printf(
        "  group commit: %.0f records in %.0f commits (%.1f a commit); a "
        "record is %zu bytes\n",
        records, commits, commits > 0 ? records / commits : 0.0,
        created.ok() ? record.ByteSizeLong() : size_t{0});
    ok = ok && create.errors == 0 && score.errors == 0;
  }
  return ok;
}

// Resident and peak resident memory of `pid`, in MB, from /proc.
std::pair<double, double> RssMb(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  double rss = 0, peak = 0;
  while (std::getline(status, line)) {
    long kb;
    if (std::sscanf(line.c_str(), "VmRSS: %ld kB", &kb) == 1) rss = kb / 1024.0;
    if (std::sscanf(line.c_str(), "VmHWM: %ld kB", &kb) == 1)
      peak = kb / 1024.0;
  }
  return {rss, peak};
}

// Health/Check, then ScoreCandidate in both views, against `channels`.
bool BenchUnaryPhase(
    const Options& options,
    const std::vector<std::shared_ptr<grpc::Channel>>& channels,
    absl::Duration duration, const v1::ScoreCandidateRequest& score_request) {
  // A short warm-up of each, so that neither pays for first-call set-up.
  BenchHealth(channels, options.concurrency, absl::Seconds(1));
  BenchScore(channels, options.concurrency, absl::Seconds(1), score_request);

  const UnaryResult health =
      BenchHealth(channels, options.concurrency, duration);
  const UnaryResult score =
      BenchScore(channels, options.concurrency, duration, score_request);
  v1::ScoreCandidateRequest basic_request = score_request;
  basic_request.set_view(v1::ASSESSMENT_VIEW_BASIC);
  const UnaryResult basic =
      BenchScore(channels, options.concurrency, duration, basic_request);
  std::printf("\n%-28s %12s %10s %10s %10s %8s %9s\n", "unary", "calls/s",
              "p50 us", "p99 us", "calls", "errors", "vs health");
  for (const auto& [name, r] :
       {std::pair<const char*, const UnaryResult*>{"Health/Check", &health},
        {"ScoreCandidate (FULL view)", &score},
        {"ScoreCandidate (BASIC view)", &basic}}) {
    std::printf("%-28s %12.0f %10.0f %10.0f %10lld %8lld %8.1f%%\n", name,
                r->rate(), r->Percentile(0.5), r->Percentile(0.99),
                static_cast<long long>(r->calls),
                static_cast<long long>(r->errors),
                100.0 * r->rate() / health.rate());
  }
  std::printf("target: ScoreCandidate >= 90%% of Health/Check\n");
  return health.errors == 0 && score.errors == 0 && basic.errors == 0;
}

// A million candidates (by default) over one ScoreCandidates stream in each
// view, and the memory of `server_pid` (when known) after each.
bool BenchStreamPhase(const Options& options,
                      const std::shared_ptr<grpc::Channel>& channel,
                      pid_t server_pid) {
  // One request of `batch` candidates, serialised once.
  v1::ScoreCandidatesRequest stream_request;
  stream_request.set_default_cluster_id("north");
  const std::vector<std::string> goldens = {"strong_local", "coasting",
                                            "deficit", "far_high_performer",
                                            "report_card_church"};
  for (int i = 0; i < options.batch; ++i) {
    v1::ScoreItem* item = stream_request.add_items();
    item->set_correlation_id(absl::StrCat(i));
    *item->mutable_candidate() =
        testing::GoldenCandidate(goldens[i % goldens.size()]);
  }
  const int64_t messages =
      (options.stream_candidates + options.batch - 1) / options.batch;
  const std::pair<double, double> rss_before =
      server_pid > 0 ? RssMb(server_pid) : std::pair<double, double>{0, 0};
  grpc::GenericStub generic(channel);
  bool ok = true;
  std::printf("\n");
  for (v1::AssessmentView view :
       {v1::ASSESSMENT_VIEW_FULL, v1::ASSESSMENT_VIEW_BASIC}) {
    stream_request.set_view(view);
    grpc::ByteBuffer request_bytes;
    bool own_buffer = false;
    grpc::GenericSerialize<grpc::ProtoBufferWriter, v1::ScoreCandidatesRequest>(
        stream_request, &request_bytes, &own_buffer);
    const absl::Time start = absl::Now();
    StreamBench stream(&generic, request_bytes, messages, options.batch);
    const grpc::Status status = stream.Await();
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    const int64_t candidates = stream.received() * options.batch;
    std::printf(
        "ScoreCandidates stream, %s view: %lld candidates in %lld messages of "
        "%d in "
        "%.2f s = %.0f candidates/s; status %s, %lld bad responses\n",
        view == v1::ASSESSMENT_VIEW_FULL ? "FULL" : "BASIC",
        static_cast<long long>(candidates),
        static_cast<long long>(stream.received()), options.batch, seconds,
        candidates / seconds, status.ok() ? "OK" : "FAILED",
        static_cast<long long>(stream.bad_responses()));
    ok = ok && status.ok() && stream.bad_responses() == 0;
    if (server_pid > 0) {
      const auto [rss, peak] = RssMb(server_pid);
      std::printf(
          "  server RSS after it: %.1f MB (peak %.1f MB; target < 100 MB after "
          "a "
          "million)\n",
          rss, peak);
    }
  }
  std::printf("target: stream >= 50000 candidates/s\n");
  if (server_pid > 0) {
    std::printf("server RSS before the streams: %.1f MB\n", rss_before.first);
  }
  return ok;
}

// A CA, a server certificate for 127.0.0.1 and a viewer's token in `dir`,
// made with openssl; the token, or "" when openssl failed.
std::string MakeTlsAndToken(const std::string& dir) {
  const std::string token = "load-bench-token-0123456789abcdef0123456789";
  const std::string script = absl::StrCat(
      "set -e; cd '", dir,
      "'; k='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';",
      " openssl req -x509 $k -keyout ca.key -out ca.crt -days 1 -subj "
      "/CN=bench-ca;",
      " openssl req $k -keyout server.key -out server.csr -subj /CN=server;",
      " printf 'subjectAltName=IP:127.0.0.1\\n' > server.ext;",
      " openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key "
      "-CAcreateserial",
      " -days 1 -extfile server.ext -out server.crt;",
      " echo \"sha256:$(printf %s ", token,
      " | sha256sum | cut -d' ' -f1) bench viewer\" > tokens) 2>/dev/null");
  return std::system(("(" + script).c_str()) == 0 ? token : "";
}

// Milliseconds from a new channel to the answer of its first
// Health/Check, averaged over `count` channels.
double FirstCallMs(const std::string& target,
                   const std::shared_ptr<grpc::ChannelCredentials>& creds,
                   int count) {
  const absl::Time start = absl::Now();
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("trustfit.bench.fresh", i);
    auto channel = grpc::CreateCustomChannel(target, creds, args);
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckResponse response;
    stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
  }
  return absl::ToDoubleMilliseconds(absl::Now() - start) / count;
}

// ScoreCandidate over TLS with a bearer token against plaintext, in turn,
// each on a server of its own.
bool BenchAccessPhase(const Options& options, absl::Duration duration,
                      const v1::ScoreCandidateRequest& score_request) {
  const std::string dir = absl::StrCat("/tmp/trustfit-load-bench-", getpid());
  std::system(("mkdir -p '" + dir + "'").c_str());
  const std::string token = MakeTlsAndToken(dir);
  if (token.empty()) {
    std::fprintf(stderr, "access: openssl could not make the certificates\n");
    return false;
  }
  auto plain = testing::ServerProcess::Start();
  auto secure = testing::ServerProcess::Start(
      {"--tls-cert=" + dir + "/server.crt", "--tls-key=" + dir + "/server.key",
       "--auth-tokens=" + dir + "/tokens", "--audit-log=off"});
  if (plain == nullptr || secure == nullptr) return false;
  grpc::SslCredentialsOptions ssl;
  std::ifstream ca(dir + "/ca.crt");
  ssl.pem_root_certs.assign(std::istreambuf_iterator<char>(ca), {});
  const auto tls = grpc::SslCredentials(ssl);
  const auto tls_token = grpc::CompositeChannelCredentials(
      tls, grpc::AccessTokenCredentials(token));
  const auto plain_channels = Channels(plain->address(), options.channels);
  const auto secure_channels =
      Channels(secure->address(), options.channels, tls_token);
  BenchScore(plain_channels, options.concurrency, absl::Seconds(1),
             score_request);
  BenchScore(secure_channels, options.concurrency, absl::Seconds(1),
             score_request);
  const UnaryResult p =
      BenchScore(plain_channels, options.concurrency, duration, score_request);
  const UnaryResult s =
      BenchScore(secure_channels, options.concurrency, duration, score_request);
  std::printf("\n%-34s %12s %10s %10s %10s %8s\n", "access", "calls/s",
              "p50 us", "p99 us", "calls", "errors");
  for (const auto& [name, r] : {std::pair<const char*, const UnaryResult*>{
                                    "ScoreCandidate, plaintext", &p},
                                {"ScoreCandidate, TLS + bearer token", &s}}) {
    std::printf("%-34s %12.0f %10.0f %10.0f %10lld %8lld\n", name, r->rate(),
                r->Percentile(0.5), r->Percentile(0.99),
                static_cast<long long>(r->calls),
                static_cast<long long>(r->errors));
  }
  std::printf("TLS + token: %.1f%% of plaintext's rate\n",
              100.0 * s.rate() / p.rate());
  const int fresh = 20;
  std::printf(
      "a new connection's first call: plaintext %.2f ms, TLS %.2f ms (mean "
      "of %d)\n",
      FirstCallMs(plain->address(), grpc::InsecureChannelCredentials(), fresh),
      FirstCallMs(secure->address(), tls, fresh), fresh);
  std::system(("rm -rf '" + dir + "'").c_str());
  return p.errors == 0 && s.errors == 0;
}

int Run(const Options& options) {
  absl::Duration duration;
  if (!absl::ParseDuration(options.duration, &duration)) {
    std::fprintf(stderr, "bad --duration %s\n", options.duration.c_str());
    return 2;
  }
  v1::ScoreCandidateRequest score_request;
  *score_request.mutable_candidate() = testing::GoldenCandidate("strong_local");
  score_request.set_cluster_id("north");

  bool ok = true;
  if (options.Runs("unary") || options.Runs("stream")) {
    std::unique_ptr<testing::ServerProcess> server;
    std::string target = options.target;
    if (target.empty()) {
      server = testing::ServerProcess::Start();
      if (server == nullptr) return 1;
      target = server->address();
    }
    const auto channels = Channels(target, options.channels);
    std::printf(
        "trustfit-server at %s; %d callers over %d connections, %s per "
        "phase\n",
        target.c_str(), options.concurrency, options.channels,
        options.duration.c_str());
    if (options.Runs("unary")) {
      ok = BenchUnaryPhase(options, channels, duration, score_request) && ok;
    }
    if (options.Runs("stream")) {
      ok = BenchStreamPhase(options, channels[0], server ? server->pid() : 0) &&
           ok;
    }
  }
  // Each store gets a server of its own, which an external one cannot be.
  if (options.Runs("records") && options.target.empty()) {
    ok = BenchRecords(options, duration, score_request) && ok;
  }
  if (options.Runs("access") && options.target.empty()) {
    ok = BenchAccessPhase(options, duration, score_request) && ok;
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace trustfit::bench

int main(int argc, char** argv) {
  trustfit::bench::Options options;
  CLI::App app(
      "Load benchmark of trustfit-server (see the source for what it "
      "measures).");
  app.add_option("--target", options.target,
                 "host:port of a running server; default: start one");
  app.add_option("--concurrency", options.concurrency, "Unary calls in flight")
      ->capture_default_str();
  app.add_option("--channels", options.channels,
                 "Connections to spread them over")
      ->capture_default_str();
  app.add_option("--duration", options.duration, "Length of each unary phase")
      ->capture_default_str();
  app.add_option("--stream-candidates", options.stream_candidates,
                 "Candidates to send over the stream")
      ->capture_default_str();
  app.add_option("--batch", options.batch, "Candidates per stream message")
      ->capture_default_str();
  app.add_option("--stores", options.stores,
                 "Stores to measure CreateAssessment on: sqlite, a "
                 "postgresql:// URI, or none")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--phases", options.phases,
                 "Which to run: unary (health and ScoreCandidate), stream "
                 "(ScoreCandidates), records (CreateAssessment beside "
                 "ScoreCandidate, a server per store), access "
                 "(ScoreCandidate over TLS with a token vs plaintext)")
      ->delimiter(',')
      ->check(CLI::IsMember({"unary", "stream", "records", "access"}))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  return trustfit::bench::Run(options);
}
