#include "scoring/report/page.h"

#include "absl/strings/str_cat.h"

namespace trustfit::report {
namespace {

// Sizes in mm and pt so that screen and paper agree. Colours are forced in
// print (print-color-adjust) so the charts' fills survive a printer driver's
// economy mode. Sections are kept whole across page breaks.
constexpr absl::string_view kCommonStyle = R"(
html { font-family: DejaVu Sans, Liberation Sans, Arial, sans-serif;
  font-size: 9pt; line-height: 1.35; color: #1d232a; background: #ffffff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 8mm 10mm; }
h1 { font-size: 17pt; margin: 0; color: #0b3954; }
h2 { font-size: 11pt; margin: 3mm 0 1.2mm; padding-bottom: 0.8mm;
  color: #0b3954; border-bottom: 0.6pt solid #b8c4ce; }
h3 { font-size: 9.5pt; margin: 2.5mm 0 1mm; }
h4 { font-size: 9pt; margin: 2mm 0 0.5mm; color: #3d4852; }
p { margin: 1mm 0; }
ul { margin: 1mm 0; padding-left: 5mm; }
li { margin: 0.4mm 0; }
h2, h3, h4 { break-after: avoid; }
.keep, svg, .facts, .callout, .warning { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; font-weight: bold; color: #3d4852;
  border-bottom: 0.6pt solid #b8c4ce; padding: 0.8mm 1.5mm; }
td { vertical-align: top; padding: 0.7mm 1.5mm;
  border-bottom: 0.3pt solid #e3e7eb; }
tr { break-inside: avoid; }
svg { display: block; }
svg.wide { width: 100%; height: auto; }
.num { text-align: right; white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.muted { color: #5b6670; }
.small { font-size: 7.5pt; }
.nowrap { white-space: nowrap; }
.kicker { font-size: 8pt; color: #5b6670; text-transform: uppercase;
  letter-spacing: 0.06em; margin-bottom: 1mm; }
.subtitle { color: #3d4852; margin: 1mm 0 0; }
.chip { display: inline-block; padding: 0.3mm 2mm; border-radius: 2mm;
  color: #ffffff; font-weight: bold; white-space: nowrap; }
.headline { display: flex; align-items: center; gap: 4mm; flex-wrap: wrap;
  margin: 1mm 0 2mm; }
.headline .chip { font-size: 12pt; padding: 1mm 3.5mm; border-radius: 3mm; }
.facts { display: flex; gap: 5mm; flex-wrap: wrap; margin: 0; }
.facts div { min-width: 22mm; }
.facts dt { font-size: 7.5pt; color: #5b6670; text-transform: uppercase;
  letter-spacing: 0.04em; }
.facts dd { margin: 0; font-size: 10.5pt; font-weight: bold; }
.columns { display: flex; gap: 6mm; align-items: flex-start; }
.columns .grow { flex: 1; }
.callout { background: #f3f6f8; border-left: 1.2mm solid #0b3954;
  padding: 1.5mm 3mm; margin: 2mm 0; }
.warning { background: #fdf3e7; border-left: 1.2mm solid #e69f00;
  padding: 1.5mm 3mm; margin: 2mm 0; }
.hash { font-family: DejaVu Sans Mono, Liberation Mono, monospace;
  font-size: 7pt; word-break: break-all; }
.factors { table-layout: fixed; }
.factors td { padding-top: 0.4mm; padding-bottom: 0.4mm; }
.factors .name { width: 38mm; }
.factors .bar { width: 31mm; }
.factors .num { width: 11mm; }
.compact { font-size: 8.5pt; }
.compact td, .compact th { padding: 0.6mm 1mm; }
.compact .chip { font-size: 7.5pt; padding: 0.2mm 1.5mm; }
.factors .why { font-size: 7.5pt; color: #3d4852; }
.won { color: #1f6f9f; font-weight: bold; }
.lost { color: #b3261e; font-weight: bold; }
.agreement p { margin: 1.2mm 0; text-align: justify; }
footer { margin-top: 2mm; padding-top: 1mm; border-top: 0.6pt solid #b8c4ce;
  font-size: 7.5pt; color: #5b6670; }
@media print { body { padding: 0; } }
)";

}  // namespace

std::string StyleSheet(Orientation orientation) {
  const absl::string_view page =
      orientation == Orientation::kPortrait
          ? "\n@page { size: A4 portrait; margin: 8mm 12mm; }\n"
            "body { max-width: 186mm; }"
          : "\n@page { size: A4 landscape; margin: 10mm 12mm; }\n"
            "body { max-width: 273mm; }";
  return absl::StrCat(page, kCommonStyle);
}

Element Page(absl::string_view title, std::vector<Element> body,
             Orientation orientation) {
  Element head("head");
  head.Add(Element("meta").Attr("charset", "utf-8"))
      .Add(Element("meta")
               .Attr("name", "viewport")
               .Attr("content", "width=device-width, initial-scale=1"))
      .Add(Element("title").AddText(title))
      .Add(Element("style").AddText(StyleSheet(orientation)));
  Element body_element("body");
  for (Element& element : body) body_element.Add(std::move(element));
  return Element("html")
      .Attr("lang", "en-GB")
      .Add(std::move(head))
      .Add(std::move(body_element));
}

Element Section(absl::string_view heading, absl::string_view css_class) {
  Element section("section");
  if (!css_class.empty()) section.Attr("class", css_class);
  section.Add(Element("h2").AddText(heading));
  return section;
}

Element Chip(absl::string_view text, absl::string_view colour) {
  return Element("span")
      .Attr("class", "chip")
      .Attr("style", absl::StrCat("background: ", colour))
      .AddText(text);
}

Element Facts(const std::vector<std::pair<std::string, std::string>>& facts) {
  Element list("dl");
  list.Attr("class", "facts");
  for (const auto& [label, value] : facts) {
    list.Add(Element("div")
                 .Add(Element("dt").AddText(label))
                 .Add(Element("dd").AddText(value)));
  }
  return list;
}

}  // namespace trustfit::report
