// The trustfit CLI's subcommands. Each returns an exit code (exit_codes.h)
// and writes results to `out`, messages to `err`.

#ifndef TRUSTFIT_CLIENT_COMMANDS_H_
#define TRUSTFIT_CLIENT_COMMANDS_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "client/render.h"

namespace trustfit::client {

struct GlobalOptions {
  std::string server = "localhost:50051";
  std::optional<absl::Duration> deadline;
  OutputFormat output = OutputFormat::kTable;
};

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

// Shows the server's policy: a summary, or with `yaml` the whole policy as
// YAML, ready to edit and give to trustfit-server --policy.
int RunPolicyShow(const GlobalOptions& global, bool yaml, std::ostream& out,
                  std::ostream& err);
int RunPolicyValidate(const GlobalOptions& global, const std::string& path,
                      std::ostream& out, std::ostream& err);
int RunHealth(const GlobalOptions& global, const std::string& service,
              std::ostream& out, std::ostream& err);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_COMMANDS_H_
