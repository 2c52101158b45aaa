#include "client/decisions.h"

#include <iostream>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "client/commands.h"
#include "client/connection.h"
#include "client/csv.h"
#include "client/decision_render.h"
#include "client/exit_codes.h"
#include "client/records.h"
#include "scoring/status_macros.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

std::unique_ptr<v1::TrustFitService::Stub> Stub(const GlobalOptions& global) {
  return v1::TrustFitService::NewStub(Connect(global));
}

// A usage error: the message, and exit code 2.
int Usage(std::ostream& err, const absl::Status& status) {
  err << "trustfit: " << status.message() << "\n";
  return kExitUsage;
}

// "arrangements/ID" for a name or a bare id.
std::string ArrangementName(const std::string& name) {
  return absl::StartsWith(name, "arrangements/") ? name
                                                 : "arrangements/" + name;
}

std::string AssessmentName(const std::string& name) {
  return absl::StartsWith(name, "assessments/") ? name : "assessments/" + name;
}

// An enum value from a friendly name, or a usage error listing `known`.
template <typename Enum, typename Parse>
absl::StatusOr<Enum> ParseOption(const std::string& text,
                                 const std::string& option,
                                 const std::string& prefix, Parse parse,
                                 const std::string& known) {
  std::optional<Enum> value = ParseEnum<Enum>(text, prefix, parse);
  if (!value || *value == Enum()) {
    return absl::InvalidArgumentError(
        absl::StrCat(option, ": unknown value \"", text, "\" (", known, ")"));
  }
  return *value;
}

// Calls `rpc` with the requester's metadata; prints the arrangement.
template <typename Request>
int RunStep(const GlobalOptions& global, const std::string& requester,
            grpc::Status (v1::TrustFitService::Stub::*rpc)(
                grpc::ClientContext*, const Request&, v1::ArrangementRecord*),
            const Request& request, std::ostream& out, std::ostream& err) {
  grpc::ClientContext context;
  SetDeadline(&context, global.deadline);
  context.AddMetadata("x-trustfit-requester",
                      requester.empty() ? DefaultRequester() : requester);
  v1::ArrangementRecord arrangement;
  const grpc::Status status =
      (Stub(global).get()->*rpc)(&context, request, &arrangement);
  if (!status.ok()) return ReportRpcError(status, global, err);
  if (global.output == OutputFormat::kJson) {
    out << ToJson(arrangement, true);
  } else {
    PrintArrangement(out, arrangement);
  }
  return kExitOk;
}

// The options every step shares.
struct StepOptions {
  std::string name;
  std::string date;
  std::string note;
  std::string requester;
};

void AddStepOptions(CLI::App* command, StepOptions* step,
                    const std::string& date_help) {
  command->add_option("arrangement", step->name, "arrangements/ID, or ID")
      ->required();
  command->add_option("--date", step->date, date_help);
  command->add_option("--note", step->note, "Kept with the event");
  command->add_option(
      "--requester", step->requester,
      "Who records it (default: $TRUSTFIT_REQUESTER, or user@host)");
}

// The step's date, unset when not given (the server takes today).
absl::Status FillDate(const std::string& text, const std::string& option,
                      google::type::Date* date) {
  if (text.empty()) return absl::OkStatus();
  TRUSTFIT_ASSIGN_OR_RETURN(google::type::Date parsed, ParseDate(text, option));
  *date = parsed;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<google::type::Date> ParseDate(const std::string& text,
                                             const std::string& option) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day) || absl::FormatCivilTime(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(option, ": not a date: \"", text, "\" (YYYY-MM-DD)"));
  }
  google::type::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::StatusOr<v1::RecordDecisionRequest> MakeDecisionRequest(
    const DecideOptions& options) {
  v1::RecordDecisionRequest request;
  request.set_name(AssessmentName(options.assessment));
  request.set_request_id(options.request_id);
  v1::Decision* d = request.mutable_decision();
  TRUSTFIT_ASSIGN_OR_RETURN(v1::DecisionOutcome outcome,
                            ParseOption<v1::DecisionOutcome>(
                                options.outcome, "--outcome",
                                "DECISION_OUTCOME_", v1::DecisionOutcome_Parse,
                                "approved, declined, deferred, withdrawn"));
  d->set_outcome(outcome);
  TRUSTFIT_ASSIGN_OR_RETURN(google::type::Date date,
                            ParseDate(options.date, "--date"));
  *d->mutable_decision_date() = date;
  d->set_meeting_reference(options.meeting);
  for (const std::string& text : options.reasons) {
    std::vector<std::string> parts =
        absl::StrSplit(text, absl::MaxSplits(':', 1));
    TRUSTFIT_ASSIGN_OR_RETURN(
        v1::DecisionReasonCode code,
        ParseOption<v1::DecisionReasonCode>(
            parts[0], "--reason", "DECISION_REASON_CODE_",
            v1::DecisionReasonCode_Parse,
            "finance, performance, governance, choice-of-trust, capacity, "
            "other; CODE:NOTE adds a note"));
    v1::DecisionReason* reason = d->add_reasons();
    reason->set_code(code);
    if (parts.size() == 2) {
      reason->set_note(std::string(absl::StripAsciiWhitespace(parts[1])));
    }
  }
  for (const std::string& text : options.conditions) {
    v1::DecisionCondition* condition = d->add_conditions();
    // "CLUSTER_CAPACITY_REQUIRED=Add 15 days" names the condition's code.
    const size_t equals = text.find('=');
    const std::string code = text.substr(0, equals);
    if (equals != std::string::npos && !code.empty() &&
        code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
            std::string::npos) {
      condition->set_code(code);
      condition->set_description(text.substr(equals + 1));
    } else {
      condition->set_description(text);
    }
  }
  if (!options.arrangement.empty()) {
    TRUSTFIT_ASSIGN_OR_RETURN(v1::Arrangement type,
                              ParseArrangement(options.arrangement));
    d->set_arrangement_type(type);
  }
  if (absl::Status s =
          FillDate(options.start, "--start", d->mutable_start_date());
      !s.ok()) {
    return s;
  }
  if (options.start.empty()) d->clear_start_date();
  return request;
}

int RunDecide(const GlobalOptions& global, const DecideOptions& options,
              std::ostream& out, std::ostream& err) {
  absl::StatusOr<v1::RecordDecisionRequest> request =
      MakeDecisionRequest(options);
  if (!request.ok()) return Usage(err, request.status());
  grpc::ClientContext context;
  SetDeadline(&context, global.deadline);
  context.AddMetadata("x-trustfit-requester", options.requester.empty()
                                                  ? DefaultRequester()
                                                  : options.requester);
  v1::RecordDecisionResponse response;
  const grpc::Status status =
      Stub(global)->RecordDecision(&context, *request, &response);
  if (!status.ok()) return ReportRpcError(status, global, err);
  if (global.output == OutputFormat::kJson) {
    out << ToJson(response, true);
    return kExitOk;
  }
  PrintDecision(out, response.decision());
  if (response.has_arrangement()) {
    out << "\n";
    PrintArrangement(out, response.arrangement());
  }
  return kExitOk;
}

Subcommand DefineDecide(CLI::App& app) {
  auto options = std::make_shared<DecideOptions>();
  CLI::App* command = app.add_subcommand(
      "decide",
      "Record the board's decision on an assessment (locks it; an approval "
      "opens an arrangement)\n"
      "  trustfit decide assessments/7f3c9a1e5b2d4c60 --outcome approved \\\n"
      "      --date 2026-12-10 --meeting \"Board 2026/12 item 4\"\n"
      "  trustfit decide 7f3c9a1e5b2d4c60 --outcome deferred --date "
      "2026-12-10 \\\n"
      "      --reason \"finance:Recovery plan not yet agreed\"");
  command
      ->add_option("assessment", options->assessment, "assessments/ID, or ID")
      ->required();
  command
      ->add_option("--outcome", options->outcome,
                   "approved, declined, deferred or withdrawn")
      ->required();
  command->add_option("--date", options->date, "The meeting's date, YYYY-MM-DD")
      ->required();
  command->add_option("--meeting", options->meeting,
                      "The meeting or minute reference");
  command->add_option("--reason", options->reasons,
                      "finance, performance, governance, choice-of-trust, "
                      "capacity or other, optionally :NOTE (repeat)");
  command->add_option("--condition", options->conditions,
                      "A condition: TEXT, or CODE=TEXT (repeat)");
  command->add_option("--arrangement,-a", options->arrangement,
                      "Approved: the arrangement agreed, when not the one "
                      "recommended");
  command->add_option("--start", options->start,
                      "Approved: its start, YYYY-MM-DD (default: --date)");
  command->add_option("--request-id", options->request_id,
                      "Makes retries safe: the same id and decision give the "
                      "same result");
  command->add_option(
      "--requester", options->requester,
      "Who records it (default: $TRUSTFIT_REQUESTER, or user@host)");
  return {command, [options](const GlobalOptions& global) {
            return RunDecide(global, *options, std::cout, std::cerr);
          }};
}

Subcommand DefineArrangementsList(CLI::App& arrangements) {
  struct ListArrangementOptions {
    std::string urn, cluster, state;
    int limit = 50;
  };
  auto options = std::make_shared<ListArrangementOptions>();
  CLI::App* command = arrangements.add_subcommand(
      "list",
      "Arrangements, newest first\n"
      "  trustfit arrangements list --cluster north --state active");
  command->add_option("--urn", options->urn, "Only this school");
  command->add_option("--cluster,-c", options->cluster, "Only this cluster");
  command->add_option("--state", options->state, "active or ended");
  command->add_option("--limit", options->limit, "At most this many; 0 for all")
      ->capture_default_str();
  return {command, [options](const GlobalOptions& global) {
            v1::ListArrangementsRequest request;
            request.set_urn(options->urn);
            request.set_cluster_id(options->cluster);
            if (!options->state.empty()) {
              absl::StatusOr<v1::ArrangementState> state =
                  ParseOption<v1::ArrangementState>(
                      options->state, "--state", "ARRANGEMENT_STATE_",
                      v1::ArrangementState_Parse, "active, ended");
              if (!state.ok()) return Usage(std::cerr, state.status());
              request.set_state(*state);
            }
            return RunListArrangements(global, request, options->limit,
                                       std::cout, std::cerr);
          }};
}

int RunListArrangements(const GlobalOptions& global,
                        v1::ListArrangementsRequest request, int limit,
                        std::ostream& out, std::ostream& err) {
  if (global.output == OutputFormat::kCsv)
    WriteCsvRecord(out, ArrangementCsvHeader());
  TextTable table = NewArrangementTable();
  auto stub = Stub(global);
  int seen = 0;
  for (;;) {
    request.set_page_size(limit > 0 ? std::min(limit - seen, 100) : 100);
    v1::ListArrangementsResponse page;
    grpc::ClientContext context;
    SetDeadline(&context, global.deadline);
    const grpc::Status status =
        stub->ListArrangements(&context, request, &page);
    if (!status.ok()) return ReportRpcError(status, global, err);
    for (const v1::ArrangementRecord& a : page.arrangements()) {
      switch (global.output) {
        case OutputFormat::kJson:
          out << ToJson(a, false) << "\n";
          break;
        case OutputFormat::kCsv:
          WriteCsvRecord(out, ArrangementCsvRow(a));
          break;
        default:
          table.AddRow(ArrangementTableRow(a));
      }
      ++seen;
    }
    if (page.next_page_token().empty() || (limit > 0 && seen >= limit)) {
      if (global.output == OutputFormat::kTable)
        out << table.Render(global.width);
      return kExitOk;
    }
    request.set_page_token(page.next_page_token());
  }
}

Subcommand DefineArrangementsGet(CLI::App& arrangements) {
  auto name = std::make_shared<std::string>();
  CLI::App* command = arrangements.add_subcommand(
      "get",
      "An arrangement and its events\n"
      "  trustfit arrangements get arrangements/3f9c0a7d12e45b60");
  command->add_option("arrangement", *name, "arrangements/ID, or ID")
      ->required();
  return {command, [name](const GlobalOptions& global) {
            v1::GetArrangementRequest request;
            request.set_name(ArrangementName(*name));
            grpc::ClientContext context;
            SetDeadline(&context, global.deadline);
            v1::ArrangementRecord a;
            const grpc::Status status =
                Stub(global)->GetArrangement(&context, request, &a);
            if (!status.ok()) {
              return ReportRpcError(status, global, std::cerr);
            }
            if (global.output == OutputFormat::kJson) {
              std::cout << ToJson(a, true);
            } else {
              PrintArrangement(std::cout, a);
            }
            return kExitOk;
          }};
}

Subcommand DefineArrangementsAdvance(CLI::App& arrangements) {
  struct AdvanceOptions {
    StepOptions step;
    std::string stage = "director-authorised";
  };
  auto options = std::make_shared<AdvanceOptions>();
  CLI::App* command = arrangements.add_subcommand(
      "advance",
      "Phase 1 -> phase 2: the Regional Director authorised the conversion\n"
      "  trustfit arrangements advance 3f9c0a7d12e45b60 --date 2027-03-01");
  AddStepOptions(command, &options->step,
                 "The authorisation's date, YYYY-MM-DD (default: today)");
  command
      ->add_option("--governance-stage", options->stage,
                   "The school's stage now")
      ->capture_default_str();
  return {command, [options](const GlobalOptions& global) {
            v1::AdvanceArrangementPhaseRequest request;
            request.set_name(ArrangementName(options->step.name));
            request.set_note(options->step.note);
            absl::StatusOr<v1::GovernanceStage> stage =
                ParseOption<v1::GovernanceStage>(
                    options->stage, "--governance-stage", "GOVERNANCE_STAGE_",
                    v1::GovernanceStage_Parse,
                    "exploring, governors-resolved, director-authorised, "
                    "converted");
            if (!stage.ok()) return Usage(std::cerr, stage.status());
            request.set_governance_stage(*stage);
            if (absl::Status s = FillDate(options->step.date, "--date",
                                          request.mutable_event_date());
                !s.ok()) {
              return Usage(std::cerr, s);
            }
            return RunStep(global, options->step.requester,
                           &v1::TrustFitService::Stub::AdvanceArrangementPhase,
                           request, std::cout, std::cerr);
          }};
}

Subcommand DefineArrangementsReview(CLI::App& arrangements) {
  struct ReviewOptions {
    StepOptions step;
    std::string assessment;
  };
  auto options = std::make_shared<ReviewOptions>();
  CLI::App* command = arrangements.add_subcommand(
      "review",
      "Review an arrangement against a new assessment of the school\n"
      "  trustfit arrangements review 3f9c0a7d12e45b60 \\\n"
      "      --assessment assessments/7f3c9a1e5b2d4c99");
  AddStepOptions(command, &options->step,
                 "The review's date, YYYY-MM-DD (default: today)");
  command
      ->add_option("--assessment", options->assessment,
                   "The new assessment: assessments/ID, or ID")
      ->required();
  return {command, [options](const GlobalOptions& global) {
            v1::ReviewArrangementRequest request;
            request.set_name(ArrangementName(options->step.name));
            request.set_assessment(AssessmentName(options->assessment));
            request.set_note(options->step.note);
            if (absl::Status s = FillDate(options->step.date, "--date",
                                          request.mutable_review_date());
                !s.ok()) {
              return Usage(std::cerr, s);
            }
            return RunStep(global, options->step.requester,
                           &v1::TrustFitService::Stub::ReviewArrangement,
                           request, std::cout, std::cerr);
          }};
}

Subcommand DefineArrangementsExtend(CLI::App& arrangements) {
  struct ExtendOptions {
    StepOptions step;
    std::string term_end;
  };
  auto options = std::make_shared<ExtendOptions>();
  CLI::App* command = arrangements.add_subcommand(
      "extend",
      "Extend an arrangement's term (within the policy's maximum)\n"
      "  trustfit arrangements extend 3f9c0a7d12e45b60 --term-end 2028-06-10");
  AddStepOptions(command, &options->step,
                 "When it was agreed, YYYY-MM-DD (default: today)");
  command
      ->add_option("--term-end", options->term_end,
                   "The new end of term, YYYY-MM-DD")
      ->required();
  return {command, [options](const GlobalOptions& global) {
            v1::ExtendArrangementRequest request;
            request.set_name(ArrangementName(options->step.name));
            request.set_note(options->step.note);
            absl::StatusOr<google::type::Date> end =
                ParseDate(options->term_end, "--term-end");
            if (!end.ok()) return Usage(std::cerr, end.status());
            *request.mutable_new_term_end() = *end;
            if (absl::Status s = FillDate(options->step.date, "--date",
                                          request.mutable_event_date());
                !s.ok()) {
              return Usage(std::cerr, s);
            }
            return RunStep(global, options->step.requester,
                           &v1::TrustFitService::Stub::ExtendArrangement,
                           request, std::cout, std::cerr);
          }};
}

Subcommand DefineArrangementsEnd(CLI::App& arrangements) {
  struct EndOptions {
    StepOptions step;
    std::string outcome;
    std::string by;
  };
  auto options = std::make_shared<EndOptions>();
  CLI::App* command = arrangements.add_subcommand(
      "end",
      "End an arrangement\n"
      "  trustfit arrangements end 3f9c0a7d12e45b60 --outcome integrated\n"
      "  trustfit arrangements end 3f9c0a7d12e45b60 --outcome walked-away "
      "--by school");
  AddStepOptions(command, &options->step,
                 "When it ended, YYYY-MM-DD (default: today)");
  command
      ->add_option("--outcome", options->outcome,
                   "integrated, ended-at-term or walked-away")
      ->required();
  command->add_option("--by", options->by,
                      "walked-away: the school or the trust");
  return {
      command, [options](const GlobalOptions& global) {
        v1::EndArrangementRequest request;
        request.set_name(ArrangementName(options->step.name));
        request.set_note(options->step.note);
        absl::StatusOr<v1::EndOutcome> outcome = ParseOption<v1::EndOutcome>(
            options->outcome, "--outcome", "END_OUTCOME_", v1::EndOutcome_Parse,
            "integrated, ended-at-term, walked-away");
        if (!outcome.ok()) return Usage(std::cerr, outcome.status());
        request.set_outcome(*outcome);
        if (!options->by.empty()) {
          absl::StatusOr<v1::Party> by = ParseOption<v1::Party>(
              options->by, "--by", "PARTY_", v1::Party_Parse, "school, trust");
          if (!by.ok()) return Usage(std::cerr, by.status());
          request.set_walked_away_by(*by);
        }
        if (absl::Status s = FillDate(options->step.date, "--date",
                                      request.mutable_event_date());
            !s.ok()) {
          return Usage(std::cerr, s);
        }
        return RunStep(global, options->step.requester,
                       &v1::TrustFitService::Stub::EndArrangement, request,
                       std::cout, std::cerr);
      }};
}

Subcommand DefinePipeline(CLI::App& app) {
  struct PipelineOptions {
    std::string cluster;
    int due_within = 30;
    std::string as_of;
  };
  auto options = std::make_shared<PipelineOptions>();
  CLI::App* command = app.add_subcommand(
      "pipeline",
      "Each cluster's capacity, commitments and active arrangements, with "
      "what is due\n"
      "  trustfit pipeline\n"
      "  trustfit pipeline --cluster north --due-within 60");
  command->add_option("--cluster,-c", options->cluster, "Only this cluster");
  command
      ->add_option("--due-within", options->due_within,
                   "Reviews and term ends within this many days are due soon")
      ->capture_default_str();
  command->add_option("--as-of", options->as_of,
                      "The day to look from, YYYY-MM-DD (default: today)");
  return {command, [options](const GlobalOptions& global) {
            v1::GetPipelineRequest request;
            request.set_cluster_id(options->cluster);
            request.set_due_within_days(options->due_within);
            if (absl::Status s = FillDate(options->as_of, "--as-of",
                                          request.mutable_as_of());
                !s.ok()) {
              return Usage(std::cerr, s);
            }
            if (options->as_of.empty()) request.clear_as_of();
            grpc::ClientContext context;
            SetDeadline(&context, global.deadline);
            v1::GetPipelineResponse pipeline;
            const grpc::Status status =
                Stub(global)->GetPipeline(&context, request, &pipeline);
            if (!status.ok()) {
              return ReportRpcError(status, global, std::cerr);
            }
            if (global.output == OutputFormat::kJson) {
              std::cout << ToJson(pipeline, true);
            } else {
              PrintPipeline(std::cout, pipeline, global.width);
            }
            return kExitOk;
          }};
}

}  // namespace trustfit::client
