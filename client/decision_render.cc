#include "client/decision_render.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "client/render.h"
#include "scoring/arrangements.h"
#include "scoring/dates.h"

namespace trustfit::client {
namespace {

// `text`'s every line indented by two spaces.
std::string Indent(const std::string& text) {
  return absl::StrCat(
      "  ",
      absl::StrReplaceAll(absl::StripSuffix(text, "\n"), {{"\n", "\n  "}}),
      "\n");
}

namespace v1 = ::trustfit::v1;

std::string Date(const google::type::Date& date) {
  return scoring::IsValidDate(date) ? scoring::FormatDate(date) : "-";
}

std::string Days(double days) { return absl::StrFormat("%.1f", days); }

std::string Money(int64_t pence) {
  return absl::StrFormat("£%d.%02d", pence / 100, pence % 100);
}

// "finance" for DECISION_REASON_CODE_FINANCE.
std::string Words(std::string name, absl::string_view prefix) {
  name = name.substr(prefix.size());
  absl::AsciiStrToLower(&name);
  absl::StrReplaceAll({{"_", " "}}, &name);
  return name;
}

std::string TypeAndPhase(const v1::ArrangementRecord& a) {
  const std::string phase = PhaseText(a.associate_phase());
  return phase.empty()
             ? ArrangementText(a.arrangement_type())
             : absl::StrCat(ArrangementText(a.arrangement_type()), ", ", phase);
}

std::string StateText(const v1::ArrangementRecord& a) {
  if (a.state() != v1::ARRANGEMENT_STATE_ENDED) return "active";
  std::string text =
      absl::StrCat("ended: ", scoring::EndOutcomeName(a.ending().outcome()));
  if (a.ending().outcome() == v1::END_OUTCOME_WALKED_AWAY) {
    absl::StrAppend(
        &text, " by the ",
        a.ending().walked_away_by() == v1::PARTY_TRUST ? "trust" : "school");
  }
  return text;
}

// What an event did, in a few words.
std::string EventText(const v1::ArrangementEvent& e) {
  switch (e.kind()) {
    case v1::ARRANGEMENT_EVENT_KIND_OPENED:
      return "opened by an approved decision";
    case v1::ARRANGEMENT_EVENT_KIND_PHASE_ADVANCED:
      return absl::StrCat(
          "phase 1 -> phase 2 (governance ",
          Words(v1::GovernanceStage_Name(e.phase_change().governance_stage()),
                "GOVERNANCE_STAGE_"),
          ")");
    case v1::ARRANGEMENT_EVENT_KIND_REVIEWED: {
      const v1::ArrangementReview& r = e.review();
      return absl::StrFormat(
          "reviewed against %s: overall %.2f (%+.2f), %s; committed %s -> %s "
          "days; next review %s",
          r.assessment(), r.overall_score(), r.overall_change(),
          ArrangementText(r.recommendation()), Days(r.committed_days_before()),
          Days(r.committed_days_after()), Date(r.next_review_date()));
    }
    case v1::ARRANGEMENT_EVENT_KIND_EXTENDED:
      return absl::StrCat("term extended from ",
                          Date(e.extension().previous_term_end()), " to ",
                          Date(e.extension().new_term_end()), " (",
                          e.extension().total_term_months(), " months)");
    case v1::ARRANGEMENT_EVENT_KIND_ENDED: {
      std::string text = absl::StrCat(
          "ended: ", scoring::EndOutcomeName(e.ending().outcome()));
      if (e.ending().outcome() == v1::END_OUTCOME_WALKED_AWAY) {
        absl::StrAppend(&text, " by the ",
                        e.ending().walked_away_by() == v1::PARTY_TRUST
                            ? "trust"
                            : "school");
      }
      return text;
    }
    default:
      return "?";
  }
}

std::string Due(const v1::PipelineEntry& e) {
  std::vector<std::string> due;
  if (e.review_overdue()) due.push_back("REVIEW OVERDUE");
  if (e.review_due_soon()) due.push_back("review due");
  if (e.term_overdue()) due.push_back("TERM OVER");
  if (e.term_ending_soon()) due.push_back("term ending");
  return absl::StrJoin(due, ", ");
}

}  // namespace

std::string PhaseText(v1::AssociatePhase phase) {
  switch (phase) {
    case v1::ASSOCIATE_PHASE_1:
      return "phase 1";
    case v1::ASSOCIATE_PHASE_2:
      return "phase 2";
    default:
      return "";
  }
}

void PrintDecision(std::ostream& out, const v1::Decision& d) {
  out << d.assessment() << ": " << scoring::OutcomeName(d.outcome()) << " on "
      << Date(d.decision_date());
  if (!d.meeting_reference().empty())
    out << " (" << d.meeting_reference() << ")";
  if (!d.decided_by().empty()) out << ", recorded by " << d.decided_by();
  out << "\n";
  for (const v1::DecisionReason& r : d.reasons()) {
    out << "  reason: "
        << Words(v1::DecisionReasonCode_Name(r.code()), "DECISION_REASON_CODE_")
        << (r.note().empty() ? "" : absl::StrCat(" - ", r.note())) << "\n";
  }
  for (const v1::DecisionCondition& c : d.conditions()) {
    out << "  condition: "
        << (c.code().empty() ? "" : absl::StrCat(c.code(), ": "))
        << c.description() << "\n";
  }
  if (!d.arrangement().empty()) out << "  opened " << d.arrangement() << "\n";
}

void PrintArrangement(std::ostream& out, const v1::ArrangementRecord& a) {
  out << a.name() << "  " << a.school_name() << " (URN " << a.urn()
      << "), cluster " << a.cluster_id() << "\n";
  out << "  " << TypeAndPhase(a) << "; " << StateText(a) << "\n";
  out << "  Term " << Date(a.start_date()) << " to " << Date(a.term_end_date())
      << "; reviewed every " << a.review_months() << " months; next review "
      << Date(a.next_review_date()) << "\n";
  out << "  Commits " << Days(a.committed_days())
      << " executive days a year; decided on " << a.assessment()
      << ", latest assessment " << a.latest_assessment() << "\n";
  if (a.has_quote()) {
    out << "  Agreed quote: " << Money(a.quote().net_pence()) << " over "
        << a.quote().term_months() << " months, " << a.quote().schedule_size()
        << " instalments\n";
  }
  out << "\nEvents:\n";
  for (const v1::ArrangementEvent& e : a.events()) {
    out << "  " << Date(e.event_date()) << "  " << EventText(e) << "  ["
        << e.recorded_by() << "]\n";
    if (!e.note().empty()) out << "              " << e.note() << "\n";
  }
}

TextTable NewArrangementTable() {
  return TextTable({{"name"},
                    {"URN"},
                    {"school", TextTable::kShrinks, TextTable::kLeft, 16},
                    {"cluster", TextTable::kShrinks, TextTable::kLeft, 8},
                    {"arrangement", TextTable::kShrinks, TextTable::kLeft, 16},
                    {"review"},
                    {"term end"},
                    {"days", TextTable::kFixed, TextTable::kRight},
                    {"state", TextTable::kWraps}});
}

std::vector<std::string> ArrangementTableRow(const v1::ArrangementRecord& a) {
  return {a.name(),
          a.urn(),
          a.school_name(),
          a.cluster_id(),
          TypeAndPhase(a),
          Date(a.next_review_date()),
          Date(a.term_end_date()),
          Days(a.committed_days()),
          StateText(a)};
}

std::vector<std::string> ArrangementCsvHeader() {
  return {
      "name",          "urn",         "school",         "cluster_id",
      "arrangement",   "phase",       "state",          "start_date",
      "term_end_date", "next_review", "committed_days", "latest_assessment"};
}

std::vector<std::string> ArrangementCsvRow(const v1::ArrangementRecord& a) {
  return {a.name(),
          a.urn(),
          a.school_name(),
          a.cluster_id(),
          ArrangementText(a.arrangement_type()),
          PhaseText(a.associate_phase()),
          StateText(a),
          Date(a.start_date()),
          Date(a.term_end_date()),
          Date(a.next_review_date()),
          Days(a.committed_days()),
          a.latest_assessment()};
}

void PrintPipeline(std::ostream& out, const v1::GetPipelineResponse& p,
                   size_t width) {
  out << "Pipeline as of " << Date(p.as_of()) << " (due soon: within "
      << p.due_within_days() << " days)\n";
  for (const v1::ClusterPipeline& c : p.clusters()) {
    out << "\n"
        << (c.cluster_name().empty() ? c.cluster_id() : c.cluster_name())
        << " [" << c.cluster_id() << "]\n";
    out << FitLine(
               absl::StrFormat(
                   "  capacity %s days; committed %s (%s configured + %s in %d "
                   "arrangement%s); spare %s; utilisation %.2f%%",
                   Days(c.support_capacity_days()),
                   Days(c.configured_committed_days() +
                        c.arrangement_committed_days()),
                   Days(c.configured_committed_days()),
                   Days(c.arrangement_committed_days()), c.arrangements_size(),
                   c.arrangements_size() == 1 ? "" : "s", Days(c.spare_days()),
                   c.utilisation_pct()),
               width)
        << "\n";
    if (c.arrangements().empty()) continue;
    out << absl::StrFormat("  %d overdue, %d due soon\n", c.overdue_count(),
                           c.due_soon_count());
    TextTable table({{"arrangement"},
                     {"school", TextTable::kShrinks, TextTable::kLeft, 16},
                     {"type", TextTable::kShrinks, TextTable::kLeft, 16},
                     {"days", TextTable::kFixed, TextTable::kRight},
                     {"review"},
                     {"term end"},
                     {"due", TextTable::kWraps}});
    for (const v1::PipelineEntry& e : c.arrangements()) {
      const std::string phase = PhaseText(e.associate_phase());
      table.AddRow({e.arrangement(), e.school_name(),
                    phase.empty()
                        ? ArrangementText(e.arrangement_type())
                        : absl::StrCat(ArrangementText(e.arrangement_type()),
                                       ", ", phase),
                    Days(e.committed_days()), Date(e.next_review_date()),
                    Date(e.term_end_date()), Due(e)});
    }
    out << Indent(table.Render(width > 2 ? width - 2 : 0));
  }
}

}  // namespace trustfit::client
