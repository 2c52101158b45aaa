#include "client/commands.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/lenient_json.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "scoring/io/text_file.h"
#include "scoring/recommendation.h"
#include "scoring/yaml_proto.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

std::unique_ptr<v1::TrustFitService::Stub> Stub(const GlobalOptions& global) {
  return v1::TrustFitService::NewStub(Connect(global));
}

// "CODE" or "CODE:QUANTITY".
bool ParseServiceQuantity(const std::string& text, v1::ServiceQuantity* out) {
  const std::vector<std::string> parts =
      absl::StrSplit(text, absl::MaxSplits(':', 1));
  out->set_code(absl::AsciiStrToUpper(parts[0]));
  if (parts.size() == 2) {
    int quantity;
    if (!absl::SimpleAtoi(parts[1], &quantity)) return false;
    out->set_quantity(quantity);
  }
  return !out->code().empty();
}

}  // namespace

bool RefuseTerminalStdin(const std::string& path, std::ostream& err) {
  if (path != "-" || !isatty(STDIN_FILENO)) return false;
  err << "trustfit: no input file given, and stdin is a terminal: name a "
         "file, or pipe one in (cat school.json | trustfit ... -)\n";
  return true;
}

std::string CannotRead(const std::string& path) {
  return absl::StrCat("trustfit: cannot read ", path, ": ",
                      std::strerror(errno), "\n");
}

std::optional<std::string> ReadInput(const std::string& path,
                                     std::ostream& err) {
  if (RefuseTerminalStdin(path, err)) return std::nullopt;
  if (path == "-") {
    std::stringstream text;
    text << std::cin.rdbuf();
    return text.str();
  }
  io::TextFileOptions options;
  options.regular_only = false;  // `score <(jq ...)` reads a pipe.
  absl::StatusOr<std::string> contents = io::ReadTextFile(path, options);
  if (!contents.ok()) {
    err << "trustfit: " << contents.status().message() << "\n";
    return std::nullopt;
  }
  return *std::move(contents);
}

// A candidate from JSON: the Candidate itself, or a request holding one
// under "candidate".
std::optional<v1::Candidate> ReadCandidate(const std::string& path,
                                           std::ostream& err) {
  std::optional<std::string> text = ReadInput(path, err);
  if (!text) return std::nullopt;
  v1::Candidate candidate;
  const absl::Status status = ParseJsonLeniently(*text, &candidate);
  if (status.ok()) return candidate;
  v1::ScoreCandidateRequest wrapped;
  if (ParseJsonLeniently(*text, &wrapped).ok() && wrapped.has_candidate()) {
    return wrapped.candidate();
  }
  err << "trustfit: " << (path == "-" ? "stdin" : path)
      << " is not a candidate in JSON: " << status.message() << "\n";
  return std::nullopt;
}

absl::StatusOr<v1::Arrangement> ParseArrangement(const std::string& text) {
  std::optional<v1::Arrangement> arrangement =
      ParseEnum<v1::Arrangement>(text, "ARRANGEMENT_", v1::Arrangement_Parse);
  if (!arrangement) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown arrangement \"", text,
                     "\" (associate-integration, associate-strategic, "
                     "trust-partnership, partner)"));
  }
  return *arrangement;
}

absl::Status FillQuoteSpec(const QuoteOptions& options, v1::QuoteSpec* spec) {
  if (options.term_months) spec->set_term_months(*options.term_months);
  for (const std::string& s : options.services) {
    if (!ParseServiceQuantity(s, spec->add_services())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--service wants CODE or CODE:QUANTITY, got \"", s, "\""));
    }
  }
  for (const std::string& s : options.contributions) {
    if (!ParseServiceQuantity(s, spec->add_contributions())) {
      return absl::InvalidArgumentError(
          absl::StrCat("--contribution wants CODE:QUANTITY, got \"", s, "\""));
    }
  }
  if (!options.frequency.empty()) {
    std::optional<v1::ScheduleFrequency> frequency =
        ParseEnum<v1::ScheduleFrequency>(options.frequency,
                                         "SCHEDULE_FREQUENCY_",
                                         v1::ScheduleFrequency_Parse);
    if (!frequency) {
      return absl::InvalidArgumentError(
          "--frequency is monthly, termly or annual");
    }
    spec->set_frequency(*frequency);
  }
  if (!options.start.empty()) {
    const std::vector<std::string> parts = absl::StrSplit(options.start, '-');
    int y, m, d;
    if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) ||
        !absl::SimpleAtoi(parts[1], &m) || !absl::SimpleAtoi(parts[2], &d)) {
      return absl::InvalidArgumentError("--start wants a date, YYYY-MM-DD");
    }
    spec->mutable_start_date()->set_year(y);
    spec->mutable_start_date()->set_month(m);
    spec->mutable_start_date()->set_day(d);
  }
  return absl::OkStatus();
}

int RunScore(const GlobalOptions& global, const ScoreOptions& options,
             std::ostream& out, std::ostream& err) {
  std::optional<v1::Candidate> candidate = ReadCandidate(options.input, err);
  if (!candidate) return kExitUsage;
  v1::ScoreCandidateRequest request;
  *request.mutable_candidate() = *std::move(candidate);
  request.set_cluster_id(options.cluster);
  request.set_view(options.view == "basic" ? v1::ASSESSMENT_VIEW_BASIC
                                           : v1::ASSESSMENT_VIEW_FULL);
  v1::ScoreCandidateResponse response;
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      Stub(global)->ScoreCandidate(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status, global, err);
  switch (global.output) {
    case OutputFormat::kJson:
      out << ToJson(response.assessment(), true);
      break;
    case OutputFormat::kCsv: {
      v1::ScoreResult result;
      *result.mutable_assessment() = response.assessment();
      MakeBatchWriter(OutputFormat::kCsv, &out)
          ->Write(BatchRow{1, "", &result, ""});
      break;
    }
    default:
      PrintAssessment(out, response.assessment(), options.explain,
                      global.width);
  }
  return kExitOk;
}

int RunQuote(const GlobalOptions& global, const QuoteOptions& options,
             std::ostream& out, std::ostream& err) {
  std::optional<v1::Candidate> candidate = ReadCandidate(options.input, err);
  if (!candidate) return kExitUsage;
  v1::QuoteContributionRequest request;
  *request.mutable_candidate() = *candidate;
  v1::QuoteSpec* spec = request.mutable_spec();
  auto stub = Stub(global);

  if (!options.arrangement.empty()) {
    absl::StatusOr<v1::Arrangement> arrangement =
        ParseArrangement(options.arrangement);
    if (!arrangement.ok()) {
      err << "trustfit: " << arrangement.status().message() << "\n";
      return kExitUsage;
    }
    spec->set_arrangement(*arrangement);
  } else if (options.cluster.empty()) {
    err << "trustfit: give --arrangement, or --cluster to quote what the "
           "assessment recommends\n";
    return kExitUsage;
  } else {
    // Quote what the assessment recommends.
    v1::ScoreCandidateRequest score;
    *score.mutable_candidate() = *candidate;
    score.set_cluster_id(options.cluster);
    score.set_view(v1::ASSESSMENT_VIEW_BASIC);
    v1::ScoreCandidateResponse scored;
    grpc::ClientContext context;
    SetCallDeadline(&context, global.deadline);
    const grpc::Status status = stub->ScoreCandidate(&context, score, &scored);
    if (!status.ok()) return ReportRpcError(status, global, err);
    const v1::Recommendation& rec = scored.assessment().recommendation();
    if (!scoring::IsQuotable(rec.arrangement())) {
      err << "trustfit: nothing to quote: the assessment recommends "
          << ArrangementText(rec.arrangement()) << ". " << rec.explanation()
          << "\n";
      return kExitRejected;
    }
    spec->set_arrangement(rec.arrangement());
    err << "trustfit: quoting the recommended arrangement, "
        << ArrangementText(rec.arrangement()) << "\n";
  }
  if (absl::Status filled = FillQuoteSpec(options, spec); !filled.ok()) {
    err << "trustfit: " << filled.message() << "\n";
    return kExitUsage;
  }

  v1::QuoteContributionResponse response;
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      stub->QuoteContribution(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status, global, err);
  switch (global.output) {
    case OutputFormat::kJson:
      out << ToJson(response.quote(), true);
      break;
    case OutputFormat::kCsv:
      WriteQuoteCsv(out, response.quote());
      break;
    default:
      PrintQuote(out, response.quote());
  }
  return kExitOk;
}

int RunPolicyShow(const GlobalOptions& global, bool yaml, std::ostream& out,
                  std::ostream& err) {
  v1::GetPolicyResponse response;
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      Stub(global)->GetPolicy(&context, v1::GetPolicyRequest(), &response);
  if (!status.ok()) return ReportRpcError(status, global, err);
  // --yaml asks for a file to edit, so it wins over the output format,
  // which defaults to JSON when stdout is not a terminal (`> p.yaml`).
  if (yaml) {
    out << "# Policy " << response.ref().name() << " "
        << response.ref().version() << ", sha256 "
        << response.ref().content_hash() << ", from " << response.source()
        << "\n"
        << scoring::ProtoToYaml(response.policy());
    return kExitOk;
  }
  switch (global.output) {
    case OutputFormat::kJson:
      out << ToJson(response, true);
      break;
    case OutputFormat::kCsv:
      err << "trustfit: a policy has no CSV form; use --output table or "
             "json, or --yaml\n";
      return kExitUsage;
    default:
      PrintPolicySummary(out, response);
  }
  return kExitOk;
}

int RunPolicyValidate(const GlobalOptions& global, const std::string& path,
                      std::ostream& out, std::ostream& err) {
  std::optional<std::string> yaml = ReadInput(path, err);
  if (!yaml) return kExitUsage;
  v1::ValidatePolicyRequest request;
  request.set_yaml(*yaml);
  v1::ValidatePolicyResponse response;
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      Stub(global)->ValidatePolicy(&context, request, &response);
  if (!status.ok()) return ReportRpcError(status, global, err);
  if (global.output == OutputFormat::kJson) {
    out << ToJson(response, true);
  } else if (response.valid()) {
    out << path << ": valid. Policy " << response.ref().name() << " "
        << response.ref().version() << ", sha256 "
        << response.ref().content_hash() << "\n";
  } else {
    out << path << ": " << response.violations_size() << " problems\n";
    for (const auto& v : response.violations()) {
      out << "  " << v.field() << ": " << v.description() << "\n";
    }
  }
  return response.valid() ? kExitOk : kExitRejected;
}

int RunHealth(const GlobalOptions& global, const std::string& service,
              std::ostream& out, std::ostream& err) {
  auto stub = grpc::health::v1::Health::NewStub(Connect(global));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, global.deadline.value_or(absl::Seconds(5)));
  const grpc::Status status = stub->Check(&context, request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    // Health has two answers, serving or not: a service the server does
    // not know is not serving.
    err << "trustfit: " << global.server << " has no service \"" << service
        << "\"\n";
    return kExitUnavailable;
  }
  if (!status.ok()) return ReportRpcError(status, global, err);
  const std::string name =
      grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
          response.status());
  if (global.output == OutputFormat::kJson) {
    out << "{\"server\":\"" << global.server << "\",\"status\":\"" << name
        << "\"}\n";
  } else {
    out << global.server << ": " << name << "\n";
  }
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING
             ? kExitOk
             : kExitUnavailable;
}

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

Subcommand DefineScore(CLI::App& app) {
  auto score = std::make_shared<ScoreOptions>();
  CLI::App* command = app.add_subcommand(
      "score",
      "Assess one candidate against a cluster, with every reason\n"
      "  trustfit score --cluster north candidate.json\n"
      "  cat candidate.json | trustfit score --cluster north --explain -");
  command
      ->add_option("candidate", score->input,
                   "Candidate JSON file, or - for stdin")
      ->capture_default_str();
  command
      ->add_option("--cluster,-c", score->cluster, "Cluster id of the policy")
      ->required();
  command->add_flag("--explain", score->explain,
                    "Show every factor, not just the top reasons");
  command
      ->add_option("--view", score->view,
                   "full, or basic (no per-factor detail)")
      ->check(CLI::IsMember({"full", "basic"}))
      ->capture_default_str();
  return {command, [score](const GlobalOptions& global) {
            return RunScore(global, *score, std::cout, std::cerr);
          }};
}

Subcommand DefineQuote(CLI::App& app) {
  auto quote = std::make_shared<QuoteOptions>();
  CLI::App* command = app.add_subcommand(
      "quote",
      "Quote the contribution for an arrangement\n"
      "  trustfit quote --cluster north candidate.json    (the recommended "
      "one)\n"
      "  trustfit quote --arrangement trust-partnership --term 13 \\\n"
      "      --service HEADTEACHER_MENTORING:6 --frequency termly "
      "candidate.json");
  command
      ->add_option("candidate", quote->input,
                   "Candidate JSON file, or - for stdin")
      ->capture_default_str();
  command->add_option(
      "--arrangement,-a", quote->arrangement,
      "associate-integration, associate-strategic, trust-partnership, partner");
  command->add_option(
      "--cluster,-c", quote->cluster,
      "Without --arrangement: quote what the assessment against this "
      "cluster recommends");
  AddQuoteTermsOptions(command, quote.get(), "");
  return {command, [quote](const GlobalOptions& global) {
            return RunQuote(global, *quote, std::cout, std::cerr);
          }};
}

Subcommand DefinePolicyShow(CLI::App& policy) {
  auto yaml = std::make_shared<bool>(false);
  CLI::App* command = policy.add_subcommand(
      "show", "The policy in use: a summary, or --yaml for every rule");
  command->add_flag("--yaml", *yaml,
                    "Print the whole policy as YAML, ready to edit");
  return {command, [yaml](const GlobalOptions& global) {
            return RunPolicyShow(global, *yaml, std::cout, std::cerr);
          }};
}

Subcommand DefinePolicyValidate(CLI::App& policy) {
  auto file = std::make_shared<std::string>();
  CLI::App* command = policy.add_subcommand(
      "validate",
      "Check a policy YAML file without using it (exit 1 if invalid)");
  command->add_option("file", *file, "Policy YAML, or - for stdin")->required();
  return {command, [file](const GlobalOptions& global) {
            return RunPolicyValidate(global, *file, std::cout, std::cerr);
          }};
}

Subcommand DefineHealth(CLI::App& app) {
  auto service = std::make_shared<std::string>();
  CLI::App* command =
      app.add_subcommand("health", "Is the server serving? (exit 0 or 3)");
  command->add_option("--service", *service,
                      "Service name; empty for the server");
  return {command, [service](const GlobalOptions& global) {
            return RunHealth(global, *service, std::cout, std::cerr);
          }};
}

}  // namespace trustfit::client
