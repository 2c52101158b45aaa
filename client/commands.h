// The trustfit CLI's subcommands. Each returns an exit code (exit_codes.h)
// and writes results to `out`, messages to `err`.

#ifndef TRUSTFIT_CLIENT_COMMANDS_H_
#define TRUSTFIT_CLIENT_COMMANDS_H_

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "client/render.h"
#include "client/subcommand.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::client {

struct ScoreOptions {
  std::string input = "-";
  std::string cluster;
  bool explain = false;
  std::string view = "full";
};
int RunScore(const GlobalOptions& global, const ScoreOptions& options,
             std::ostream& out, std::ostream& err);

struct QuoteOptions {
  std::string input = "-";
  std::string
      arrangement;  // Empty: the recommendation, scored against `cluster`.
  std::string cluster;
  std::optional<int> term_months;
  std::vector<std::string> services;       // CODE or CODE:QUANTITY
  std::vector<std::string> contributions;  // CODE:QUANTITY
  std::string frequency;                   // monthly, termly, annual
  std::string start;                       // YYYY-MM-DD
};
int RunQuote(const GlobalOptions& global, const QuoteOptions& options,
             std::ostream& out, std::ostream& err);

// Shared by quote and assess.
// True, having said why on `err`, when `path` is "-" and stdin is a
// terminal: a user who forgot the file would otherwise wait in silence.
bool RefuseTerminalStdin(const std::string& path, std::ostream& err);

// "trustfit: cannot read PATH: <the reason errno gives>\n".
std::string CannotRead(const std::string& path);

// The whole of a file, or of stdin for "-"; explains on `err` and returns
// nullopt when it cannot be read.
std::optional<std::string> ReadInput(const std::string& path,
                                     std::ostream& err);

// A candidate from a JSON file or stdin ("-"): the Candidate itself, or a
// request holding one under "candidate". Explains on `err` and returns
// nullopt when it cannot.
std::optional<trustfit::v1::Candidate> ReadCandidate(const std::string& path,
                                                     std::ostream& err);
// An enum value from a friendly name: "trust-partnership", "TRUST_PARTNERSHIP"
// or "ARRANGEMENT_TRUST_PARTNERSHIP" (with `prefix` "ARRANGEMENT_" and the
// enum's generated `parse`, e.g. v1::Arrangement_Parse).
template <typename Enum, typename Parse>
std::optional<Enum> ParseEnum(const std::string& text,
                              const std::string& prefix, Parse parse) {
  std::string upper = absl::AsciiStrToUpper(text);
  std::replace(upper.begin(), upper.end(), '-', '_');
  Enum value;
  if (parse(upper, &value) || parse(prefix + upper, &value)) return value;
  return std::nullopt;
}

absl::StatusOr<trustfit::v1::Arrangement> ParseArrangement(
    const std::string& text);
// Fills term, services, contributions, frequency and start from `options`.
absl::Status FillQuoteSpec(const QuoteOptions& options,
                           trustfit::v1::QuoteSpec* spec);

// Shows the server's policy: a summary, or with `yaml` the whole policy as
// YAML, ready to edit and give to trustfit-server --policy.
int RunPolicyShow(const GlobalOptions& global, bool yaml, std::ostream& out,
                  std::ostream& err);
int RunPolicyValidate(const GlobalOptions& global, const std::string& path,
                      std::ostream& out, std::ostream& err);
int RunHealth(const GlobalOptions& global, const std::string& service,
              std::ostream& out, std::ostream& err);

// The quote's terms as options of `command`, the same for `quote` and for
// `assess` (which keeps the quote with the record); `help_prefix` says which.
void AddQuoteTermsOptions(CLI::App* command, QuoteOptions* quote,
                          const std::string& help_prefix);

Subcommand DefineScore(CLI::App& app);
Subcommand DefineQuote(CLI::App& app);
Subcommand DefinePolicyShow(CLI::App& policy);
Subcommand DefinePolicyValidate(CLI::App& policy);
Subcommand DefineHealth(CLI::App& app);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_COMMANDS_H_
