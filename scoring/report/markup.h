// Markup: a small tree of HTML and SVG elements, rendered to text.
//
// Every page and picture of the report library is built as a tree of
// Elements and rendered once, so text and attribute values always pass
// through Escape(), the one place where HTML and XML escaping happens.
// Nothing else in the library writes angle brackets.
//
//   Element p("p");
//   p.Attr("class", "note").AddText("Fish & chips <today>");
//   p.Render();  // <p class="note">Fish &amp; chips &lt;today&gt;</p>
//
//   Element svg = Element("svg").Attr("width", 120.5);  // width="120.5"

#ifndef TRUSTFIT_SCORING_REPORT_MARKUP_H_
#define TRUSTFIT_SCORING_REPORT_MARKUP_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace trustfit::report {

// Escape()
//
// `text` safe as HTML or XML text and as a double- or single-quoted
// attribute value: & < > " ' become character references. The one escaping
// function of the library.
std::string Escape(absl::string_view text);

// Num()
//
// A number as SVG coordinates and lengths are written: at most two decimals,
// no trailing zeros, never "-0" ("12", "12.5", "-3.25").
std::string Num(double value);

// Element
//
// An element with attributes (in the order they were set) and children,
// which are elements or text. Tag and attribute names are the library's own
// constants and are written as given; values and text are escaped.
class Element {
 public:
  explicit Element(std::string tag) : tag_(std::move(tag)) {}

  // A text node: `text` escaped, with no tag.
  static Element Text(absl::string_view text);

  Element& Attr(absl::string_view name, absl::string_view value) &;
  Element& Attr(absl::string_view name, double value) &;
  Element&& Attr(absl::string_view name, absl::string_view value) && {
    return std::move(Attr(name, value));
  }
  Element&& Attr(absl::string_view name, double value) && {
    return std::move(Attr(name, value));
  }
  // The overloads above would otherwise take a string literal as a bool.
  Element& Attr(absl::string_view name, const char* value) & {
    return Attr(name, absl::string_view(value));
  }
  Element&& Attr(absl::string_view name, const char* value) && {
    return std::move(Attr(name, absl::string_view(value)));
  }

  Element& Add(Element child) &;
  Element&& Add(Element child) && { return std::move(Add(std::move(child))); }
  Element& AddText(absl::string_view text) & { return Add(Text(text)); }
  Element&& AddText(absl::string_view text) && {
    return std::move(Add(Text(text)));
  }

  const std::string& tag() const { return tag_; }
  bool empty() const { return children_.empty(); }

  // The element and its children as text. Childless SVG shapes and HTML
  // void elements are self-closed (<circle .../>); any other childless
  // element gets its end tag, as HTML requires (<div></div>).
  std::string Render() const;
  void RenderTo(std::string* out) const;

 private:
  std::string tag_;  // Empty for a text node.
  std::string text_;
  std::vector<std::pair<std::string, std::string>> attributes_;
  std::vector<Element> children_;
};

// An HTML document: the doctype, then `html` rendered.
std::string RenderDocument(const Element& html);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_MARKUP_H_
