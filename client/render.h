// How the CLI shows results: a readable table for people, JSON (the standard
// protobuf mapping, proto field names) or CSV for programs.

#ifndef TRUSTFIT_CLIENT_RENDER_H_
#define TRUSTFIT_CLIENT_RENDER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::client {

// kGeoJson is for batch results only (client/batch_geography.h).
enum class OutputFormat { kTable, kJson, kCsv, kGeoJson };

// JSON of `message` with proto field names; indented when `pretty`.
std::string ToJson(const google::protobuf::Message& message, bool pretty);

// The assessment for a reader: overall result, recommendation and
// conditions, criteria, top reasons, gates and missing data. With `explain`,
// every factor with its input, score and sentence. Sentences wrap at spaces
// to fit `width` columns (0: one line each).
void PrintAssessment(std::ostream& out,
                     const trustfit::v1::Assessment& assessment, bool explain,
                     size_t width = 0);

// The quote: line items, totals, notes and the instalment schedule.
void PrintQuote(std::ostream& out, const trustfit::v1::Quote& quote);
// The quote as one CSV table, a ledger a spreadsheet can sum: its line
// items, then its totals, then its instalments, each a row of
// kind,code,description,quantity,unit_price,months,amount_pence.
void WriteQuoteCsv(std::ostream& out, const trustfit::v1::Quote& quote);

// A summary of the policy: identity, trust, clusters, catalogue.
void PrintPolicySummary(std::ostream& out,
                        const trustfit::v1::GetPolicyResponse& policy);

// One row of batch output: a result from the server or a row the CLI could
// not read, with the line it came from.
struct BatchRow {
  int64_t line = 0;
  std::string correlation_id;
  const trustfit::v1::ScoreResult* result = nullptr;  // Null for a local error.
  std::string local_error;
  // Where the school is, for the columns of batch_geography.h; may be null.
  const trustfit::v1::Candidate* school = nullptr;
};

// Writes batch rows as they come, in table, JSON Lines or CSV form.
class BatchWriter {
 public:
  virtual ~BatchWriter() = default;
  virtual void Write(const BatchRow& row) = 0;
  virtual void Finish() {}
};

// The writer of a batch's rows in `format`; a table fits `width` columns
// (0: unbounded).
std::unique_ptr<BatchWriter> MakeBatchWriter(OutputFormat format,
                                             std::ostream* out,
                                             size_t width = 0);

// The CLI's one vocabulary for people (tables, CSV, messages, and what its
// flags accept): an enum value's name in lower case with hyphens and without
// its type's prefix, so "strong" for BAND_STRONG and "trust-partnership" for
// ARRANGEMENT_TRUST_PARTNERSHIP. JSON keeps the enum names (the protobuf
// mapping), which are these words upper-cased with the prefix.
std::string BandText(trustfit::v1::Band band);
std::string ArrangementText(trustfit::v1::Arrangement arrangement);
std::string CliWord(absl::string_view enum_name, absl::string_view prefix);

// TerminalSafeOutput
//
// While it lives, what is written to `stream` reaches the terminal with
// control characters shown rather than obeyed: ESC as \x1b, and so on for
// C0 and C1 controls and DEL, except newlines and tabs. A school name
// holding an escape sequence cannot then rewrite the screen or the title.
// Installed on stdout for table output.
class TerminalSafeOutput {
 public:
  explicit TerminalSafeOutput(std::ostream& stream);
  ~TerminalSafeOutput();
  TerminalSafeOutput(const TerminalSafeOutput&) = delete;
  TerminalSafeOutput& operator=(const TerminalSafeOutput&) = delete;

 private:
  class Buffer;
  std::ostream& stream_;
  std::streambuf* original_;
  std::unique_ptr<Buffer> buffer_;
};

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_RENDER_H_
