#include "client/batch.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "client/batch_geography.h"
#include "client/commands.h"
#include "client/connection.h"
#include "client/csv.h"
#include "client/exit_codes.h"
#include "client/joined_file.h"
#include "client/lenient_json.h"
#include "client/row_mapper.h"
#include "nlohmann/json.hpp"
#include "scoring/recommendation.h"
#include "scoring/screening_rank.h"
#include "scoring/status_macros.h"
#include "scoring/utf8.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

// The error of a sent row that got no answer.
constexpr absl::string_view kNotAnswered =
    "not answered: the stream ended before this row's answer";

// One input row on its way: sent as item `item` of its message, or rejected
// here with `error`.
struct PendingRow {
  int64_t line = 0;
  int item = -1;
  std::string correlation_id;
  std::string error;
  v1::Candidate school;  // BatchSchoolOf() the row's candidate.
};

// The rows of one request message (or, at the very end, rows that never
// made it into one), in input order.
struct Pending {
  std::vector<PendingRow> rows;
  bool sent = false;
};

// Reads items from the input, whatever its format.
class ItemReader {
 public:
  virtual ~ItemReader() = default;
  // The next row: false at the end. A row that cannot be read comes back
  // with `error` set.
  virtual bool Next(v1::ScoreItem* item, int64_t* line, std::string* error) = 0;
  virtual int64_t bytes_read() const = 0;
};

class CsvItemReader final : public ItemReader {
 public:
  static absl::StatusOr<std::unique_ptr<CsvItemReader>> Create(
      std::istream* in, const std::optional<std::string>& mapping_yaml) {
    auto reader = std::unique_ptr<CsvItemReader>(new CsvItemReader(in));
    std::vector<std::string> header;
    if (!reader->csv_.Next(&header)) {
      return absl::InvalidArgumentError(
          reader->csv_.error().empty() ? "the input is empty: no header row"
                                       : reader->csv_.error());
    }
    TRUSTFIT_ASSIGN_OR_RETURN(trustfit::cli::ColumnMapping mapping,
                              ChooseMapping(header, mapping_yaml));
    TRUSTFIT_ASSIGN_OR_RETURN(RowMapper mapper,
                              RowMapper::Create(mapping, header));
    reader->mapper_.emplace(std::move(mapper));
    return reader;
  }

  bool Next(v1::ScoreItem* item, int64_t* line, std::string* error) override {
    if (!csv_.Next(&row_)) {
      if (!csv_.error().empty() && !reported_) {
        reported_ = true;
        *line = csv_.line();
        *error = csv_.error();
        return true;
      }
      return false;
    }
    *line = csv_.line();
    item->set_correlation_id(absl::StrCat(*line));
    for (size_t column = 0; column < row_.size(); ++column) {
      const size_t bad = scoring::InvalidUtf8At(row_[column]);
      if (bad == absl::string_view::npos) continue;
      *error = absl::StrFormat(
          "column %d: byte %d of the cell (0x%02X) is not UTF-8; save the "
          "file as UTF-8 (a spreadsheet's \"CSV UTF-8\")",
          column + 1, bad + 1, static_cast<unsigned char>(row_[column][bad]));
      return true;
    }
    const absl::Status mapped = mapper_->Map(row_, item->mutable_candidate());
    if (!mapped.ok()) *error = std::string(mapped.message());
    return true;
  }

  int64_t bytes_read() const override { return csv_.bytes_read(); }

 private:
  explicit CsvItemReader(std::istream* in) : csv_(in) {}
  CsvReader csv_;
  std::optional<RowMapper> mapper_;
  std::vector<std::string> row_;
  bool reported_ = false;
};

// One JSON object per line: a Candidate, or a ScoreItem ({"correlation_id",
// "candidate", "cluster_id"}).
class JsonLinesItemReader final : public ItemReader {
 public:
  explicit JsonLinesItemReader(std::istream* in) : in_(in) {}

  bool Next(v1::ScoreItem* item, int64_t* line, std::string* error) override {
    std::string text;
    do {
      if (!std::getline(*in_, text)) return false;
      bytes_ += text.size() + 1;
      ++line_;
    } while (absl::StripAsciiWhitespace(text).empty());
    *line = line_;
    if (const size_t bad = scoring::InvalidUtf8At(text);
        bad != absl::string_view::npos) {
      *error = absl::StrFormat("byte %d of the line (0x%02X) is not UTF-8",
                               bad + 1, static_cast<unsigned char>(text[bad]));
      return true;
    }
    nlohmann::json parsed =
        nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      *error = "not a JSON object";
      return true;
    }
    const bool is_item = parsed.contains("candidate");
    const absl::Status status =
        is_item ? ParseJsonObjectLeniently(std::move(parsed), item)
                : ParseJsonObjectLeniently(std::move(parsed),
                                           item->mutable_candidate());
    if (!status.ok()) {
      *error = std::string(status.message());
      return true;
    }
    if (item->correlation_id().empty())
      item->set_correlation_id(absl::StrCat(line_));
    return true;
  }

  int64_t bytes_read() const override { return bytes_; }

 private:
  std::istream* in_;
  int64_t line_ = 0;
  int64_t bytes_ = 0;
};

// Adds to each row's candidate the fields of the joined files' rows with
// its URN (`--join`), counting the matches of each file.
class JoiningItemReader final : public ItemReader {
 public:
  JoiningItemReader(std::unique_ptr<ItemReader> main,
                    std::vector<JoinedFile> joins)
      : main_(std::move(main)),
        joins_(std::move(joins)),
        matches_(joins_.size(), 0) {}

  bool Next(v1::ScoreItem* item, int64_t* line, std::string* error) override {
    if (!main_->Next(item, line, error)) return false;
    if (!error->empty()) return true;
    const std::string& urn = item->candidate().identity().urn();
    for (size_t i = 0; i < joins_.size() && !urn.empty(); ++i) {
      absl::StatusOr<bool> found =
          joins_[i].AddTo(urn, item->mutable_candidate());
      if (!found.ok()) {
        *error = std::string(found.status().message());
        return true;
      }
      if (*found) ++matches_[i];
    }
    return true;
  }

  int64_t bytes_read() const override { return main_->bytes_read(); }

  // "finance.csv: 740 of 3,295 rows matched", one per joined file.
  void PrintMatches(int64_t rows, std::ostream& err) const {
    for (size_t i = 0; i < joins_.size(); ++i) {
      err << absl::StrFormat("trustfit: %s: %d of %d rows matched by URN\n",
                             joins_[i].path(), matches_[i], rows);
    }
  }

 private:
  std::unique_ptr<ItemReader> main_;
  std::vector<JoinedFile> joins_;
  std::vector<int64_t> matches_;
};

// Progress on stderr: rows, rate and (for files) percentage and ETA.
class Progress {
 public:
  Progress(bool enabled, int64_t total_bytes, std::ostream* err)
      : enabled_(enabled), total_bytes_(total_bytes), err_(err) {}

  void Update(int64_t rows, int64_t bytes) {
    if (!enabled_) return;
    const absl::Time now = absl::Now();
    if (now - last_ < absl::Milliseconds(250)) return;
    last_ = now;
    const double seconds = absl::ToDoubleSeconds(now - start_);
    std::string line =
        absl::StrFormat("\r  %d rows, %.0f rows/s", rows, rows / seconds);
    if (total_bytes_ > 0 && bytes > 0) {
      const double fraction =
          std::min(1.0, static_cast<double>(bytes) / total_bytes_);
      const double left = seconds * (1 - fraction) / fraction;
      absl::StrAppendFormat(&line, ", %.0f%%, ETA %d:%02d", fraction * 100,
                            static_cast<int>(left) / 60,
                            static_cast<int>(left) % 60);
    }
    *err_ << line << "   " << std::flush;
    shown_ = true;
  }

  void Clear() {
    if (shown_) *err_ << "\r" << std::string(60, ' ') << "\r" << std::flush;
  }

 private:
  const bool enabled_;
  const int64_t total_bytes_;
  std::ostream* err_;
  const absl::Time start_ = absl::Now();
  absl::Time last_ = absl::InfinitePast();
  bool shown_ = false;
};

// Where finished rows go: filtered by distance and data, kept to the best N
// by the screening key (scoring/screening_rank.h), or written straight away;
// counted by the arrangement each screens for.
class Sink {
 public:
  Sink(const BatchOptions& options, BatchWriter* writer)
      : options_(options), writer_(writer) {}

  void Add(const BatchRow& row) {
    const bool ok = row.result != nullptr && row.result->has_assessment();
    if (!ok) {
      ++failed_;
      writer_->Write(row);  // Errors are always reported, in place.
      return;
    }
    ++scored_;
    const v1::Assessment& a = row.result->assessment();
    if (options_.radius_km.has_value() &&
        (!a.location().has_distance_km() ||
         a.location().distance_km() > *options_.radius_km)) {
      ++outside_radius_;
      return;
    }
    if (a.completeness_pct() < options_.min_completeness_pct) {
      ++thin_data_;
      return;
    }
    ++by_arrangement_[scoring::ScreeningArrangement(a)];
    if (options_.top <= 0) {
      writer_->Write(row);
      return;
    }
    Keep(row);
  }

  void Finish() {
    std::sort(top_.begin(), top_.end(), Better);  // Best first.
    for (const Kept& k : top_)
      writer_->Write(
          BatchRow{k.line, k.correlation_id, &k.result, "", &k.school});
    writer_->Finish();
  }

  int64_t scored() const { return scored_; }
  int64_t failed() const { return failed_; }
  int64_t outside_radius() const { return outside_radius_; }
  int64_t thin_data() const { return thin_data_; }
  // Rows that passed the filters, by the arrangement they screen for.
  const std::map<v1::Arrangement, int64_t>& by_arrangement() const {
    return by_arrangement_;
  }

 private:
  struct Kept {
    int64_t line;
    std::string correlation_id;
    v1::ScoreResult result;
    v1::Candidate school;
  };
  static bool Better(const Kept& a, const Kept& b) {
    return scoring::ScreensBefore(a.result.assessment(), a.line,
                                  b.result.assessment(), b.line);
  }

  // Keeps the best `top` in a heap; memory stays at N. With Better as the
  // heap's order, its top is the worst kept row.
  void Keep(const BatchRow& row) {
    top_.push_back({row.line, row.correlation_id, *row.result,
                    row.school != nullptr ? *row.school : v1::Candidate()});
    std::push_heap(top_.begin(), top_.end(), Better);
    if (static_cast<int>(top_.size()) > options_.top) {
      std::pop_heap(top_.begin(), top_.end(), Better);
      top_.pop_back();
    }
  }

  const BatchOptions& options_;
  BatchWriter* writer_;
  std::vector<Kept> top_;
  std::map<v1::Arrangement, int64_t> by_arrangement_;
  int64_t scored_ = 0, failed_ = 0, outside_radius_ = 0, thin_data_ = 0;
};

// The batch's input: the stream to read and, for a file, its size (for the
// progress bar's percentage).
struct Input {
  std::ifstream file;
  std::istream* in = &std::cin;
  int64_t total_bytes = 0;
};

bool OpenInput(const std::string& path, Input* input, std::ostream& err) {
  if (RefuseTerminalStdin(path, err)) return false;
  if (path == "-") return true;
  input->file.open(path, std::ios::binary);
  if (!input->file.good()) {
    err << CannotRead(path);
    return false;
  }
  input->in = &input->file;
  struct stat info;
  if (::stat(path.c_str(), &info) == 0) input->total_bytes = info.st_size;
  return true;
}

// The text of a mapping file, if one is named; false when it cannot be read.
bool ReadMapping(const std::optional<std::string>& path,
                 std::optional<std::string>* yaml, std::ostream& err) {
  if (!path.has_value()) return true;
  std::optional<std::string> text = ReadInput(*path, err);
  if (!text.has_value()) return false;
  *yaml = *std::move(text);
  return true;
}

// "auto": by the file's extension, or, for stdin, by its first character
// (JSON Lines start with '{'; a CSV header cannot).
std::string GuessFormat(const std::string& path, std::istream* in) {
  if (absl::EndsWith(path, ".jsonl") || absl::EndsWith(path, ".ndjson"))
    return "jsonl";
  if (path != "-") return "csv";
  int next;
  while ((next = in->peek()) != EOF && std::isspace(next)) in->get();
  return next == '{' ? "jsonl" : "csv";
}

// The reader of the main input, by format ("auto": by file extension).
std::unique_ptr<ItemReader> MakeMainReader(const BatchOptions& options,
                                           std::istream* in,
                                           std::ostream& err) {
  std::string format = options.format;
  if (format == "auto") format = GuessFormat(options.input, in);
  if (format == "jsonl") return std::make_unique<JsonLinesItemReader>(in);
  std::optional<std::string> mapping_yaml;
  if (!ReadMapping(options.mapping_path, &mapping_yaml, err)) return nullptr;
  absl::StatusOr<std::unique_ptr<CsvItemReader>> csv =
      CsvItemReader::Create(in, mapping_yaml);
  if (!csv.ok()) {
    err << "trustfit: " << options.input << ": " << csv.status().message()
        << "\n";
    return nullptr;
  }
  return *std::move(csv);
}

// The files of `--join FILE[:MAPPING]`, read whole; false when one cannot be.
bool ReadJoins(const std::vector<std::string>& specs,
               std::vector<JoinedFile>* joins, std::ostream& err) {
  for (const std::string& value : specs) {
    const JoinSpec spec = ParseJoinSpec(value);
    std::optional<std::string> mapping_yaml;
    if (!ReadMapping(spec.mapping_path, &mapping_yaml, err)) return false;
    absl::StatusOr<JoinedFile> joined =
        JoinedFile::Read(spec.path, mapping_yaml);
    if (!joined.ok()) {
      err << "trustfit: --join: " << joined.status().message() << "\n";
      return false;
    }
    joins->push_back(*std::move(joined));
  }
  return true;
}

// The rows of the stream's request messages, in order, shared by the thread
// that reads and sends them and the one that reads the answers.
class InFlight {
 public:
  void Push(Pending pending) {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(pending));
  }
  void CountRead() {
    absl::MutexLock lock(&mu_);
    ++rows_read_;
  }
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
  }
  // The next message's rows, waiting for them; nullopt once closed and empty.
  std::optional<Pending> Pop() {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](InFlight* self) ABSL_EXCLUSIVE_LOCKS_REQUIRED(self->mu_) {
          return !self->queue_.empty() || self->closed_;
        },
        this));
    if (queue_.empty()) return std::nullopt;
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    return p;
  }
  int64_t rows_read() const {
    absl::MutexLock lock(&mu_);
    return rows_read_;
  }
  // What is left once both threads are done.
  std::deque<Pending> TakeRest() {
    absl::MutexLock lock(&mu_);
    return std::move(queue_);
  }

 private:
  mutable absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  int64_t rows_read_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

// Reads every row and sends them in messages of `batch_size`; each
// message's rows are queued before it is sent, so that its answer finds
// them. Rows that could not be read travel in the queue with their error.
void SendRows(const BatchOptions& options, ItemReader* reader,
              grpc::ClientReaderWriter<v1::ScoreCandidatesRequest,
                                       v1::ScoreCandidatesResponse>* stream,
              InFlight* in_flight) {
  v1::ScoreCandidatesRequest request;
  request.set_default_cluster_id(options.cluster);
  request.set_view(options.view);
  Pending pending;
  auto push = [&](bool sent) {
    pending.sent = sent;
    in_flight->Push(std::move(pending));
    pending = Pending();
  };
  bool stream_ok = true;
  v1::ScoreItem item;
  int64_t line = 0;
  std::string error;
  while (stream_ok) {
    item.Clear();
    error.clear();
    if (!reader->Next(&item, &line, &error)) break;
    in_flight->CountRead();
    PendingRow row{line, -1, item.correlation_id(), error, {}};
    if (error.empty()) {
      row.school = BatchSchoolOf(item.candidate());
      row.item = request.items_size();
      request.add_items()->Swap(&item);
    }
    pending.rows.push_back(std::move(row));
    if (request.items_size() >= options.batch_size) {
      push(true);
      stream_ok = stream->Write(request);
      request.clear_items();
    }
  }
  if (stream_ok && request.items_size() > 0) {
    push(true);
    stream_ok = stream->Write(request);
  }
  if (!pending.rows.empty()) push(false);
  if (stream_ok) stream->WritesDone();
  in_flight->Close();
}

// Reads the answers, matching each message's to its queued rows; rows that
// were never sent (read errors) go to the sink as they come. Returns how
// many sent rows an answer left out (a server that answered short).
int64_t ReceiveAnswers(
    grpc::ClientReaderWriter<v1::ScoreCandidatesRequest,
                             v1::ScoreCandidatesResponse>* stream,
    ItemReader* reader, InFlight* in_flight, Sink* sink, Progress* progress) {
  int64_t answered = 0, left_out = 0;
  v1::ScoreCandidatesResponse response;
  while (stream->Read(&response)) {
    std::optional<Pending> pending;
    while ((pending = in_flight->Pop()) && !pending->sent) {
      for (const auto& row : pending->rows)
        sink->Add(BatchRow{row.line, "", nullptr, row.error});
    }
    if (!pending) break;  // An answer nobody asked for; cannot happen.
    for (const auto& row : pending->rows) {
      if (row.item < 0) {
        sink->Add(BatchRow{row.line, "", nullptr, row.error});
      } else if (row.item < response.results_size()) {
        sink->Add(BatchRow{row.line, row.correlation_id,
                           &response.results(row.item), "", &row.school});
      } else {
        ++left_out;
        sink->Add(BatchRow{row.line, row.correlation_id, nullptr,
                           std::string(kNotAnswered)});
      }
    }
    answered += pending->rows.size();
    progress->Update(answered,
                     reader->bytes_read() * answered /
                         std::max<int64_t>(1, in_flight->rows_read()));
  }
  return left_out;
}

// Local errors after the last message go to the sink, and so does each sent
// row that was never answered (the stream ended before its answer), as a
// failed row: no row leaves the batch silently. Returns how many those were.
int64_t DrainUnanswered(std::deque<Pending> rest, Sink* sink) {
  int64_t unanswered = 0;
  for (const Pending& pending : rest) {
    for (const auto& row : pending.rows) {
      if (row.item >= 0) ++unanswered;
      sink->Add(
          BatchRow{row.line, row.item >= 0 ? row.correlation_id : "", nullptr,
                   row.item >= 0 ? std::string(kNotAnswered) : row.error});
    }
  }
  return unanswered;
}

// The closing lines on stderr: counts, filters, time, and the schools by
// the arrangement they screen for.
void PrintSummary(const BatchOptions& options, int64_t rows, const Sink& sink,
                  double seconds, std::ostream& err) {
  err << absl::StrFormat("trustfit: %d rows: %d scored, %d failed", rows,
                         sink.scored(), sink.failed());
  if (options.radius_km) {
    err << absl::StrFormat(", %d beyond %g km left out", sink.outside_radius(),
                           *options.radius_km);
  }
  if (options.min_completeness_pct > 0) {
    err << absl::StrFormat(", %d with less than %g%% of the data left out",
                           sink.thin_data(), options.min_completeness_pct);
  }
  err << absl::StrFormat(" in %.2f s (%.0f rows/s)\n", seconds,
                         rows / std::max(seconds, 1e-9));
  if (sink.by_arrangement().empty()) return;
  std::vector<std::pair<v1::Arrangement, int64_t>> counts(
      sink.by_arrangement().begin(), sink.by_arrangement().end());
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return scoring::ArrangementRank(a.first) >
           scoring::ArrangementRank(b.first);
  });
  err << "trustfit: by (provisional) recommendation:";
  for (size_t i = 0; i < counts.size(); ++i) {
    err << absl::StrFormat("%s %s %d", i == 0 ? "" : ",",
                           ArrangementText(counts[i].first), counts[i].second);
  }
  err << "\n";
}

}  // namespace

int RunBatch(v1::TrustFitService::Stub* stub, const GlobalOptions& global,
             const BatchOptions& options, OutputFormat output,
             std::ostream& out, std::ostream& err) {
  Input input;
  if (!OpenInput(options.input, &input, err)) return kExitUsage;
  std::unique_ptr<ItemReader> main_reader =
      MakeMainReader(options, input.in, err);
  std::vector<JoinedFile> joins;
  if (!main_reader || !ReadJoins(options.joins, &joins, err)) return kExitUsage;
  JoiningItemReader reader(std::move(main_reader), std::move(joins));

  BatchWriters writers;
  if (const int code =
          MakeBatchWriters(stub, global, options, output, &out, &err, &writers);
      code != kExitOk) {
    return code;
  }

  grpc::ClientContext context;
  SetDeadline(&context, options.deadline);
  auto stream = stub->ScoreCandidates(&context);
  InFlight in_flight;
  std::thread sender(
      [&] { SendRows(options, &reader, stream.get(), &in_flight); });

  Sink sink(options, writers.writer.get());
  const bool show_progress =
      options.progress == "always" ||
      (options.progress == "auto" && isatty(STDERR_FILENO));
  Progress progress(show_progress, input.total_bytes, &err);
  const absl::Time start = absl::Now();
  const int64_t left_out =
      ReceiveAnswers(stream.get(), &reader, &in_flight, &sink, &progress);
  const grpc::Status status = stream->Finish();
  sender.join();
  const int64_t unanswered =
      left_out + DrainUnanswered(in_flight.TakeRest(), &sink);
  progress.Clear();
  sink.Finish();
  out.flush();

  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  PrintSummary(options, in_flight.rows_read(), sink, seconds, err);
  reader.PrintMatches(in_flight.rows_read(), err);
  const int drawn = writers.map ? DrawMap(writers.map.get(), &err) : kExitOk;
  if (unanswered > 0)
    err << "trustfit: " << unanswered << " rows were not answered\n";
  if (!status.ok()) return ReportRpcError(status, global, err);
  if (drawn != kExitOk) return drawn;
  return sink.failed() > 0 ? kExitPartialBatch : kExitOk;
}

Subcommand DefineBatch(CLI::App& app) {
  struct Flags {
    BatchOptions batch;
    std::string view = "auto";
    std::optional<double> radius;
  };
  auto flags = std::make_shared<Flags>();
  BatchOptions& batch = flags->batch;
  CLI::App* command = app.add_subcommand(
      "batch",
      "Score a CSV or JSON Lines file of any size over one stream\n"
      "  trustfit batch --cluster north schools.csv -o csv > scored.csv\n"
      "  trustfit batch --cluster north --mapping my-columns.yaml export.csv");
  command
      ->add_option("input", batch.input,
                   "CSV or JSON Lines file, or - for stdin")
      ->capture_default_str();
  command->add_option("--cluster,-c", batch.cluster, "Cluster id for every row")
      ->required();
  command->add_option(
      "--mapping,-m", batch.mapping_path,
      "Column mapping for a CSV whose headers are not candidate fields "
      "(GIAS extracts need none)");
  command
      ->add_option("--format", batch.format,
                   "csv, jsonl, or auto (by file extension)")
      ->check(CLI::IsMember({"auto", "csv", "jsonl"}))
      ->capture_default_str();
  command
      ->add_option("--join", batch.joins,
                   "Add the fields of FILE's row with each row's URN; FILE or "
                   "FILE:MAPPING (repeat)")
      ->allow_extra_args(false);
  command->add_option("--top", batch.top,
                      "Only the N best: by (provisional) recommendation, then "
                      "the lowest score they can reach");
  command->add_option("--filter-radius-km", flags->radius,
                      "Only schools within this distance of the cluster");
  command
      ->add_option(
          "--min-completeness", batch.min_completeness_pct,
          "Only schools with at least this % of the data (see completeness)")
      ->check(CLI::Range(0.0, 100.0));
  command
      ->add_option("--view", flags->view,
                   "full, basic, or auto (basic unless --output json)")
      ->check(CLI::IsMember({"auto", "full", "basic"}))
      ->capture_default_str();
  command
      ->add_option("--batch-size", batch.batch_size, "Rows per stream message")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  command
      ->add_option("--progress", batch.progress,
                   "auto (on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  command->add_option("--map", batch.map_path,
                      "Also draw the rows written on a map, an SVG FILE");
  command
      ->add_option("--map-colour", batch.map_colour,
                   "The map's colours: recommendation (or provisional), or "
                   "band")
      ->check(CLI::IsMember({"recommendation", "band"}))
      ->capture_default_str();
  return {command, [flags](const GlobalOptions& global) {
            BatchOptions batch = flags->batch;
            batch.radius_km = flags->radius;
            batch.deadline = global.deadline;
            const bool full =
                flags->view == "full" ||
                (flags->view == "auto" && global.output == OutputFormat::kJson);
            batch.view =
                full ? v1::ASSESSMENT_VIEW_FULL : v1::ASSESSMENT_VIEW_BASIC;
            auto stub = v1::TrustFitService::NewStub(Connect(global));
            return RunBatch(stub.get(), global, batch, global.output, std::cout,
                            std::cerr);
          }};
}

}  // namespace trustfit::client
