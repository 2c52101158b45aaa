// Document: a plain structured text (headings, paragraphs, lists, tables)
// written once and rendered as HTML or as Markdown, so that the draft
// agreement says the same thing in both forms.
//
//   Document doc;
//   doc.Heading(2, "Term");
//   doc.Paragraph("This agreement commences on 1 January 2027.");
//   doc.List({"Trust-wide training", "Headteacher mentoring"});
//   doc.Table({"Due", "Amount"}, {{"1 Jan 2027", "£48,380.00"}}, {1});
//   std::string md = RenderMarkdown(doc);
//   Element body = RenderHtml(doc);  // a <div> of the blocks

#ifndef TRUSTFIT_SCORING_REPORT_DOCUMENT_H_
#define TRUSTFIT_SCORING_REPORT_DOCUMENT_H_

#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "scoring/report/markup.h"

namespace trustfit::report {

class Document {
 public:
  enum class Kind { kHeading, kParagraph, kNote, kList, kTable };

  struct Block {
    Kind kind;
    int level = 0;     // Of a heading: 1 the title, 2 a clause, 3 below.
    std::string text;  // Of a heading, paragraph or note.
    std::vector<std::string> items;              // Of a list; a table's header.
    std::vector<std::vector<std::string>> rows;  // Of a table.
    std::set<size_t> right_aligned;              // A table's numeric columns.
  };

  void Heading(int level, absl::string_view text);
  void Paragraph(absl::string_view text);
  // A remark set apart from the text: the draft's status, a caveat.
  void Note(absl::string_view text);
  void List(std::vector<std::string> items);
  void Table(std::vector<std::string> header,
             std::vector<std::vector<std::string>> rows,
             std::set<size_t> right_aligned = {});

  const std::vector<Block>& blocks() const { return blocks_; }

 private:
  std::vector<Block> blocks_;
};

// EscapeMarkdown()
//
// `text` as literal Markdown text: the characters Markdown would read as
// markup (\ ` * _ [ ] < > # |) are backslash-escaped.
std::string EscapeMarkdown(absl::string_view text);

// The document as CommonMark with GitHub tables.
std::string RenderMarkdown(const Document& document);

// The document's blocks as HTML elements in a <div>.
Element RenderHtml(const Document& document);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_DOCUMENT_H_
