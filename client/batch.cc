#include "client/batch.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "client/connection.h"
#include "client/csv.h"
#include "client/exit_codes.h"
#include "client/row_mapper.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

// One input row on its way: sent as item `item` of its message, or rejected
// here with `error`.
struct PendingRow {
  int64_t line = 0;
  int item = -1;
  std::string correlation_id;
  std::string error;
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
    absl::StatusOr<trustfit::cli::ColumnMapping> mapping =
        ChooseMapping(header, mapping_yaml);
    if (!mapping.ok()) return mapping.status();
    absl::StatusOr<RowMapper> mapper = RowMapper::Create(*mapping, header);
    if (!mapper.ok()) return mapper.status();
    reader->mapper_.emplace(*std::move(mapper));
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
    const nlohmann::json parsed =
        nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded() || !parsed.is_object()) {
      *error = "not a JSON object";
      return true;
    }
    google::protobuf::util::Status status;
    if (parsed.contains("candidate")) {
      status = google::protobuf::util::JsonStringToMessage(text, item);
    } else {
      status = google::protobuf::util::JsonStringToMessage(
          text, item->mutable_candidate());
    }
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

// Where finished rows go: filtered by distance, kept to the best N, or
// written straight away.
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
    if (options_.top <= 0) {
      writer_->Write(row);
      return;
    }
    // Keep the best `top` in a min-heap by overall score; memory stays at N.
    // With Better as the heap's order, its top is the worst kept row.
    top_.push_back(
        {a.overall_score(), row.line, row.correlation_id, *row.result});
    std::push_heap(top_.begin(), top_.end(), Better);
    if (static_cast<int>(top_.size()) > options_.top) {
      std::pop_heap(top_.begin(), top_.end(), Better);
      top_.pop_back();
    }
  }

  void Finish() {
    std::sort(top_.begin(), top_.end(), Better);  // Best first.
    for (const Kept& k : top_)
      writer_->Write(BatchRow{k.line, k.correlation_id, &k.result, ""});
    writer_->Finish();
  }

  int64_t scored() const { return scored_; }
  int64_t failed() const { return failed_; }
  int64_t outside_radius() const { return outside_radius_; }
  int64_t thin_data() const { return thin_data_; }

 private:
  struct Kept {
    double score;
    int64_t line;
    std::string correlation_id;
    v1::ScoreResult result;
  };
  // Higher score first; among equals the earlier line.
  static bool Better(const Kept& a, const Kept& b) {
    return a.score != b.score ? a.score > b.score : a.line < b.line;
  }

  const BatchOptions& options_;
  BatchWriter* writer_;
  std::vector<Kept> top_;
  int64_t scored_ = 0, failed_ = 0, outside_radius_ = 0, thin_data_ = 0;
};

}  // namespace

int RunBatch(v1::TrustFitService::Stub* stub, const std::string& server,
             const BatchOptions& options, OutputFormat output,
             std::ostream& out, std::ostream& err) {
  // Input.
  std::ifstream file;
  std::istream* in = &std::cin;
  int64_t total_bytes = 0;
  if (options.input != "-") {
    file.open(options.input, std::ios::binary);
    if (!file.good()) {
      err << "trustfit: cannot read " << options.input << "\n";
      return kExitUsage;
    }
    in = &file;
    struct stat info;
    if (::stat(options.input.c_str(), &info) == 0) total_bytes = info.st_size;
  }
  std::string format = options.format;
  if (format == "auto") {
    format = absl::EndsWith(options.input, ".jsonl") ||
                     absl::EndsWith(options.input, ".ndjson")
                 ? "jsonl"
                 : "csv";
  }
  std::optional<std::string> mapping_yaml;
  if (options.mapping_path.has_value()) {
    std::ifstream mapping(*options.mapping_path);
    if (!mapping.good()) {
      err << "trustfit: cannot read the mapping " << *options.mapping_path
          << "\n";
      return kExitUsage;
    }
    std::stringstream text;
    text << mapping.rdbuf();
    mapping_yaml = text.str();
  }
  std::unique_ptr<ItemReader> reader;
  if (format == "jsonl") {
    reader = std::make_unique<JsonLinesItemReader>(in);
  } else {
    absl::StatusOr<std::unique_ptr<CsvItemReader>> csv =
        CsvItemReader::Create(in, mapping_yaml);
    if (!csv.ok()) {
      err << "trustfit: " << options.input << ": " << csv.status().message()
          << "\n";
      return kExitUsage;
    }
    reader = *std::move(csv);
  }

  // The stream, its writer thread and the queue of rows in flight.
  grpc::ClientContext context;
  SetDeadline(&context, options.deadline);
  auto stream = stub->ScoreCandidates(&context);
  std::mutex mu;
  std::condition_variable changed;
  std::deque<Pending> in_flight;  // Guarded by mu.
  bool writer_done = false;       // Guarded by mu.
  int64_t rows_read = 0;          // Guarded by mu.

  std::thread writer([&] {
    v1::ScoreCandidatesRequest request;
    request.set_default_cluster_id(options.cluster);
    request.set_view(options.view);
    Pending pending;
    auto push = [&](bool sent) {
      pending.sent = sent;
      std::lock_guard<std::mutex> lock(mu);
      in_flight.push_back(std::move(pending));
      pending = Pending();
      changed.notify_all();
    };
    bool stream_ok = true;
    v1::ScoreItem item;
    int64_t line = 0;
    std::string error;
    while (stream_ok) {
      item.Clear();
      error.clear();
      if (!reader->Next(&item, &line, &error)) break;
      {
        std::lock_guard<std::mutex> lock(mu);
        ++rows_read;
      }
      PendingRow row{line, -1, item.correlation_id(), error};
      if (error.empty()) {
        row.item = request.items_size();
        request.add_items()->Swap(&item);
      }
      pending.rows.push_back(std::move(row));
      if (request.items_size() >= options.batch_size) {
        push(true);  // Queued before it is sent, so its answer finds it.
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
    std::lock_guard<std::mutex> lock(mu);
    writer_done = true;
    changed.notify_all();
  });

  std::unique_ptr<BatchWriter> batch_writer = MakeBatchWriter(output, &out);
  Sink sink(options, batch_writer.get());
  const bool show_progress =
      options.progress == "always" ||
      (options.progress == "auto" && isatty(STDERR_FILENO));
  Progress progress(show_progress, total_bytes, &err);
  const absl::Time start = absl::Now();

  // Rows before the next sent message are local errors: emit them as they
  // come; then the message's answer.
  auto next_pending = [&]() -> std::optional<Pending> {
    std::unique_lock<std::mutex> lock(mu);
    changed.wait(lock, [&] { return !in_flight.empty() || writer_done; });
    if (in_flight.empty()) return std::nullopt;
    Pending p = std::move(in_flight.front());
    in_flight.pop_front();
    return p;
  };
  int64_t answered = 0;
  v1::ScoreCandidatesResponse response;
  while (stream->Read(&response)) {
    std::optional<Pending> pending;
    while ((pending = next_pending()) && !pending->sent) {
      for (const auto& row : pending->rows)
        sink.Add(BatchRow{row.line, "", nullptr, row.error});
    }
    if (!pending) break;  // An answer nobody asked for; cannot happen.
    for (const auto& row : pending->rows) {
      if (row.item < 0) {
        sink.Add(BatchRow{row.line, "", nullptr, row.error});
      } else if (row.item < response.results_size()) {
        sink.Add(BatchRow{row.line, row.correlation_id,
                          &response.results(row.item), ""});
      }
    }
    answered += pending->rows.size();
    int64_t read_so_far;
    {
      std::lock_guard<std::mutex> lock(mu);
      read_so_far = rows_read;
    }
    progress.Update(answered, reader->bytes_read() * answered /
                                  std::max<int64_t>(1, read_so_far));
  }
  const grpc::Status status = stream->Finish();
  writer.join();
  // Whatever is left: local errors after the last message, or rows whose
  // message was never answered because the stream failed.
  int64_t unanswered = 0;
  for (Pending& pending : in_flight) {
    for (const auto& row : pending.rows) {
      if (row.item >= 0) {
        ++unanswered;
        continue;
      }
      sink.Add(BatchRow{row.line, "", nullptr, row.error});
    }
  }
  progress.Clear();
  sink.Finish();
  out.flush();

  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  err << absl::StrFormat("trustfit: %d rows: %d scored, %d failed", rows_read,
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
                         rows_read / std::max(seconds, 1e-9));
  if (!status.ok()) {
    if (unanswered > 0)
      err << "trustfit: " << unanswered << " rows were not answered\n";
    return ReportRpcError(status, server, err);
  }
  return sink.failed() > 0 ? kExitPartialBatch : kExitOk;
}

}  // namespace trustfit::client
