#include "scoring/report/agreement.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "scoring/agreement_template.h"
#include "scoring/criteria.h"
#include "scoring/dates.h"
#include "scoring/money.h"
#include "scoring/policy.h"
#include "scoring/report/format.h"
#include "scoring/report/page.h"
#include "scoring/status_macros.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

using Values = absl::flat_hash_map<std::string, std::string>;

// The policy's wording, or the default policy's for a policy without any.
// Returned by value: the default policy lives only as long as its handle.
v1::AgreementTemplate Wording(const v1::Policy& policy) {
  return policy.has_agreement()
             ? policy.agreement()
             : scoring::Policy::Default().proto().agreement();
}

// The commencement date: the quote spec's start date, else the first
// instalment's due date (they are the same for a quote the server made).
absl::StatusOr<google::type::Date> StartDate(
    const v1::AssessmentRecord& record) {
  if (scoring::IsValidDate(record.quote_spec().start_date())) {
    return record.quote_spec().start_date();
  }
  if (!record.quote().schedule().empty()) {
    return record.quote().schedule(0).due_date();
  }
  return absl::InvalidArgumentError(
      "a draft agreement needs a start date: record.quote_spec.start_date or "
      "an instalment in record.quote.schedule");
}

google::type::Date EndDate(const google::type::Date& start, int months) {
  return DayBefore(scoring::AddMonths(start, months));
}

const v1::CatalogueService* FindService(const v1::Policy& policy,
                                        absl::string_view code) {
  for (const auto& service : policy.cost().catalogue()) {
    if (service.code() == code) return &service;
  }
  return nullptr;
}

std::vector<std::string> Inclusions(const v1::AgreementTemplate& words,
                                    absl::string_view code) {
  for (const auto& inclusions : words.service_inclusions()) {
    if (inclusions.code() == code) {
      return {inclusions.includes().begin(), inclusions.includes().end()};
    }
  }
  return {};
}

// How often the arrangement quoted is reviewed, from the policy's terms.
int ReviewMonths(const v1::Policy& policy, const v1::Quote& quote) {
  const v1::ArrangementTerms* terms = scoring::FindArrangementTerms(
      policy.scoring().recommendation(), quote.arrangement());
  return terms == nullptr ? 0 : terms->review_months();
}

bool HasLine(const v1::Quote& quote, v1::LineKind kind,
             absl::string_view code) {
  for (const auto& line : quote.line_items()) {
    if (line.kind() == kind && line.code() == code) return true;
  }
  return false;
}

// Writes the policy's clauses into a Document, filling in placeholders; the
// first failure is kept and stops nothing, so one pass reports it.
class Writer {
 public:
  Writer(const Values& values, Document* doc) : values_(values), doc_(doc) {}

  std::string Fill(absl::string_view text) {
    absl::StatusOr<std::string> filled = FillPlaceholders(text, values_);
    if (filled.ok()) return *std::move(filled);
    if (status_.ok()) status_ = filled.status();
    return std::string(text);
  }

  // Each line of `text` a paragraph, blank lines skipped.
  void Paragraphs(absl::string_view text) {
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      line = absl::StripAsciiWhitespace(line);
      if (!line.empty()) doc_->Paragraph(Fill(line));
    }
  }

  void Clause(const v1::AgreementClause& clause) {
    doc_->Heading(2, Fill(clause.heading()));
    Paragraphs(clause.text());
  }

  void Items(const google::protobuf::RepeatedPtrField<std::string>& items) {
    std::vector<std::string> filled;
    for (const std::string& item : items) filled.push_back(Fill(item));
    if (!filled.empty()) doc_->List(std::move(filled));
  }

  Document& doc() { return *doc_; }
  const absl::Status& status() const { return status_; }

 private:
  const Values& values_;
  Document* doc_;
  absl::Status status_;
};

void KeyTerms(const Values& values, const v1::Quote& quote, Document* doc) {
  doc->Table(
      {"Particular", "Agreed"},
      {{"The trust", values.at("trust_name")},
       {"The school", absl::StrCat(values.at("school_name"), " (URN ",
                                   values.at("urn"), ")")},
       {"Arrangement", values.at("arrangement")},
       {"Commencement", values.at("start_date")},
       {"End", values.at("end_date")},
       {"Term", absl::StrCat(values.at("term_months"), " months (at most ",
                             values.at("max_term_months"), ")")},
       {"Reviews",
        absl::StrCat("every ", values.at("review_months"), " months")},
       {"Service charge", absl::StrCat(values.at("net_cost"), " for the term, ",
                                       values.at("effective_rate"),
                                       " of the funding base a year")},
       {"Instalments", quote.schedule().empty()
                           ? std::string("none")
                           : absl::StrCat(values.at("instalment_count"), ", ",
                                          values.at("frequency"))}});
}

// The services schedule: the core programme, add-ons, what is bought
// elsewhere, what the school contributes, and the associate's phases.
void ServicesSchedule(const v1::Policy& policy,
                      const v1::AgreementTemplate& words,
                      const v1::AssessmentRecord& record, Writer* w) {
  const v1::Quote& quote = record.quote();
  w->Clause(words.services());
  std::vector<std::string> elsewhere;
  w->doc().Heading(3, "Core programme");
  for (const auto& service : policy.cost().catalogue()) {
    if (!service.core()) continue;
    if (HasLine(quote, v1::LINE_KIND_CREDIT, service.code())) {
      elsewhere.push_back(service.name());
      continue;
    }
    w->doc().Heading(4, service.name());
    w->doc().List(Inclusions(words, service.code()));
  }
  bool add_on_heading = false;
  for (const auto& line : quote.line_items()) {
    if (line.kind() != v1::LINE_KIND_ADD_ON) continue;
    const v1::CatalogueService* service = FindService(policy, line.code());
    const std::string name = service ? service->name() : line.code();
    if (HasLine(quote, v1::LINE_KIND_CREDIT, line.code())) {
      elsewhere.push_back(name);
      continue;
    }
    if (!add_on_heading) w->doc().Heading(3, "Additional services");
    add_on_heading = true;
    w->doc().Heading(4, name);
    std::vector<std::string> items = Inclusions(words, line.code());
    if (items.empty()) items.push_back(line.description());
    w->doc().List(std::move(items));
  }
  if (!elsewhere.empty()) {
    w->doc().Heading(3, "Bought elsewhere: not provided, not charged");
    w->doc().List(std::move(elsewhere));
  }
  std::vector<std::string> contributed;
  for (const auto& line : quote.line_items()) {
    if (line.kind() == v1::LINE_KIND_CONTRIBUTION) {
      contributed.push_back(line.description());
    }
  }
  if (!contributed.empty()) {
    w->doc().Heading(3, "Contributed by the school to the trust");
    w->doc().List(std::move(contributed));
  }
}

void AssociatePhases(const v1::AgreementTemplate& words,
                     const v1::Assessment& assessment, Writer* w) {
  const auto& phases = words.associate_phases();
  w->Clause(phases.phase_1());
  w->Items(phases.phase_1_items());
  w->Clause(phases.phase_2());
  w->Items(phases.phase_2_items());
  const v1::AssociatePhase now = assessment.recommendation().associate_phase();
  if (now != v1::ASSOCIATE_PHASE_UNSPECIFIED) {
    w->doc().Note(absl::StrCat("At commencement the school is in ",
                               AssociatePhaseName(now), "."));
  }
}

void ChargeSchedule(const v1::AgreementTemplate& words, const v1::Quote& quote,
                    Writer* w) {
  w->Clause(words.charges());
  std::vector<std::vector<std::string>> lines;
  for (const auto& line : quote.line_items()) {
    lines.push_back(
        {line.description(), scoring::FormatPence(line.amount_pence())});
  }
  lines.push_back(
      {"Gross (core and add-ons)", scoring::FormatPence(quote.gross_pence())});
  lines.push_back(
      {"Net for the term", scoring::FormatPence(quote.net_pence())});
  w->doc().Table({"Service charge", "Amount"}, std::move(lines), {1});
  if (quote.schedule().empty()) return;
  w->doc().Heading(3, "Instalments");
  std::vector<std::vector<std::string>> rows;
  for (const auto& instalment : quote.schedule()) {
    rows.push_back({absl::StrCat(instalment.sequence()),
                    LongDate(instalment.due_date()),
                    scoring::FormatPence(instalment.amount_pence())});
  }
  rows.push_back({"", "Total", scoring::FormatPence(quote.net_pence())});
  w->doc().Table({"No.", "Due", "Amount"}, std::move(rows), {0, 2});
}

// One objective for each reason against, with what to do about it.
// The reasons against, each with what to do, then the changes "what would
// it take" found towards the next better arrangement.
std::vector<std::string> Objectives(const v1::Assessment& assessment,
                                    const v1::ImprovementPath* path) {
  std::vector<std::string> objectives;
  for (const auto& reason : assessment.reasons_against()) {
    const scoring::ReasonCodeInfo* info = FindReasonCode(reason.code());
    objectives.push_back(absl::StrCat(
        FactorName(reason.factor()), " (", CriterionName(reason.criterion()),
        "): ", reason.explanation(),
        info == nullptr ? "" : absl::StrCat(" To do: ", info->action)));
  }
  if (path == nullptr || !path->reachable()) return objectives;
  for (const auto& change : path->changes()) {
    objectives.push_back(
        absl::StrCat("Towards ", ArrangementName(path->target_arrangement()),
                     ": ", change.field(), " from ", change.value_now(), " to ",
                     change.value_needed(), ". ", change.explanation()));
  }
  return objectives;
}

void ObjectivesAndReviews(const v1::AgreementTemplate& words,
                          const v1::Assessment& assessment,
                          const v1::ImprovementPath* path,
                          const google::type::Date& start, int term_months,
                          int review_months, Writer* w) {
  w->Clause(words.objectives());
  std::vector<std::string> objectives = Objectives(assessment, path);
  if (objectives.empty()) {
    w->doc().Paragraph(
        "The assessment found no reason against the school: the parties "
        "will set objectives at the first review.");
  } else {
    w->doc().List(std::move(objectives));
  }
  w->doc().Heading(3, "Review points");
  std::vector<std::string> reviews;
  for (int months = review_months; review_months > 0 && months < term_months;
       months += review_months) {
    reviews.push_back(
        absl::StrCat("Review ", reviews.size() + 1, ": ",
                     LongDate(scoring::AddMonths(start, months))));
  }
  reviews.push_back(
      absl::StrCat("End of term: ", LongDate(EndDate(start, term_months)),
                   ", when either party may decide not to "
                   "continue"));
  w->doc().List(std::move(reviews));
}

void Conditions(const v1::AgreementTemplate& words,
                const v1::Assessment& assessment, Writer* w) {
  const auto& conditions = assessment.recommendation().conditions();
  if (conditions.empty()) {
    w->doc().Heading(2, w->Fill(words.conditions().heading()));
    w->doc().Paragraph("None: the assessment attached no condition.");
    return;
  }
  w->Clause(words.conditions());
  std::vector<std::string> items;
  for (const auto& condition : conditions) {
    std::string text = condition.explanation();
    for (const auto& clause : words.condition_clauses()) {
      if (clause.code() == condition.code()) text = w->Fill(clause.text());
    }
    if (condition.has_days_missing()) {
      absl::StrAppend(&text, " (",
                      scoring::FormatNumber(condition.days_missing()),
                      " executive support days a year are missing.)");
    }
    items.push_back(std::move(text));
  }
  w->doc().List(std::move(items));
}

}  // namespace

absl::StatusOr<std::string> FillPlaceholders(absl::string_view text,
                                             const Values& values) {
  TRUSTFIT_ASSIGN_OR_RETURN(std::vector<scoring::TemplatePiece> pieces,
                            scoring::SplitTemplate(text));
  std::string out;
  for (const scoring::TemplatePiece& piece : pieces) {
    if (!piece.placeholder) {
      out += piece.text;
      continue;
    }
    const auto it = values.find(piece.text);
    if (it == values.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown placeholder {{", piece.text, "}}"));
    }
    out += it->second;
  }
  return out;
}

absl::StatusOr<Values> AgreementValues(const v1::Policy& policy,
                                       const v1::AssessmentRecord& record) {
  if (!record.has_assessment() || !record.has_quote()) {
    return absl::InvalidArgumentError(
        "a draft agreement needs the record's assessment and quote "
        "(record.assessment, record.quote)");
  }
  TRUSTFIT_ASSIGN_OR_RETURN(const google::type::Date start, StartDate(record));
  const v1::Quote& quote = record.quote();
  const v1::ArrangementTerms* terms = scoring::FindArrangementTerms(
      policy.scoring().recommendation(), quote.arrangement());
  const std::string& la = record.candidate().identity().local_authority();
  return Values{
      {"trust_name", policy.trust().name()},
      {"school_name", record.assessment().name()},
      {"urn", record.assessment().urn()},
      {"local_authority", la.empty() ? "not known" : la},
      {"cluster_name", ClusterNameOf(policy, record)},
      {"arrangement", std::string(ArrangementName(quote.arrangement()))},
      {"term_months", absl::StrCat(quote.term_months())},
      {"start_date", LongDate(start)},
      {"end_date", LongDate(EndDate(start, quote.term_months()))},
      {"max_term_months",
       absl::StrCat(terms ? terms->max_months() : quote.term_months())},
      {"review_months", absl::StrCat(ReviewMonths(policy, quote))},
      {"funding_base", scoring::FormatPence(quote.funding_base_pence())},
      {"net_cost", scoring::FormatPence(quote.net_pence())},
      {"effective_rate",
       scoring::FormatBasisPoints(quote.effective_rate_bps())},
      {"frequency", std::string(FrequencyName(quote.frequency()))},
      {"instalment_count", absl::StrCat(quote.schedule_size())},
  };
}

absl::StatusOr<Document> BuildAgreement(const v1::Policy& policy,
                                        const v1::AssessmentRecord& record,
                                        const v1::ImprovementPath* path) {
  TRUSTFIT_ASSIGN_OR_RETURN(const Values values,
                            AgreementValues(policy, record));
  TRUSTFIT_ASSIGN_OR_RETURN(const google::type::Date start, StartDate(record));
  const v1::AgreementTemplate words = Wording(policy);
  const v1::Assessment& assessment = record.assessment();
  const v1::Quote& quote = record.quote();
  Document doc;
  Writer w(values, &doc);
  doc.Heading(1, w.Fill(words.title()));
  doc.Note(absl::StrCat(
      "Draft for discussion, prepared by TrustFit from ",
      record.name().empty() ? "an assessment not recorded" : record.name(),
      " under policy ", assessment.policy().name(), " ",
      assessment.policy().version(),
      ". It is not legal advice: each party should take its own before "
      "signing."));
  KeyTerms(values, quote, &doc);
  w.Clause(words.parties());
  w.Clause(words.purpose());
  w.Clause(words.term());
  w.Clause(words.extension());
  ServicesSchedule(policy, words, record, &w);
  if (quote.arrangement() == v1::ARRANGEMENT_ASSOCIATE_INTEGRATION) {
    AssociatePhases(words, assessment, &w);
  }
  ChargeSchedule(words, quote, &w);
  ObjectivesAndReviews(words, assessment, path, start, quote.term_months(),
                       ReviewMonths(policy, quote), &w);
  Conditions(words, assessment, &w);
  for (const auto* clause : {&words.ending(), &words.data_protection(),
                             &words.confidentiality(), &words.signatures()}) {
    w.Clause(*clause);
  }
  TRUSTFIT_RETURN_IF_ERROR(w.status());
  return doc;
}

absl::StatusOr<std::string> RenderAgreementHtml(
    const v1::Policy& policy, const v1::AssessmentRecord& record,
    const v1::ImprovementPath* path) {
  TRUSTFIT_ASSIGN_OR_RETURN(const Document doc,
                            BuildAgreement(policy, record, path));
  std::vector<Element> body;
  body.push_back(
      Element("div")
          .Attr("class", "kicker")
          .AddText(absl::StrCat("Draft agreement · ", policy.trust().name())));
  body.push_back(RenderHtml(doc).Attr("class", "agreement"));
  return RenderDocument(
      Page(absl::StrCat(record.assessment().name(), ": draft agreement"),
           std::move(body)));
}

absl::StatusOr<std::string> RenderAgreementMarkdown(
    const v1::Policy& policy, const v1::AssessmentRecord& record,
    const v1::ImprovementPath* path) {
  TRUSTFIT_ASSIGN_OR_RETURN(const Document doc,
                            BuildAgreement(policy, record, path));
  return RenderMarkdown(doc);
}

}  // namespace trustfit::report
