// Text laid out for a terminal: tables whose columns fit the terminal's
// width, text wrapped at spaces, and cells cut at a character, never inside
// one.
//
// Widths are display columns, one a character (school names are Latin
// script, where that holds; East Asian wide characters would count one too
// few). A width of 0 means "unbounded": the layout when stdout is a pipe, so
// that grep and cut see whole lines.
//
//   TextTable table({{"name"}, {"school", TextTable::kShrinks},
//                    {"recommendation", TextTable::kWraps}});
//   table.AddRow({"assessments/7f3c", "Northgate Academy", "partner"});
//   out << table.Render(TerminalWidth(STDOUT_FILENO));

#ifndef TRUSTFIT_CLIENT_TEXT_TABLE_H_
#define TRUSTFIT_CLIENT_TEXT_TABLE_H_

#include <cstddef>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace trustfit::client {

// The width to lay out for on `fd`: its terminal's columns (or $COLUMNS, or
// 80, should the terminal not say), $COLUMNS when `fd` is not a terminal, and
// otherwise 0 (unbounded).
size_t TerminalWidth(int fd);

// Display columns of UTF-8 `text`.
size_t DisplayWidth(absl::string_view text);

// `text` in at most `width` columns: whole if it fits, else cut at a
// character boundary and ended with "…". Unchanged when `width` is 0.
std::string FitToWidth(absl::string_view text, size_t width);

// `text` padded with spaces to `width` columns (unchanged if wider).
std::string PadToWidth(absl::string_view text, size_t width);

// `text` broken at spaces into lines of at most `width` columns (a word
// longer than a line is cut at a character). The first line is not indented;
// every later one starts with `indent` spaces and counts them in its width.
// One line, unbroken, when `width` is 0.
std::string WrapText(absl::string_view text, size_t width, size_t indent = 0);

// `text` continuing a line on which `used` columns are already taken: broken
// at spaces into lines that end by column `width`, each after the first
// indented by `used` spaces (a hanging indent). Unbroken when `width` is 0
// or leaves it less than 12 columns.
std::string WrapAfter(size_t used, absl::string_view text, size_t width);

// `line` (no newline) in lines of at most `width` columns, broken at
// spaces, those after the first indented two more than its own leading
// spaces. Unchanged when it fits or `width` is 0.
std::string FitLine(absl::string_view line, size_t width);

// FittedOutput
//
// While it lives, every line written to `stream` reaches it through FitLine:
// the backstop that keeps any text (a sentence, an address) inside a
// terminal's width, where renderers have not laid it out themselves.
// Installed on stdout for table output on a terminal.
class FittedOutput {
 public:
  FittedOutput(std::ostream& stream, size_t width);
  ~FittedOutput();
  FittedOutput(const FittedOutput&) = delete;
  FittedOutput& operator=(const FittedOutput&) = delete;

 private:
  class Buffer;
  std::ostream& stream_;
  std::streambuf* original_;
  std::unique_ptr<Buffer> buffer_;
};

// Columns two spaces apart under a header row. When a row is wider than
// Render's width, a last column marked kWraps first wraps its text under
// itself down to its longest word, then columns marked kShrinks give up width
// (to no less than their header), each cell cut with "…", then the wrapping
// column narrows further. Fixed columns never change. When even that is too
// wide, or would cut a column below its min_width, each row is stacked
// instead: its first cell on a line of its own, then "header: value" pairs
// filling indented lines.
class TextTable {
 public:
  enum Fit { kFixed, kShrinks, kWraps };
  enum Align { kLeft, kRight };
  struct Column {
    std::string header;
    Fit fit = kFixed;
    Align align = kLeft;
    // kShrinks only: cut below this, a row is stacked instead.
    size_t min_width = 0;
  };

  explicit TextTable(std::vector<Column> columns);

  // One cell a column; missing cells are empty.
  void AddRow(std::vector<std::string> cells);

  // The header and every row, each line ended by '\n', in at most `width`
  // columns where the fixed columns allow it (0: as wide as the cells).
  std::string Render(size_t width) const;

 private:
  std::vector<size_t> ColumnWidths(size_t width) const;
  size_t NaturalWidth(size_t column) const;
  size_t WrapFloor() const;
  bool Fits(const std::vector<size_t>& widths, size_t width) const;
  std::string RenderStacked(size_t width) const;
  // Takes columns off the `fit` columns' `widths` until `excess` is 0 or
  // each is at its header's width or `floor`.
  void Narrow(Fit fit, size_t floor, std::vector<size_t>* widths,
              size_t* excess) const;
  std::string RenderRow(const std::vector<std::string>& cells,
                        const std::vector<size_t>& widths) const;

  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_TEXT_TABLE_H_
