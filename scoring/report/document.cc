#include "scoring/report/document.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace trustfit::report {
namespace {

void AppendMarkdownTable(const Document::Block& table, std::string* out) {
  const auto row_text = [](const std::vector<std::string>& cells) {
    std::vector<std::string> escaped;
    for (const std::string& cell : cells)
      escaped.push_back(EscapeMarkdown(cell));
    return absl::StrCat("| ", absl::StrJoin(escaped, " | "), " |\n");
  };
  out->append(row_text(table.items));
  std::vector<std::string> rule;
  for (size_t i = 0; i < table.items.size(); ++i) {
    rule.push_back(table.right_aligned.count(i) > 0 ? "---:" : "---");
  }
  absl::StrAppend(out, "| ", absl::StrJoin(rule, " | "), " |\n");
  for (const auto& row : table.rows) out->append(row_text(row));
}

Element HtmlTable(const Document::Block& table) {
  const auto cell = [&table](absl::string_view tag, size_t column,
                             const std::string& text) {
    Element element{std::string(tag)};
    if (table.right_aligned.count(column) > 0) element.Attr("class", "num");
    return element.AddText(text);
  };
  Element head("tr");
  for (size_t i = 0; i < table.items.size(); ++i) {
    head.Add(cell("th", i, table.items[i]));
  }
  Element body("tbody");
  for (const auto& row : table.rows) {
    Element tr("tr");
    for (size_t i = 0; i < row.size(); ++i) tr.Add(cell("td", i, row[i]));
    body.Add(std::move(tr));
  }
  return Element("table")
      .Add(Element("thead").Add(std::move(head)))
      .Add(std::move(body));
}

}  // namespace

void Document::Heading(int level, absl::string_view text) {
  blocks_.push_back({Kind::kHeading, level, std::string(text), {}, {}, {}});
}

void Document::Paragraph(absl::string_view text) {
  blocks_.push_back({Kind::kParagraph, 0, std::string(text), {}, {}, {}});
}

void Document::Note(absl::string_view text) {
  blocks_.push_back({Kind::kNote, 0, std::string(text), {}, {}, {}});
}

void Document::List(std::vector<std::string> items) {
  blocks_.push_back({Kind::kList, 0, "", std::move(items), {}, {}});
}

void Document::Table(std::vector<std::string> header,
                     std::vector<std::vector<std::string>> rows,
                     std::set<size_t> right_aligned) {
  blocks_.push_back({Kind::kTable, 0, "", std::move(header), std::move(rows),
                     std::move(right_aligned)});
}

std::string EscapeMarkdown(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (absl::string_view("\\`*_[]<>#|").find(c) != absl::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

std::string RenderMarkdown(const Document& document) {
  std::string out;
  for (const Document::Block& block : document.blocks()) {
    if (!out.empty()) out.push_back('\n');
    switch (block.kind) {
      case Document::Kind::kHeading:
        absl::StrAppend(&out, std::string(block.level, '#'), " ",
                        EscapeMarkdown(block.text), "\n");
        break;
      case Document::Kind::kParagraph:
        absl::StrAppend(&out, EscapeMarkdown(block.text), "\n");
        break;
      case Document::Kind::kNote:
        absl::StrAppend(&out, "> ", EscapeMarkdown(block.text), "\n");
        break;
      case Document::Kind::kList:
        for (const std::string& item : block.items) {
          absl::StrAppend(&out, "- ", EscapeMarkdown(item), "\n");
        }
        break;
      case Document::Kind::kTable:
        AppendMarkdownTable(block, &out);
        break;
    }
  }
  return out;
}

Element RenderHtml(const Document& document) {
  Element div("div");
  for (const Document::Block& block : document.blocks()) {
    switch (block.kind) {
      case Document::Kind::kHeading:
        div.Add(Element(absl::StrCat("h", block.level)).AddText(block.text));
        break;
      case Document::Kind::kParagraph:
        div.Add(Element("p").AddText(block.text));
        break;
      case Document::Kind::kNote:
        div.Add(Element("p").Attr("class", "callout").AddText(block.text));
        break;
      case Document::Kind::kList: {
        Element list("ul");
        for (const std::string& item : block.items) {
          list.Add(Element("li").AddText(item));
        }
        div.Add(std::move(list));
        break;
      }
      case Document::Kind::kTable:
        div.Add(HtmlTable(block));
        break;
    }
  }
  return div;
}

}  // namespace trustfit::report
