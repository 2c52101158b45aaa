#include "scoring/report/markup.h"

#include <cmath>
#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace trustfit::report {
namespace {

bool IsOneOf(absl::string_view tag,
             std::initializer_list<absl::string_view> tags) {
  for (absl::string_view t : tags) {
    if (t == tag) return true;
  }
  return false;
}

// Elements written as <tag/> when they have no children: HTML's void
// elements, and the SVG shapes, which never need an end tag.
bool SelfCloses(absl::string_view tag) {
  return IsOneOf(tag, {"meta", "br", "hr", "img", "col", "circle", "ellipse",
                       "line", "path", "polygon", "polyline", "rect", "stop"});
}

// Elements followed by a line break, so that pages and golden files diff
// line by line. Only where whitespace is insignificant: between blocks,
// rows and cells, and between SVG shapes, never inside a paragraph or text.
bool EndsLine(absl::string_view tag) {
  return IsOneOf(
      tag, {"html",     "head",   "body", "meta", "title",  "style", "header",
            "section",  "footer", "div",  "h1",   "h2",     "h3",    "h4",
            "p",        "ul",     "ol",   "li",   "table",  "thead", "tbody",
            "tr",       "td",     "th",   "dl",   "dt",     "dd",    "svg",
            "g",        "defs",   "rect", "line", "circle", "path",  "polygon",
            "polyline", "text"});
}

}  // namespace

std::string Escape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Num(double value) {
  // Round to hundredths first so that -0.001 prints as "0", not "-0".
  double rounded = std::round(value * 100) / 100;
  if (rounded == 0) rounded = 0;
  std::string text = absl::StrFormat("%.2f", rounded);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

Element Element::Text(absl::string_view text) {
  Element node("");
  node.text_ = std::string(text);
  return node;
}

Element& Element::Attr(absl::string_view name, absl::string_view value) & {
  attributes_.emplace_back(std::string(name), std::string(value));
  return *this;
}

Element& Element::Attr(absl::string_view name, double value) & {
  return Attr(name, absl::string_view(Num(value)));
}

Element& Element::Add(Element child) & {
  children_.push_back(std::move(child));
  return *this;
}

std::string Element::Render() const {
  std::string out;
  RenderTo(&out);
  return out;
}

void Element::RenderTo(std::string* out) const {
  if (tag_.empty()) {
    out->append(Escape(text_));
    return;
  }
  absl::StrAppend(out, "<", tag_);
  for (const auto& [name, value] : attributes_) {
    absl::StrAppend(out, " ", name, "=\"", Escape(value), "\"");
  }
  if (children_.empty() && SelfCloses(tag_)) {
    out->append("/>");
  } else {
    out->append(">");
    for (const Element& child : children_) child.RenderTo(out);
    absl::StrAppend(out, "</", tag_, ">");
  }
  if (EndsLine(tag_)) out->push_back('\n');
}

std::string RenderDocument(const Element& html) {
  return absl::StrCat("<!DOCTYPE html>\n", html.Render());
}

}  // namespace trustfit::report
