// The CLI's decision and arrangement subcommands (§7): decide,
// arrangements list|get|advance|review|extend|end, and pipeline.

#ifndef TRUSTFIT_CLIENT_DECISIONS_H_
#define TRUSTFIT_CLIENT_DECISIONS_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/subcommand.h"
#include "google/type/date.pb.h"
#include "trustfit/v1/decision.pb.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::client {

struct DecideOptions {
  std::string assessment;
  std::string outcome;  // approved, declined, ...
  std::string date;     // YYYY-MM-DD
  std::string meeting;
  std::vector<std::string> reasons;     // CODE or CODE:NOTE
  std::vector<std::string> conditions;  // TEXT or CODE=TEXT
  std::string arrangement;              // Approved only.
  std::string start;                    // Approved only.
  std::string request_id;
  std::string requester;
};

// The RecordDecisionRequest the options ask for, or a usage error naming
// the option at fault.
absl::StatusOr<trustfit::v1::RecordDecisionRequest> MakeDecisionRequest(
    const DecideOptions& options);

int RunDecide(const GlobalOptions& global, const DecideOptions& options,
              std::ostream& out, std::ostream& err);

// Pages through ListArrangements, at most `limit` (0: all), writing each in
// the global output format.
int RunListArrangements(const GlobalOptions& global,
                        trustfit::v1::ListArrangementsRequest request,
                        int limit, std::ostream& out, std::ostream& err);

// "2026-12-10" as a date; INVALID_ARGUMENT naming `option` otherwise.
absl::StatusOr<google::type::Date> ParseDate(const std::string& text,
                                             const std::string& option);

Subcommand DefineDecide(CLI::App& app);
Subcommand DefinePipeline(CLI::App& app);
// The subcommands of `trustfit arrangements` (added to `arrangements`).
Subcommand DefineArrangementsList(CLI::App& arrangements);
Subcommand DefineArrangementsGet(CLI::App& arrangements);
Subcommand DefineArrangementsAdvance(CLI::App& arrangements);
Subcommand DefineArrangementsReview(CLI::App& arrangements);
Subcommand DefineArrangementsExtend(CLI::App& arrangements);
Subcommand DefineArrangementsEnd(CLI::App& arrangements);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_DECISIONS_H_
