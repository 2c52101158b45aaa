#include "client/records.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "client/connection.h"
#include "client/csv.h"
#include "client/exit_codes.h"
#include "client/report_commands.h"
#include "client/text_table.h"
#include "scoring/dates.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

std::string TimeText(const google::protobuf::Timestamp& t) {
  return absl::FormatTime(
      "%Y-%m-%dT%H:%M:%SZ",  // RFC 3339, as the JSON has it.
      scoring::TimeOf(t), absl::UTCTimeZone());
}

std::string Score(double value) { return absl::StrFormat("%.2f", value); }

// "2026-11-01" or RFC 3339.
std::optional<google::protobuf::Timestamp> ParseWhen(const std::string& text) {
  absl::Time when;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &when, &error) &&
      !absl::ParseTime(absl::RFC3339_full, text, &when, &error)) {
    return std::nullopt;
  }
  return scoring::TimestampOf(when);
}

std::unique_ptr<v1::TrustFitService::Stub> Stub(const GlobalOptions& global) {
  return v1::TrustFitService::NewStub(Connect(global));
}

void PrintRecordHeader(std::ostream& out, const v1::AssessmentRecord& r) {
  out << r.name() << "  recorded " << TimeText(r.create_time()) << " by "
      << r.requester()
      << (r.auth_method().empty() || r.auth_method() == "none"
              ? ""
              : absl::StrCat(" (", r.auth_method(), ")"))
      << (r.on_behalf_of().empty()
              ? ""
              : absl::StrCat(", on behalf of ", r.on_behalf_of()))
      << (r.peer().empty() ? "" : absl::StrCat(" from ", r.peer())) << "\n";
  if (!r.note().empty()) out << "Note: " << r.note() << "\n";
  out << "\n";
}

// Pages through ListAssessments, handing each record to `each` until it
// returns false or `limit` records (0: no limit) have been seen.
int ForEachRecord(
    const GlobalOptions& global, v1::ListAssessmentsRequest request, int limit,
    std::ostream& err,
    const std::function<void(const v1::AssessmentRecord&)>& each) {
  auto stub = Stub(global);
  int seen = 0;
  for (;;) {
    request.set_page_size(limit > 0 ? std::min(limit - seen, 100) : 100);
    v1::ListAssessmentsResponse page;
    grpc::ClientContext context;
    SetCallDeadline(&context, global.deadline);
    const grpc::Status status = stub->ListAssessments(&context, request, &page);
    if (!status.ok()) return ReportRpcError(status, global, err);
    for (const auto& record : page.assessments()) {
      each(record);
      ++seen;
    }
    if (page.next_page_token().empty() || (limit > 0 && seen >= limit))
      return kExitOk;
    request.set_page_token(page.next_page_token());
  }
}

constexpr const char* kCriteria[] = {"standards", "leadership", "finance",
                                     "ethos",     "capacity",   "location"};

// A school's recorded assessments, oldest first, one row each: when, the
// overall score, the recommendation and each criterion's score ("" / null
// when it had no data); JSON Lines or CSV.
void WriteHistoryRows(const std::vector<v1::AssessmentRecord>& records,
                      OutputFormat format, std::ostream& out) {
  if (format == OutputFormat::kCsv) {
    std::vector<std::string> header = {"name", "create_time", "overall_score",
                                       "recommendation"};
    header.insert(header.end(), std::begin(kCriteria), std::end(kCriteria));
    WriteCsvRecord(out, header);
  }
  for (const auto& r : records) {
    const v1::Assessment& a = r.assessment();
    std::vector<std::string> scores;
    for (size_t i = 0; i < 6; ++i) {
      const bool known =
          static_cast<int>(i) < a.criteria_size() && a.criteria(i).has_score();
      scores.push_back(known ? Score(a.criteria(i).score()) : "");
    }
    const std::string arrangement =
        ArrangementText(a.recommendation().arrangement());
    if (format == OutputFormat::kCsv) {
      std::vector<std::string> row = {r.name(), TimeText(r.create_time()),
                                      Score(a.overall_score()), arrangement};
      row.insert(row.end(), scores.begin(), scores.end());
      WriteCsvRecord(out, row);
      continue;
    }
    out << "{\"name\":\"" << r.name() << "\",\"create_time\":\""
        << TimeText(r.create_time())
        << "\",\"overall_score\":" << Score(a.overall_score())
        << ",\"recommendation\":\"" << arrangement << "\"";
    for (size_t i = 0; i < 6; ++i) {
      out << ",\"" << kCriteria[i]
          << "\":" << (scores[i].empty() ? "null" : scores[i]);
    }
    out << "}\n";
  }
}

}  // namespace

std::string DefaultRequester() {
  if (const char* requester = std::getenv("TRUSTFIT_REQUESTER");
      requester && *requester) {
    return requester;
  }
  const char* user = std::getenv("USER");
  char host[256] = "localhost";
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(user ? user : "unknown", "@", host);
}

int RunAssess(const GlobalOptions& global, const AssessOptions& options,
              std::ostream& out, std::ostream& err) {
  if (options.quote.cluster.empty()) {
    err << "trustfit: --cluster is required\n";
    return kExitUsage;
  }
  std::optional<v1::Candidate> candidate =
      ReadCandidate(options.quote.input, err);
  if (!candidate) return kExitUsage;
  v1::CreateAssessmentRequest request;
  request.set_request_id(options.request_id);
  v1::AssessmentRecord* record = request.mutable_record();
  *record->mutable_candidate() = *std::move(candidate);
  record->set_cluster_id(options.quote.cluster);
  record->set_note(options.note);
  if (!options.quote.arrangement.empty()) {
    absl::StatusOr<v1::Arrangement> arrangement =
        ParseArrangement(options.quote.arrangement);
    if (!arrangement.ok()) {
      err << "trustfit: " << arrangement.status().message() << "\n";
      return kExitUsage;
    }
    v1::QuoteSpec* spec = record->mutable_quote_spec();
    spec->set_arrangement(*arrangement);
    if (absl::Status filled = FillQuoteSpec(options.quote, spec);
        !filled.ok()) {
      err << "trustfit: " << filled.message() << "\n";
      return kExitUsage;
    }
  }
  v1::AssessmentRecord created;
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  context.AddMetadata("x-trustfit-requester", options.requester.empty()
                                                  ? DefaultRequester()
                                                  : options.requester);
  const grpc::Status status =
      Stub(global)->CreateAssessment(&context, request, &created);
  if (!status.ok()) return ReportRpcError(status, global, err);
  // Piped, the name alone unless -o json was asked for, so that
  // name=$(trustfit assess ...) works as the help says.
  if (global.output == OutputFormat::kJson && global.output_explicit) {
    out << ToJson(created, true);
  } else {
    out << created.name() << "\n";
    err << "trustfit: recorded " << created.assessment().name() << ": "
        << ArrangementText(created.assessment().recommendation().arrangement())
        << ", overall " << Score(created.assessment().overall_score()) << "\n";
  }
  return kExitOk;
}

int GetRecord(const GlobalOptions& global, const std::string& name,
              v1::AssessmentRecord* record, std::ostream& err) {
  v1::GetAssessmentRequest request;
  request.set_name(
      absl::StartsWith(name, "assessments/") ? name : "assessments/" + name);
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      Stub(global)->GetAssessment(&context, request, record);
  return status.ok() ? kExitOk : ReportRpcError(status, global, err);
}

int RunGet(const GlobalOptions& global, const std::string& name,
           std::ostream& out, std::ostream& err) {
  v1::AssessmentRecord record;
  if (const int code = GetRecord(global, name, &record, err); code != kExitOk)
    return code;
  if (global.output == OutputFormat::kJson) {
    out << ToJson(record, true);
    return kExitOk;
  }
  PrintRecordHeader(out, record);
  PrintAssessment(out, record.assessment(), /*explain=*/false, global.width);
  if (record.has_quote()) {
    out << "\n";
    PrintQuote(out, record.quote());
  }
  return kExitOk;
}

int RunList(const GlobalOptions& global, const ListOptions& options,
            std::ostream& out, std::ostream& err) {
  v1::ListAssessmentsRequest request;
  request.set_urn(options.urn);
  request.set_cluster_id(options.cluster);
  if (!options.recommendation.empty()) {
    absl::StatusOr<v1::Arrangement> arrangement =
        ParseArrangement(options.recommendation);
    if (!arrangement.ok()) {
      err << "trustfit: " << arrangement.status().message() << "\n";
      return kExitUsage;
    }
    request.set_recommendation(*arrangement);
  }
  for (auto [text, field] :
       {std::pair{&options.since, request.mutable_created_after()},
        {&options.until, request.mutable_created_before()}}) {
    if (text->empty()) continue;
    std::optional<google::protobuf::Timestamp> when = ParseWhen(*text);
    if (!when) {
      err << "trustfit: not a date: \"" << *text
          << "\" (YYYY-MM-DD or RFC 3339)\n";
      return kExitUsage;
    }
    *field = *when;
  }
  if (options.since.empty()) request.clear_created_after();
  if (options.until.empty()) request.clear_created_before();

  if (global.output == OutputFormat::kCsv) {
    WriteCsvRecord(out,
                   {"name", "create_time", "urn", "school", "cluster_id",
                    "overall_score", "recommendation", "requester", "note"});
  }
  // A table is laid out once every row is in, to fit the terminal.
  TextTable table({{"name"},
                   {"recorded"},
                   {"URN"},
                   {"school", TextTable::kShrinks, TextTable::kLeft, 16},
                   {"cluster", TextTable::kShrinks, TextTable::kLeft, 8},
                   {"overall", TextTable::kFixed, TextTable::kRight},
                   {"recommendation", TextTable::kWraps}});
  const int code = ForEachRecord(
      global, request, options.limit, err, [&](const v1::AssessmentRecord& r) {
        const v1::Assessment& a = r.assessment();
        switch (global.output) {
          case OutputFormat::kJson:
            out << ToJson(r, false) << "\n";
            break;
          case OutputFormat::kCsv:
            WriteCsvRecord(
                out, {r.name(), TimeText(r.create_time()), a.urn(), a.name(),
                      r.cluster_id(), Score(a.overall_score()),
                      ArrangementText(a.recommendation().arrangement()),
                      r.requester(), r.note()});
            break;
          default:
            table.AddRow({r.name(), TimeText(r.create_time()), a.urn(),
                          a.name(), r.cluster_id(), Score(a.overall_score()),
                          ArrangementText(a.recommendation().arrangement())});
        }
      });
  if (global.output == OutputFormat::kTable) out << table.Render(global.width);
  return code;
}

// A score, and its change since `before` when there was one.
std::string ScoreAndChange(double now, std::optional<double> before) {
  if (!before) return Score(now);
  return absl::StrFormat("%s (%+.2f)", Score(now), now - *before);
}

// One row a record, oldest first: the overall score and each criterion's,
// with its change since the record before.
TextTable HistoryTable(const std::vector<v1::AssessmentRecord>& records) {
  std::vector<TextTable::Column> columns = {{"recorded"}, {"overall"}};
  for (const char* c : kCriteria) columns.push_back({c});
  columns.push_back({"recommendation", TextTable::kWraps});
  TextTable table(std::move(columns));
  const v1::Assessment* previous = nullptr;
  for (const auto& r : records) {
    const v1::Assessment& a = r.assessment();
    std::vector<std::string> row = {
        TimeText(r.create_time()).substr(0, 10),
        ScoreAndChange(a.overall_score(),
                       previous
                           ? std::optional<double>(previous->overall_score())
                           : std::nullopt)};
    for (int i = 0; i < 6 && i < a.criteria_size(); ++i) {
      const v1::CriterionResult& c = a.criteria(i);
      std::optional<double> before;
      if (previous && previous->criteria_size() > i &&
          previous->criteria(i).has_score()) {
        before = previous->criteria(i).score();
      }
      row.push_back(c.has_score() ? ScoreAndChange(c.score(), before) : "-");
    }
    row.resize(2 + std::size(kCriteria));
    row.push_back(ArrangementText(a.recommendation().arrangement()));
    table.AddRow(std::move(row));
    previous = &a;
  }
  return table;
}

int RunHistory(const GlobalOptions& global, const std::string& urn,
               const std::string& cluster, const std::string& report,
               std::ostream& out, std::ostream& err) {
  v1::ListAssessmentsRequest request;
  request.set_urn(urn);
  request.set_cluster_id(cluster);
  std::vector<v1::AssessmentRecord> records;
  const int code = ForEachRecord(
      global, request, 0, err,
      [&](const v1::AssessmentRecord& r) { records.push_back(r); });
  if (code != kExitOk) return code;
  if (records.empty()) {
    err << "trustfit: no recorded assessments of URN " << urn << "\n";
    return kExitRejected;
  }
  std::reverse(records.begin(), records.end());  // Oldest first: a trajectory.
  if (!report.empty())
    return WriteTrajectoryReport(global, records, report, err);
  if (global.output != OutputFormat::kTable) {
    WriteHistoryRows(records, global.output, out);
    return kExitOk;
  }
  const v1::Assessment& latest = records.back().assessment();
  out << WrapText(
             absl::StrCat(latest.name(), " (URN ", urn, "): ", records.size(),
                          " recorded assessments, oldest first; each "
                          "score with its change since the one before"),
             global.width)
      << "\n\n"
      << HistoryTable(records).Render(global.width);
  return kExitOk;
}

Subcommand DefineAssess(CLI::App& app) {
  auto assess = std::make_shared<AssessOptions>();
  CLI::App* command = app.add_subcommand(
      "assess",
      "Assess a candidate and keep the record (prints its name; -o json\n"
      "  the whole record)\n"
      "  trustfit assess --cluster north --note \"After the visit\" "
      "school.json\n"
      "  trustfit assess --cluster north --arrangement trust-partnership "
      "school.json");
  command
      ->add_option("candidate", assess->quote.input,
                   "Candidate JSON file, or - for stdin")
      ->capture_default_str();
  command
      ->add_option("--cluster,-c", assess->quote.cluster,
                   "Cluster id of the policy")
      ->required();
  command->add_option("--note", assess->note,
                      "The assessor's note, kept with the record");
  command->add_option(
      "--request-id", assess->request_id,
      "Makes retries safe: the same id and request give the same record");
  command->add_option(
      "--requester", assess->requester,
      "Who is asking (default: $TRUSTFIT_REQUESTER, or user@host)");
  command->add_option("--arrangement,-a", assess->quote.arrangement,
                      "Also quote this arrangement and keep the quote");
  AddQuoteTermsOptions(command, &assess->quote, "Quote: ");
  return {command, [assess](const GlobalOptions& global) {
            return RunAssess(global, *assess, std::cout, std::cerr);
          }};
}

Subcommand DefineGet(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  CLI::App* command =
      app.add_subcommand("get",
                         "A recorded assessment, by name or id\n"
                         "  trustfit get assessments/7f3c9a1e5b2d4c60");
  command->add_option("name", *name, "assessments/ID, or just ID")->required();
  return {command, [name](const GlobalOptions& global) {
            return RunGet(global, *name, std::cout, std::cerr);
          }};
}

Subcommand DefineList(CLI::App& app) {
  auto list = std::make_shared<ListOptions>();
  CLI::App* command = app.add_subcommand(
      "list",
      "Recorded assessments, newest first\n"
      "  trustfit list --urn 108057\n"
      "  trustfit list --cluster north --since 2026-09-01 -o csv");
  command->add_option("--urn", list->urn, "Only this school");
  command->add_option("--cluster,-c", list->cluster, "Only this cluster");
  command->add_option("--recommendation", list->recommendation,
                      "Only this arrangement (e.g. trust-partnership)");
  command->add_option("--since", list->since,
                      "Recorded at or after (YYYY-MM-DD or RFC 3339)");
  command->add_option("--until", list->until,
                      "Recorded before (YYYY-MM-DD or RFC 3339)");
  command->add_option("--limit", list->limit, "At most this many; 0 for all")
      ->capture_default_str();
  return {command, [list](const GlobalOptions& global) {
            return RunList(global, *list, std::cout, std::cerr);
          }};
}

Subcommand DefineHistory(CLI::App& app) {
  struct HistoryOptions {
    std::string urn;
    std::string cluster;
    std::string report;
  };
  auto history = std::make_shared<HistoryOptions>();
  CLI::App* command = app.add_subcommand(
      "history",
      "How a school's assessments moved, criterion by criterion\n"
      "  trustfit history 108057");
  command->add_option("urn", history->urn, "The school's URN")->required();
  command->add_option("--cluster,-c", history->cluster,
                      "Only against this cluster");
  command->add_option("--report", history->report,
                      "Draw the trajectory instead: a page (FILE.html) or the "
                      "picture alone (FILE.svg)");
  return {command, [history](const GlobalOptions& global) {
            return RunHistory(global, history->urn, history->cluster,
                              history->report, std::cout, std::cerr);
          }};
}

}  // namespace trustfit::client
