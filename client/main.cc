// trustfit: the command-line client of trustfit-server. See `trustfit --help`.

#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "client/batch.h"
#include "client/commands.h"
#include "client/connection.h"
#include "client/decisions.h"
#include "client/exit_codes.h"
#include "client/plan.h"
#include "client/records.h"
#include "client/render.h"
#include "client/report_commands.h"
#include "client/text_table.h"

namespace {

using namespace trustfit::client;  // NOLINT: the CLI's own namespace.

constexpr char kDescription[] =
    R"(trustfit: ask a TrustFit server how well a school fits the trust, and what
its associate or partner arrangement should cost.

Candidates are JSON (the protobuf JSON mapping of trustfit.v1.Candidate, see
examples/candidates/); batches are CSV or JSON Lines of any size.

Exit codes:
  0  success
  1  the server rejected the request (invalid input, unknown cluster, ...),
     or the caller: no or bad credentials, a role it lacks
  2  usage error: bad flags, or a file that cannot be read or mapped
  3  the server is unreachable, not serving, or failed
  4  a batch finished but some rows failed

A server with TLS and tokens: --server https://HOST[:PORT] (or host:port
with --tls-ca), --tls-ca for a private CA, --tls-cert/--tls-key for mutual
TLS, and the token from --token-file, TRUSTFIT_TOKEN or --token.

Examples:
  trustfit health
  TRUSTFIT_TOKEN=... trustfit --server trustfit.example:50051 --tls-ca ca.crt list
  trustfit assess --cluster north --note "After the visit" school.json
  trustfit history 108057
  trustfit decide assessments/0662a1d9c94e5f01 --outcome approved --date 2026-12-10
  trustfit pipeline --cluster north
  trustfit score --cluster north examples/candidates/allerton-high.json
  trustfit quote --cluster north --service HR_PAYROLL examples/candidates/allerton-high.json
  trustfit plan --cluster north examples/candidates/roundhay-public.json
  trustfit batch --cluster north --filter-radius-km 30 --top 10 \
      --mapping examples/mappings/secondary-schools-2019.yaml \
      --join examples/data/maintained-school-finance-2018.csv:examples/mappings/maintained-school-finance-2018.yaml \
      examples/data/secondary-schools-england-2019.csv
)";

// The options every subcommand shares; `FinishGlobalOptions` reads the
// raw ones once the command line is parsed.
struct RawGlobalOptions {
  std::string output = isatty(STDOUT_FILENO) ? "table" : "json";
  CLI::Option* output_option = nullptr;
  std::string deadline;
  ConnectionFlags connection;
};

void DefineGlobalOptions(CLI::App& app, GlobalOptions* global,
                         RawGlobalOptions* raw) {
  app.add_option("--server", global->server,
                 "host:port of trustfit-server; https://HOST[:PORT] for TLS")
      ->envname("TRUSTFIT_SERVER")
      ->capture_default_str();
  ConnectionFlags& c = raw->connection;
  app.add_option("--tls-ca", c.tls_ca,
                 "PEM CA bundle that signed the server's certificate (TLS)")
      ->envname("TRUSTFIT_TLS_CA");
  app.add_option("--tls-cert", c.tls_cert,
                 "PEM client certificate, for mutual TLS")
      ->envname("TRUSTFIT_TLS_CERT");
  app.add_option("--tls-key", c.tls_key, "PEM private key of --tls-cert")
      ->envname("TRUSTFIT_TLS_KEY");
  CLI::Option* token =
      app.add_option("--token", c.token,
                     "Bearer token (shows in ps: prefer TRUSTFIT_TOKEN or "
                     "--token-file)")
          ->envname("TRUSTFIT_TOKEN");
  app.add_option("--token-file", c.token_file, "File holding the bearer token")
      ->envname("TRUSTFIT_TOKEN_FILE")
      ->excludes(token);
  app.add_option("--deadline", raw->deadline,
                 "Give up after this long (e.g. 10s); batch: the whole stream")
      ->envname("TRUSTFIT_DEADLINE");
  raw->output_option =
      app.add_option("--output,-o", raw->output,
                     "table, json or csv (default: table on a terminal); "
                     "batch: also geojson")
          ->check(CLI::IsMember({"table", "json", "csv", "geojson"}));
}

// False, with the reason on stderr, when a raw option is not valid.
bool FinishGlobalOptions(const RawGlobalOptions& raw, GlobalOptions* global) {
  global->output = raw.output == "json"      ? OutputFormat::kJson
                   : raw.output == "csv"     ? OutputFormat::kCsv
                   : raw.output == "geojson" ? OutputFormat::kGeoJson
                                             : OutputFormat::kTable;
  global->output_explicit = raw.output_option->count() > 0;
  global->width = TerminalWidth(STDOUT_FILENO);
  if (absl::Status ready = PrepareConnection(raw.connection, global);
      !ready.ok()) {
    std::cerr << "trustfit: " << ready.message() << "\n";
    return false;
  }
  if (raw.deadline.empty()) return true;
  absl::Duration d;
  if (!absl::ParseDuration(raw.deadline, &d) || d <= absl::ZeroDuration()) {
    std::cerr << "trustfit: --deadline: not a duration: \"" << raw.deadline
              << "\" (try 10s)\n";
    return false;
  }
  global->deadline = d;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(kDescription, "trustfit");
  app.require_subcommand(1);
  app.fallthrough();
  app.get_formatter()->column_width(36);
  app.set_version_flag("--version", "trustfit " TRUSTFIT_VERSION);

  GlobalOptions global;
  RawGlobalOptions raw;
  DefineGlobalOptions(app, &global, &raw);

  CLI::App* policy =
      app.add_subcommand("policy", "Show the server's policy, or check a file");
  policy->require_subcommand(1);
  CLI::App* arrangements = app.add_subcommand(
      "arrangements",
      "Arrangements opened by approved decisions, and their steps");
  arrangements->require_subcommand(1);
  const std::vector<Subcommand> subcommands = {
      DefineScore(app),
      DefineQuote(app),
      DefinePlan(app),
      DefineBatch(app),
      DefineAssess(app),
      DefineGet(app),
      DefineList(app),
      DefineHistory(app),
      DefineDecide(app),
      DefineArrangementsList(*arrangements),
      DefineArrangementsGet(*arrangements),
      DefineArrangementsAdvance(*arrangements),
      DefineArrangementsReview(*arrangements),
      DefineArrangementsExtend(*arrangements),
      DefineArrangementsEnd(*arrangements),
      DefinePipeline(app),
      DefinePolicyShow(*policy),
      DefinePolicyValidate(*policy),
      DefineHealth(app),
      DefineReport(app),
      DefineAgreement(app),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!FinishGlobalOptions(raw, &global)) return kExitUsage;
  // Tables are for a terminal: nothing from a server or a file may drive it,
  // and no line may be wider than it (the escapes are made first, so that
  // they are counted).
  std::optional<FittedOutput> fitted;
  std::optional<TerminalSafeOutput> safe_tables;
  if (global.output == OutputFormat::kTable) {
    if (global.width > 0) fitted.emplace(std::cout, global.width);
    safe_tables.emplace(std::cout);
  }
  for (const Subcommand& subcommand : subcommands) {
    if (!*subcommand.command) continue;
    if (global.output == OutputFormat::kGeoJson &&
        subcommand.command->get_name() != "batch") {
      std::cerr << "trustfit: --output geojson is for batch results only\n";
      return kExitUsage;
    }
    return subcommand.run(global);
  }
  return kExitUsage;
}
