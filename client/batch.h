// `trustfit batch`: score a CSV or JSON Lines file of any size through one
// ScoreCandidates stream, in constant memory.
//
// Rows are read, converted and sent in messages of `batch_size` on one
// thread while results are read and written on another, in the order of the
// input. A row that cannot be read (a malformed CSV record, a value the
// mapping cannot convert, bad JSON) is reported with its line and does not
// stop the batch; neither does a row the server rejects.

#ifndef TRUSTFIT_CLIENT_BATCH_H_
#define TRUSTFIT_CLIENT_BATCH_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "client/render.h"
#include "client/subcommand.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {

struct BatchOptions {
  std::string input = "-";      // A path, or "-" for stdin.
  std::string format = "auto";  // csv, jsonl, or auto (by extension).
  std::optional<std::string> mapping_path;  // Column mapping for CSV.
  std::string cluster;                      // Default cluster of every row.
  int batch_size = 200;                     // Rows per stream message.
  trustfit::v1::AssessmentView view = trustfit::v1::ASSESSMENT_VIEW_UNSPECIFIED;
  int top = 0;  // Only the best N (scoring/screening_rank.h).
  std::optional<double> radius_km;  // Only rows this close to the cluster.
  double min_completeness_pct = 0;  // Only rows with this much data.
  std::string progress = "auto";    // auto (on a terminal), always, never.
  std::optional<absl::Duration> deadline;  // For the whole stream.
  std::vector<std::string> joins;  // --join FILE[:MAPPING], joined by URN.
  std::string map_path;            // --map: an SVG file of the rows written.
  std::string map_colour = "recommendation";  // Or "band".
};

// Runs the batch; returns the exit code.
int RunBatch(trustfit::v1::TrustFitService::Stub* stub,
             const GlobalOptions& global, const BatchOptions& options,
             OutputFormat output, std::ostream& out, std::ostream& err);

Subcommand DefineBatch(CLI::App& app);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_BATCH_H_
