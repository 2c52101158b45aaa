#include "client/report_commands.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/chromium.h"
#include "client/commands.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "client/records.h"
#include "scoring/report/agreement.h"
#include "scoring/report/assessment_report.h"
#include "scoring/report/trajectory.h"
#include "scoring/status_macros.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;
using Stub = v1::TrustFitService::Stub;

int FetchPolicy(const GlobalOptions& global, Stub* stub,
                v1::GetPolicyResponse* policy, std::ostream& err) {
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      stub->GetPolicy(&context, v1::GetPolicyRequest(), policy);
  return status.ok() ? kExitOk : ReportRpcError(status, global, err);
}

// The arrangement to quote: the one asked for, else the recommended one
// when the trust can price it (nullopt: no quote, as `trustfit quote` says).
absl::StatusOr<std::optional<v1::Arrangement>> ArrangementToQuote(
    const QuoteOptions& options, const v1::Assessment& assessment) {
  if (!options.arrangement.empty()) {
    TRUSTFIT_ASSIGN_OR_RETURN(v1::Arrangement asked,
                              ParseArrangement(options.arrangement));
    return std::optional<v1::Arrangement>(asked);
  }
  const v1::Arrangement recommended = assessment.recommendation().arrangement();
  if (recommended == v1::ARRANGEMENT_NOT_RECOMMENDED ||
      recommended == v1::ARRANGEMENT_INSUFFICIENT_DATA) {
    return std::optional<v1::Arrangement>();
  }
  return std::optional<v1::Arrangement>(recommended);
}

// A record built on the spot: the candidate of `options` scored against its
// cluster and quoted (ArrangementToQuote), under the server's policy.
int AssessOnTheSpot(const GlobalOptions& global, Stub* stub,
                    const QuoteOptions& options,
                    const v1::GetPolicyResponse& policy,
                    v1::AssessmentRecord* record, std::ostream& err) {
  std::optional<v1::Candidate> candidate = ReadCandidate(options.input, err);
  if (!candidate) return kExitUsage;
  v1::ScoreCandidateRequest score;
  *score.mutable_candidate() = *candidate;
  score.set_cluster_id(options.cluster);
  score.set_view(v1::ASSESSMENT_VIEW_FULL);
  v1::ScoreCandidateResponse scored;
  {
    grpc::ClientContext context;
    SetCallDeadline(&context, global.deadline);
    const grpc::Status status = stub->ScoreCandidate(&context, score, &scored);
    if (!status.ok()) return ReportRpcError(status, global, err);
  }
  *record->mutable_candidate() = *std::move(candidate);
  record->set_cluster_id(options.cluster);
  for (const v1::Cluster& cluster : policy.policy().clusters()) {
    if (cluster.id() == options.cluster) *record->mutable_cluster() = cluster;
  }
  *record->mutable_policy() = scored.assessment().policy();
  *record->mutable_assessment() = std::move(*scored.mutable_assessment());

  absl::StatusOr<std::optional<v1::Arrangement>> arrangement =
      ArrangementToQuote(options, record->assessment());
  if (!arrangement.ok()) {
    err << "trustfit: " << arrangement.status().message() << "\n";
    return kExitUsage;
  }
  if (!arrangement->has_value()) return kExitOk;  // The page says why.
  v1::QuoteContributionRequest quote;
  *quote.mutable_candidate() = record->candidate();
  quote.mutable_spec()->set_arrangement(**arrangement);
  if (absl::Status filled = FillQuoteSpec(options, quote.mutable_spec());
      !filled.ok()) {
    err << "trustfit: " << filled.message() << "\n";
    return kExitUsage;
  }
  v1::QuoteContributionResponse quoted;
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status = stub->QuoteContribution(&context, quote, &quoted);
  if (!status.ok()) return ReportRpcError(status, global, err);
  *record->mutable_quote_spec() = quote.spec();
  *record->mutable_quote() = std::move(*quoted.mutable_quote());
  return kExitOk;
}

// "What would it take" for the next better arrangement than the record's,
// against the cluster it was assessed against.
int FindPath(const GlobalOptions& global, Stub* stub,
             const v1::AssessmentRecord& record, v1::ImprovementPath* path,
             std::ostream& err) {
  v1::FindImprovementPathRequest request;
  *request.mutable_candidate() = record.candidate();
  if (record.has_cluster()) {
    *request.mutable_cluster() = record.cluster();
  } else {
    request.set_cluster_id(record.cluster_id());
  }
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      stub->FindImprovementPath(&context, request, path);
  return status.ok() ? kExitOk : ReportRpcError(status, global, err);
}

// What a page of the board pack is drawn from.
struct Sources {
  v1::GetPolicyResponse policy;
  v1::AssessmentRecord record;
  v1::ImprovementPath path;
};

// The policy, the record (recorded, or made on the spot from `on_the_spot`
// when `name` is empty) and its path.
int FetchSources(const GlobalOptions& global, const std::string& name,
                 const QuoteOptions* on_the_spot, Sources* sources,
                 std::ostream& err) {
  auto stub = v1::TrustFitService::NewStub(Connect(global));
  int code = FetchPolicy(global, stub.get(), &sources->policy, err);
  if (code != kExitOk) return code;
  code = name.empty() ? AssessOnTheSpot(global, stub.get(), *on_the_spot,
                                        sources->policy, &sources->record, err)
                      : GetRecord(global, name, &sources->record, err);
  if (code != kExitOk) return code;
  return FindPath(global, stub.get(), sources->record, &sources->path, err);
}

struct ReportFlags {
  std::string name;
  QuoteOptions quote;  // input (--candidate), cluster, the quote's terms.
  std::string out;
  std::string format = "html";
};

int RunReport(const GlobalOptions& global, const ReportFlags& flags,
              std::ostream& out, std::ostream& err) {
  if (flags.name.empty() == flags.quote.input.empty()) {
    err << "trustfit: report: give a recorded assessment's NAME, or "
           "--candidate FILE and --cluster\n";
    return kExitUsage;
  }
  if (!flags.quote.input.empty() && flags.quote.cluster.empty()) {
    err << "trustfit: report: --candidate needs --cluster, the cluster to "
           "assess it against\n";
    return kExitUsage;
  }
  Sources sources;
  const int code =
      FetchSources(global, flags.name, &flags.quote, &sources, err);
  if (code != kExitOk) return code;
  absl::StatusOr<std::string> html = report::RenderAssessmentReport(
      sources.policy.policy(), sources.record, &sources.path);
  if (!html.ok()) {
    err << "trustfit: report: " << html.status().message() << "\n";
    return kExitRejected;
  }
  if (flags.format != "pdf") return WriteOutput(flags.out, *html, out, err);
  absl::StatusOr<std::string> pdf = PrintHtmlToPdf(*html);
  if (!pdf.ok()) {
    err << "trustfit: --format pdf: " << pdf.status().message() << "\n";
    return kExitUsage;
  }
  return WriteOutput(flags.out, *pdf, out, err);
}

struct AgreementFlags {
  std::string name;
  std::string out;
  std::string format = "html";
};

int RunAgreement(const GlobalOptions& global, const AgreementFlags& flags,
                 std::ostream& out, std::ostream& err) {
  Sources sources;
  const int code = FetchSources(global, flags.name, nullptr, &sources, err);
  if (code != kExitOk) return code;
  absl::StatusOr<std::string> text =
      flags.format == "markdown"
          ? report::RenderAgreementMarkdown(sources.policy.policy(),
                                            sources.record, &sources.path)
          : report::RenderAgreementHtml(sources.policy.policy(), sources.record,
                                        &sources.path);
  if (!text.ok()) {
    err << "trustfit: no agreement for " << sources.record.name() << ": "
        << text.status().message() << "\n";
    if (!sources.record.has_quote()) {
      err << "  (an agreement needs a quote: record one with `trustfit "
             "assess --arrangement ...`)\n";
    }
    return kExitRejected;
  }
  return WriteOutput(flags.out, *text, out, err);
}

}  // namespace

int WriteOutput(const std::string& path, const std::string& bytes,
                std::ostream& out, std::ostream& err) {
  if (path.empty() || path == "-") {
    out << bytes;
    out.flush();
    return kExitOk;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (!file) {
    err << "trustfit: cannot write " << path << "\n";
    return kExitUsage;
  }
  err << "trustfit: wrote " << path << "\n";
  return kExitOk;
}

int WriteTrajectoryReport(const GlobalOptions& global,
                          const std::vector<v1::AssessmentRecord>& records,
                          const std::string& path, std::ostream& err) {
  auto stub = v1::TrustFitService::NewStub(Connect(global));
  v1::GetPolicyResponse policy;
  const int code = FetchPolicy(global, stub.get(), &policy, err);
  if (code != kExitOk) return code;
  absl::StatusOr<std::string> text =
      absl::EndsWith(path, ".svg")
          ? report::RenderTrajectorySvg(records,
                                        policy.policy().scoring().bands())
          : report::RenderTrajectoryHtml(policy.policy(), records);
  if (!text.ok()) {
    err << "trustfit: history --report: " << text.status().message() << "\n";
    return kExitRejected;
  }
  return WriteOutput(path, *text, std::cout, err);
}

Subcommand DefineReport(CLI::App& app) {
  auto flags = std::make_shared<ReportFlags>();
  flags->quote.input.clear();
  CLI::App* command = app.add_subcommand(
      "report",
      "The one-page board report of an assessment, HTML or PDF\n"
      "  trustfit report assessments/0190a3c4d5e6f708 --out report.html\n"
      "  trustfit report --candidate school.json --cluster north \\\n"
      "      --format pdf --out report.pdf");
  command->add_option("name", flags->name,
                      "A recorded assessment: assessments/ID, or just ID");
  CLI::Option* candidate = command->add_option(
      "--candidate", flags->quote.input,
      "Or a candidate JSON file (- for stdin), scored and quoted now");
  command
      ->add_option("--cluster,-c", flags->quote.cluster,
                   "With --candidate: the cluster to assess it against")
      ->needs(candidate);
  command
      ->add_option("--arrangement,-a", flags->quote.arrangement,
                   "With --candidate: quote this arrangement (default: the "
                   "recommended one)")
      ->needs(candidate);
  AddQuoteTermsOptions(command, &flags->quote, "With --candidate, quote: ");
  command->add_option("--out", flags->out, "Write to FILE (default: stdout)");
  command
      ->add_option("--format", flags->format,
                   "html, or pdf (printed by headless Chromium)")
      ->check(CLI::IsMember({"html", "pdf"}))
      ->capture_default_str();
  return {command, [flags](const GlobalOptions& global) {
            return RunReport(global, *flags, std::cout, std::cerr);
          }};
}

Subcommand DefineAgreement(CLI::App& app) {
  auto flags = std::make_shared<AgreementFlags>();
  CLI::App* command = app.add_subcommand(
      "agreement",
      "The draft partnership agreement of a recorded assessment and quote\n"
      "  trustfit agreement assessments/0190a3c4d5e6f708 --out agreement.html\n"
      "  trustfit agreement 0190a3c4d5e6f708 --format markdown > draft.md");
  command
      ->add_option("name", flags->name,
                   "A recorded assessment with a quote: assessments/ID, or ID")
      ->required();
  command->add_option("--out", flags->out, "Write to FILE (default: stdout)");
  command->add_option("--format", flags->format, "html or markdown")
      ->check(CLI::IsMember({"html", "markdown"}))
      ->capture_default_str();
  return {command, [flags](const GlobalOptions& global) {
            return RunAgreement(global, *flags, std::cout, std::cerr);
          }};
}

}  // namespace trustfit::client
