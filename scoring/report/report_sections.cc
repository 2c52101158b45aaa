#include "scoring/report/report_sections.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "scoring/money.h"
#include "scoring/report/charts.h"
#include "scoring/report/format.h"
#include "scoring/report/page.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

using Fact = std::pair<std::string, std::string>;

std::string Months(int months) {
  return absl::StrCat(months, months == 1 ? " month" : " months");
}

// "URN 108057 · Secondary · Leeds · Maintained school · 1,445 pupils".
std::string SchoolLine(const v1::AssessmentRecord& record) {
  const v1::Identity& identity = record.candidate().identity();
  std::vector<std::string> parts = {
      absl::StrCat("URN ", record.assessment().urn())};
  if (identity.phase() != v1::PHASE_UNSPECIFIED) {
    parts.emplace_back(PhaseName(identity.phase()));
  }
  if (!identity.local_authority().empty()) {
    parts.push_back(identity.local_authority());
  }
  if (identity.status() != v1::SCHOOL_STATUS_UNSPECIFIED) {
    parts.emplace_back(SchoolStatusName(identity.status()));
  }
  if (identity.has_pupils_on_roll()) {
    parts.push_back(
        absl::StrCat(GroupedNumber(identity.pupils_on_roll()), " pupils"));
  }
  return absl::StrJoin(parts, " · ");
}

std::string LocationLine(const v1::Assessment& assessment,
                         const std::string& cluster) {
  const v1::LocationAnalysis& location = assessment.location();
  if (!location.has_distance_km()) {
    return absl::StrCat("Assessed against the ", cluster,
                        " cluster; distance not known.");
  }
  return absl::StrCat("Assessed against the ", cluster, " cluster: ",
                      scoring::FormatNumber(location.distance_km()),
                      " km from ", location.nearest_name(), ", ",
                      location.within_cluster_radius() ? "within" : "beyond",
                      " the cluster radius.");
}

// "Rule 4: ..." from the reason-code table, with the rule's code.
Element RuleLine(const v1::Recommendation& recommendation) {
  const scoring::ReasonCodeInfo* rule = FindReasonCode(recommendation.rule());
  Element p("p");
  p.Add(Element("strong").AddText("Chosen by "))
      .AddText(rule == nullptr ? recommendation.rule()
                               : absl::StrCat(rule->meaning, " (",
                                              recommendation.rule(), ")"));
  return p;
}

Element ConditionList(const v1::Recommendation& recommendation) {
  Element list("ul");
  for (const auto& condition : recommendation.conditions()) {
    Element item("li");
    item.Add(Element("strong").AddText(condition.code()));
    item.AddText(absl::StrCat(": ", condition.explanation()));
    if (condition.has_days_missing()) {
      item.AddText(absl::StrCat(" (",
                                scoring::FormatNumber(condition.days_missing()),
                                " executive days missing)"));
    }
    list.Add(std::move(item));
  }
  return list;
}

Element GateList(const v1::Assessment& assessment) {
  Element list("ul");
  for (const auto& gate : assessment.gates()) {
    list.Add(Element("li")
                 .Add(Element("strong").AddText(gate.code()))
                 .AddText(absl::StrCat(": ", gate.explanation(), " "))
                 .Add(Element("em").AddText(
                     absl::StrCat("What to do: ", gate.action()))));
  }
  return list;
}

std::vector<Fact> RecommendationFacts(const v1::Assessment& assessment) {
  const v1::Recommendation& r = assessment.recommendation();
  std::vector<Fact> facts = {
      {"Overall score",
       absl::StrCat(ScoreText(assessment.overall_score()), " (",
                    BandLabel(assessment.overall_band()), ")")},
      {"Data completeness",
       absl::StrCat(scoring::FormatNumber(assessment.completeness_pct()), "%")},
  };
  if (r.term_months() > 0) facts.push_back({"Term", Months(r.term_months())});
  if (r.associate_phase() != v1::ASSOCIATE_PHASE_UNSPECIFIED) {
    facts.push_back(
        {"Associate phase",
         r.associate_phase() == v1::ASSOCIATE_PHASE_1 ? "Phase 1" : "Phase 2"});
  }
  if (r.review_months() > 0) {
    facts.push_back(
        {"Review", absl::StrCat("every ", Months(r.review_months()))});
  }
  return facts;
}

Element CriteriaTable(const v1::Assessment& assessment) {
  Element head("tr");
  for (const char* title :
       {"Criterion", "Score", "Band", "Weight", "Points", "Data"}) {
    head.Add(Element("th")
                 .Attr("class", std::string(title) == "Criterion" ||
                                        std::string(title) == "Band"
                                    ? ""
                                    : "num")
                 .AddText(title));
  }
  Element body("tbody");
  for (const auto& c : assessment.criteria()) {
    const bool scored = c.has_score();
    body.Add(
        Element("tr")
            .Add(Element("td").AddText(CriterionName(c.criterion())))
            .Add(
                Element("td")
                    .Attr("class", "num")
                    .AddText(ScoreText(scored ? std::optional<double>(c.score())
                                              : std::nullopt)))
            .Add(Element("td").Add(
                Chip(BandLabel(scored ? c.band() : v1::BAND_UNSPECIFIED),
                     BandColour(scored ? c.band() : v1::BAND_UNSPECIFIED))))
            .Add(Element("td")
                     .Attr("class", "num")
                     .AddText(scoring::FormatNumber(c.weight())))
            .Add(Element("td")
                     .Attr("class", "num")
                     .AddText(scoring::FormatNumber(c.points())))
            .Add(Element("td")
                     .Attr("class", "num")
                     .AddText(absl::StrCat(
                         scoring::FormatNumber(c.completeness_pct()), "%"))));
  }
  return Element("table")
      .Attr("class", "compact")
      .Add(Element("thead").Add(std::move(head)))
      .Add(std::move(body));
}

}  // namespace

Element ReportHeader(const v1::Policy& policy,
                     const v1::AssessmentRecord& record) {
  const v1::Assessment& assessment = record.assessment();
  return Element("header")
      .Add(Element("div")
               .Attr("class", "kicker")
               .AddText(absl::StrCat("Board report · ", policy.trust().name())))
      .Add(Element("h1").AddText(assessment.name()))
      .Add(Element("p").Attr("class", "subtitle").AddText(SchoolLine(record)))
      .Add(Element("p")
               .Attr("class", "subtitle")
               .AddText(
                   LocationLine(assessment, ClusterNameOf(policy, record))));
}

Element RecommendationSection(const v1::Assessment& assessment) {
  const v1::Recommendation& r = assessment.recommendation();
  Element section = Section("Recommendation", "keep");
  section.Add(Element("div")
                  .Attr("class", "headline")
                  .Add(Chip(ArrangementName(r.arrangement()),
                            ArrangementColour(r.arrangement())))
                  .Add(Facts(RecommendationFacts(assessment))));
  Element callout("div");
  callout.Attr("class", "callout").Add(RuleLine(r));
  callout.Add(Element("p").AddText(r.explanation()));
  section.Add(std::move(callout));
  if (!r.conditions().empty()) {
    section.Add(Element("h3").AddText("Conditions"));
    section.Add(ConditionList(r));
  }
  if (!assessment.gates().empty()) {
    section.Add(Element("h3").AddText("Gates that fired"));
    section.Add(GateList(assessment));
  }
  return section;
}

Element CriteriaSection(const v1::Assessment& assessment,
                        const v1::Bands& bands) {
  Element section = Section("The six criteria", "keep");
  section.Add(
      Element("div")
          .Attr("class", "columns")
          .Add(Element("div")
                   .Add(CriteriaRadar(assessment, bands))
                   .Add(BandLegend(bands, 340)))
          .Add(Element("div")
                   .Attr("class", "grow")
                   .Add(CriteriaTable(assessment))
                   .Add(Element("p")
                            .Attr("class", "small muted")
                            .AddText("Points are each criterion's share of "
                                     "the overall score; weights are "
                                     "renormalised over the criteria with "
                                     "data."))));
  return section;
}

Element FactorsSection(const v1::Assessment& assessment) {
  Element section = Section("Points won and lost by each factor");
  section.Add(FactorPointsTable(assessment));
  return section;
}

Element NoQuoteSection(const v1::Assessment& assessment) {
  const v1::Arrangement arrangement = assessment.recommendation().arrangement();
  const bool unquotable = arrangement == v1::ARRANGEMENT_NOT_RECOMMENDED ||
                          arrangement == v1::ARRANGEMENT_INSUFFICIENT_DATA;
  Element section = Section("Contribution quote");
  section.Add(Element("p").AddText(
      unquotable ? absl::StrCat("No quote: the recommendation (",
                                ArrangementName(arrangement),
                                ") is not an arrangement the trust can price.")
                 : "No quote was made with this assessment."));
  return section;
}

Element ProvenanceFooter(const v1::AssessmentRecord& record) {
  const v1::PolicyRef& policy =
      record.has_policy() ? record.policy() : record.assessment().policy();
  Element footer("footer");
  footer.Add(
      Element("p")
          .AddText(absl::StrCat("Policy ", policy.name(), ", version ",
                                policy.version(), ", content hash (SHA-256) "))
          .Add(Element("span")
                   .Attr("class", "hash")
                   .AddText(policy.content_hash())));
  std::string provenance =
      record.name().empty()
          ? std::string(
                "Not recorded: scored on the spot under the policy "
                "above.")
          : absl::StrCat(
                "Record ", record.name(), ", requested by ",
                record.requester().empty() ? "anonymous" : record.requester(),
                ", ", TimestampText(record.create_time()), ".");
  if (!record.note().empty()) {
    absl::StrAppend(&provenance, " Assessor's note: ", record.note());
  }
  footer.Add(Element("p").AddText(provenance));
  return footer;
}

std::vector<Element> ReportSections(const v1::Policy& policy,
                                    const v1::AssessmentRecord& record,
                                    const v1::ImprovementPath* improvement) {
  const v1::Assessment& assessment = record.assessment();
  std::vector<Element> sections;
  sections.push_back(ReportHeader(policy, record));
  sections.push_back(RecommendationSection(assessment));
  if (assessment.outlook().is_provisional()) {
    sections.push_back(OutlookSection(assessment, policy.scoring().bands()));
  }
  sections.push_back(CriteriaSection(assessment, policy.scoring().bands()));
  sections.push_back(FactorsSection(assessment));
  sections.push_back(record.has_quote() ? QuoteSection(record.quote())
                                        : NoQuoteSection(assessment));
  if (improvement != nullptr) {
    sections.push_back(ImprovementSection(
        *improvement,
        record.has_policy() ? record.policy() : assessment.policy()));
  }
  sections.push_back(ProvenanceFooter(record));
  return sections;
}

}  // namespace trustfit::report
