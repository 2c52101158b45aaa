// trustfit: the command-line client of trustfit-server. See `trustfit --help`.

#include <unistd.h>

#include <iostream>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "client/batch.h"
#include "client/commands.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/records.h"
#include "client/render.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace {

using namespace trustfit::client;  // NOLINT: the CLI's own namespace.

constexpr char kDescription[] =
    R"(trustfit: ask a TrustFit server how well a school fits the trust, and what
its associate or partner arrangement should cost.

Candidates are JSON (the protobuf JSON mapping of trustfit.v1.Candidate, see
examples/candidates/); batches are CSV or JSON Lines of any size.

Exit codes:
  0  success
  1  the server rejected the request (invalid input, unknown cluster, ...)
  2  usage error: bad flags, or a file that cannot be read or mapped
  3  the server is unreachable, not serving, or failed
  4  a batch finished but some rows failed

Examples:
  trustfit health
  trustfit assess --cluster north --note "After the visit" school.json
  trustfit history 108057
  trustfit score --cluster north examples/candidates/allerton-high.json
  trustfit quote --cluster north --service HR_PAYROLL examples/candidates/allerton-high.json
  trustfit batch --cluster north --filter-radius-km 30 --min-completeness 50 --top 10 \
      --mapping examples/mappings/secondary-schools-2019.yaml \
      examples/data/secondary-schools-england-2019.csv
)";

// The terms of a quote, the same for `quote` and for `assess` (which keeps
// the quote with the record); `help_prefix` says which.
void AddQuoteTermsOptions(CLI::App* command, QuoteOptions* quote,
                          const std::string& help_prefix) {
  auto help = [&help_prefix](std::string text) {
    if (help_prefix.empty()) text[0] = absl::ascii_toupper(text[0]);
    return help_prefix + text;
  };
  command->add_option("--term", quote->term_months,
                      help("term in months (default: the policy's)"));
  command
      ->add_option("--service,-s", quote->services,
                   help("add-on service CODE or CODE:QUANTITY (repeat)"))
      ->allow_extra_args(false);
  command
      ->add_option(
          "--contribution", quote->contributions,
          help("service the school gives the trust, CODE:QUANTITY (repeat)"))
      ->allow_extra_args(false);
  command->add_option("--frequency", quote->frequency,
                      help("monthly, termly or annual"));
  command->add_option(
      "--start", quote->start,
      help("first instalment, YYYY-MM-DD (default: 1st of next month)"));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(kDescription, "trustfit");
  app.require_subcommand(1);
  app.fallthrough();
  app.get_formatter()->column_width(36);

  GlobalOptions global;
  std::string output = isatty(STDOUT_FILENO) ? "table" : "json";
  std::string deadline;
  app.add_option("--server", global.server, "host:port of trustfit-server")
      ->envname("TRUSTFIT_SERVER")
      ->capture_default_str();
  app.add_option("--deadline", deadline,
                 "Give up after this long (e.g. 10s); batch: the whole stream")
      ->envname("TRUSTFIT_DEADLINE");
  app.add_option("--output,-o", output,
                 "table, json or csv (default: table on a terminal)")
      ->check(CLI::IsMember({"table", "json", "csv"}));

  // score
  ScoreOptions score;
  CLI::App* score_cmd = app.add_subcommand(
      "score",
      "Assess one candidate against a cluster, with every reason\n"
      "  trustfit score --cluster north candidate.json\n"
      "  cat candidate.json | trustfit score --cluster north --explain -");
  score_cmd
      ->add_option("candidate", score.input,
                   "Candidate JSON file, or - for stdin")
      ->capture_default_str();
  score_cmd
      ->add_option("--cluster,-c", score.cluster, "Cluster id of the policy")
      ->required();
  score_cmd->add_flag("--explain", score.explain,
                      "Show every factor, not just the top reasons");
  score_cmd
      ->add_option("--view", score.view,
                   "full, or basic (no per-factor detail)")
      ->check(CLI::IsMember({"full", "basic"}))
      ->capture_default_str();

  // quote
  QuoteOptions quote;
  CLI::App* quote_cmd = app.add_subcommand(
      "quote",
      "Quote the contribution for an arrangement\n"
      "  trustfit quote --cluster north candidate.json    (the recommended "
      "one)\n"
      "  trustfit quote --arrangement trust-partnership --term 13 \\\n"
      "      --service HEADTEACHER_MENTORING:6 --frequency termly "
      "candidate.json");
  quote_cmd
      ->add_option("candidate", quote.input,
                   "Candidate JSON file, or - for stdin")
      ->capture_default_str();
  quote_cmd->add_option(
      "--arrangement,-a", quote.arrangement,
      "associate-integration, associate-strategic, trust-partnership, partner");
  quote_cmd->add_option(
      "--cluster,-c", quote.cluster,
      "Without --arrangement: quote what the assessment against this "
      "cluster recommends");
  AddQuoteTermsOptions(quote_cmd, &quote, "");

  // batch
  BatchOptions batch;
  std::string view = "auto";
  std::optional<double> radius;
  CLI::App* batch_cmd = app.add_subcommand(
      "batch",
      "Score a CSV or JSON Lines file of any size over one stream\n"
      "  trustfit batch --cluster north schools.csv -o csv > scored.csv\n"
      "  trustfit batch --cluster north --mapping my-columns.yaml export.csv");
  batch_cmd
      ->add_option("input", batch.input,
                   "CSV or JSON Lines file, or - for stdin")
      ->capture_default_str();
  batch_cmd
      ->add_option("--cluster,-c", batch.cluster, "Cluster id for every row")
      ->required();
  batch_cmd->add_option(
      "--mapping,-m", batch.mapping_path,
      "Column mapping for a CSV whose headers are not candidate fields "
      "(GIAS extracts need none)");
  batch_cmd
      ->add_option("--format", batch.format,
                   "csv, jsonl, or auto (by file extension)")
      ->check(CLI::IsMember({"auto", "csv", "jsonl"}))
      ->capture_default_str();
  batch_cmd->add_option("--top", batch.top, "Only the N best by overall score");
  batch_cmd->add_option("--filter-radius-km", radius,
                        "Only schools within this distance of the cluster");
  batch_cmd
      ->add_option(
          "--min-completeness", batch.min_completeness_pct,
          "Only schools with at least this % of the data (see completeness)")
      ->check(CLI::Range(0.0, 100.0));
  batch_cmd
      ->add_option("--view", view,
                   "full, basic, or auto (basic unless --output json)")
      ->check(CLI::IsMember({"auto", "full", "basic"}))
      ->capture_default_str();
  batch_cmd
      ->add_option("--batch-size", batch.batch_size, "Rows per stream message")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  batch_cmd
      ->add_option("--progress", batch.progress,
                   "auto (on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  // assess
  AssessOptions assess;
  CLI::App* assess_cmd = app.add_subcommand(
      "assess",
      "Assess a candidate and keep the record (prints its name)\n"
      "  trustfit assess --cluster north --note \"After the visit\" "
      "school.json\n"
      "  trustfit assess --cluster north --arrangement trust-partnership "
      "school.json");
  assess_cmd
      ->add_option("candidate", assess.quote.input,
                   "Candidate JSON file, or - for stdin")
      ->capture_default_str();
  assess_cmd
      ->add_option("--cluster,-c", assess.quote.cluster,
                   "Cluster id of the policy")
      ->required();
  assess_cmd->add_option("--note", assess.note,
                         "The assessor's note, kept with the record");
  assess_cmd->add_option(
      "--request-id", assess.request_id,
      "Makes retries safe: the same id and request give the same record");
  assess_cmd->add_option(
      "--requester", assess.requester,
      "Who is asking (default: $TRUSTFIT_REQUESTER, or user@host)");
  assess_cmd->add_option("--arrangement,-a", assess.quote.arrangement,
                         "Also quote this arrangement and keep the quote");
  AddQuoteTermsOptions(assess_cmd, &assess.quote, "Quote: ");

  // get, list, history
  std::string get_name;
  CLI::App* get_cmd =
      app.add_subcommand("get",
                         "A recorded assessment, by name or id\n"
                         "  trustfit get assessments/7f3c9a1e5b2d4c60");
  get_cmd->add_option("name", get_name, "assessments/ID, or just ID")
      ->required();
  ListOptions list;
  CLI::App* list_cmd = app.add_subcommand(
      "list",
      "Recorded assessments, newest first\n"
      "  trustfit list --urn 108057\n"
      "  trustfit list --cluster north --since 2026-09-01 -o csv");
  list_cmd->add_option("--urn", list.urn, "Only this school");
  list_cmd->add_option("--cluster,-c", list.cluster, "Only this cluster");
  list_cmd->add_option("--recommendation", list.recommendation,
                       "Only this arrangement (e.g. trust-partnership)");
  list_cmd->add_option("--since", list.since,
                       "Recorded at or after (YYYY-MM-DD or RFC 3339)");
  list_cmd->add_option("--until", list.until,
                       "Recorded before (YYYY-MM-DD or RFC 3339)");
  list_cmd->add_option("--limit", list.limit, "At most this many; 0 for all")
      ->capture_default_str();
  std::string history_urn, history_cluster;
  CLI::App* history_cmd = app.add_subcommand(
      "history",
      "How a school's assessments moved, criterion by criterion\n"
      "  trustfit history 108057");
  history_cmd->add_option("urn", history_urn, "The school's URN")->required();
  history_cmd->add_option("--cluster,-c", history_cluster,
                          "Only against this cluster");

  // policy
  CLI::App* policy_cmd =
      app.add_subcommand("policy", "Show the server's policy, or check a file");
  policy_cmd->require_subcommand(1);
  bool policy_yaml = false;
  CLI::App* policy_show = policy_cmd->add_subcommand(
      "show", "The policy in use: a summary, or --yaml for every rule");
  policy_show->add_flag("--yaml", policy_yaml,
                        "Print the whole policy as YAML, ready to edit");
  std::string policy_file;
  CLI::App* policy_validate = policy_cmd->add_subcommand(
      "validate",
      "Check a policy YAML file without using it (exit 1 if invalid)");
  policy_validate
      ->add_option("file", policy_file, "Policy YAML, or - for stdin")
      ->required();

  // health
  std::string health_service;
  CLI::App* health_cmd =
      app.add_subcommand("health", "Is the server serving? (exit 0 or 3)");
  health_cmd->add_option("--service", health_service,
                         "Service name; empty for the server");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  global.output = output == "json"  ? OutputFormat::kJson
                  : output == "csv" ? OutputFormat::kCsv
                                    : OutputFormat::kTable;
  if (!deadline.empty()) {
    absl::Duration d;
    if (!absl::ParseDuration(deadline, &d) || d <= absl::ZeroDuration()) {
      std::cerr << "trustfit: --deadline: not a duration: \"" << deadline
                << "\" (try 10s)\n";
      return kExitUsage;
    }
    global.deadline = d;
  }

  if (*score_cmd) return RunScore(global, score, std::cout, std::cerr);
  if (*quote_cmd) return RunQuote(global, quote, std::cout, std::cerr);
  if (*batch_cmd) {
    batch.radius_km = radius;
    batch.deadline = global.deadline;
    batch.view = view == "full" || (view == "auto" &&
                                    global.output == OutputFormat::kJson)
                     ? trustfit::v1::ASSESSMENT_VIEW_FULL
                     : trustfit::v1::ASSESSMENT_VIEW_BASIC;
    auto stub = trustfit::v1::TrustFitService::NewStub(Connect(global.server));
    return RunBatch(stub.get(), global.server, batch, global.output, std::cout,
                    std::cerr);
  }
  if (*assess_cmd) return RunAssess(global, assess, std::cout, std::cerr);
  if (*get_cmd) return RunGet(global, get_name, std::cout, std::cerr);
  if (*list_cmd) return RunList(global, list, std::cout, std::cerr);
  if (*history_cmd) {
    return RunHistory(global, history_urn, history_cluster, std::cout,
                      std::cerr);
  }
  if (*policy_show)
    return RunPolicyShow(global, policy_yaml, std::cout, std::cerr);
  if (*policy_validate)
    return RunPolicyValidate(global, policy_file, std::cout, std::cerr);
  if (*health_cmd)
    return RunHealth(global, health_service, std::cout, std::cerr);
  return kExitUsage;
}
