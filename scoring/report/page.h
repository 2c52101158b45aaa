// The page every HTML output of the board pack shares: one self-contained
// document with its style sheet inline, system fonts only, no scripts and
// nothing fetched, laid out for A4 (portrait by default) on screen and on
// paper.
//
//   std::vector<Element> body;
//   body.push_back(Element("h1").AddText("Allerton High School"));
//   std::string html = RenderDocument(Page("Board report", std::move(body)));

#ifndef TRUSTFIT_SCORING_REPORT_PAGE_H_
#define TRUSTFIT_SCORING_REPORT_PAGE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "scoring/report/markup.h"

namespace trustfit::report {

enum class Orientation { kPortrait, kLandscape };

// Page()
//
// <html> with a <head> (charset, title, the style sheet) and a <body>
// holding `body`.
Element Page(absl::string_view title, std::vector<Element> body,
             Orientation orientation = Orientation::kPortrait);

// The style sheet of Page(). It holds no character that Escape() changes,
// so it passes through the one escaping function unchanged (a test checks).
std::string StyleSheet(Orientation orientation);

// A <section> with an <h2> heading.
Element Section(absl::string_view heading, absl::string_view css_class = "");

// <span class="chip"> coloured `colour`, white text: a band or arrangement.
Element Chip(absl::string_view text, absl::string_view colour);

// A row of headline figures, each label above its value: {label, value}.
Element Facts(const std::vector<std::pair<std::string, std::string>>& facts);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_PAGE_H_
