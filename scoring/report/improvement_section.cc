// "What would it take" (§3.7) on the report: the changes that reach the
// next better arrangement, or what blocks it.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "scoring/criteria.h"
#include "scoring/money.h"
#include "scoring/report/format.h"
#include "scoring/report/page.h"
#include "scoring/report/report_sections.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

std::string ArrangementWords(v1::Arrangement arrangement, bool provisional) {
  return absl::StrCat(ArrangementName(arrangement),
                      provisional ? " (provisional)" : "");
}

Element ChangesTable(const v1::ImprovementPath& path) {
  Element head("tr");
  head.Add(Element("th").AddText("Change"))
      .Add(Element("th").AddText("Now"))
      .Add(Element("th").AddText("Needed"))
      .Add(Element("th").Attr("class", "num").AddText("Points"))
      .Add(Element("th").AddText("Why"));
  Element body("tbody");
  for (const v1::InputChange& change : path.changes()) {
    body.Add(
        Element("tr")
            .Add(Element("td").Add(
                Element("span").Attr("class", "field").AddText(change.field())))
            .Add(Element("td").AddText(change.value_now()))
            .Add(Element("td").Add(
                Element("strong").AddText(change.value_needed())))
            .Add(Element("td")
                     .Attr("class", "num")
                     .AddText(SignedPoints(change.points_gained())))
            .Add(Element("td")
                     .Attr("class", "small")
                     .AddText(change.explanation())));
  }
  return Element("table")
      .Attr("class", "compact")
      .Add(Element("thead").Add(std::move(head)))
      .Add(std::move(body));
}

std::string Summary(const v1::ImprovementPath& path) {
  const std::string from =
      ArrangementWords(path.from_arrangement(), path.from_provisional());
  if (path.changes().empty() && path.reachable()) {
    return absl::StrCat("Nothing to change: the school is already ", from,
                        ", the best arrangement there is.");
  }
  const std::string changes = absl::StrCat(
      path.changes_size(), path.changes_size() == 1 ? " change" : " changes");
  const std::string after = absl::StrCat(
      ArrangementWords(path.arrangement_after(), path.after_is_provisional()),
      ", overall ", ScoreText(path.overall_now()), " to ",
      ScoreText(path.overall_after()));
  if (path.reachable()) {
    return absl::StrCat(changes, path.changes_size() == 1 ? " takes" : " take",
                        " the school from ", from, " to ", after, ".");
  }
  return absl::StrCat(ArrangementName(path.target_arrangement()),
                      " is out of reach within ", path.max_changes(),
                      " changes: the best found gives ", after, ".");
}

Element Blockers(const v1::ImprovementPath& path) {
  Element list("ul");
  for (const v1::PathBlocker& blocker : path.blockers()) {
    list.Add(Element("li")
                 .Add(Element("strong").AddText(blocker.code()))
                 .AddText(absl::StrCat(": ", blocker.explanation())));
  }
  return list;
}

}  // namespace

Element ImprovementSection(const v1::ImprovementPath& path,
                           const v1::PolicyRef& record_policy) {
  if (path.changes().empty() && path.reachable()) {
    // Already the best: one line, no section, so the page stays short.
    return Element("p")
        .Add(Element("strong").AddText("What would it take: "))
        .AddText(Summary(path));
  }
  Element section = Section(absl::StrCat(
      "What would it take: ", ArrangementName(path.target_arrangement())));
  section.Add(Element("p").AddText(Summary(path)));
  if (!path.changes().empty()) section.Add(ChangesTable(path));
  if (!path.blockers().empty()) {
    section.Add(Element("h3").AddText("What blocks it"));
    section.Add(Blockers(path));
  }
  std::string note = absl::StrCat(
      "Found by re-scoring the candidate ", path.evaluations(),
      " times, changing only the inputs the policy lists as actionable, at "
      "most ",
      path.max_changes(), " of them.");
  if (path.policy().content_hash() != record_policy.content_hash()) {
    absl::StrAppend(&note, " Found under policy ", path.policy().name(),
                    ", version ", path.policy().version(),
                    ", not the policy of the assessment.");
  }
  section.Add(Element("p").Attr("class", "small muted").AddText(note));
  return section;
}

}  // namespace trustfit::report
