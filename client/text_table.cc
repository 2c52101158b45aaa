#include "client/text_table.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace trustfit::client {
namespace {

constexpr absl::string_view kEllipsis = "…";
constexpr size_t kGap = 2;
// The indent of a stacked row's "header: value" lines.
constexpr size_t kStackIndent = 2;
// A wrapping column keeps at least this much room, so that it wraps into
// lines a reader can follow rather than a letter at a time.
constexpr size_t kMinWrapWidth = 12;
// Before other columns are cut, a wrapping column narrows only as far as its
// longest word, up to this.
constexpr size_t kMaxWrapFloor = 24;

bool IsContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The first `columns` characters of `text` (all of it if shorter).
absl::string_view Prefix(absl::string_view text, size_t columns) {
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuationByte(text[i])) continue;
    if (seen == columns) return text.substr(0, i);
    ++seen;
  }
  return text;
}

std::optional<size_t> ColumnsFromEnvironment() {
  const char* columns = std::getenv("COLUMNS");
  size_t value = 0;
  if (columns == nullptr || !absl::SimpleAtoi(columns, &value) || value == 0)
    return std::nullopt;
  return value;
}

// `text` in lines of at most `first` columns for the first and `rest` for
// every other, broken at spaces; a word longer than a line is cut.
std::vector<std::string> BreakLines(absl::string_view text, size_t first,
                                    size_t rest) {
  std::vector<std::string> lines(1);
  auto room = [&] { return lines.size() == 1 ? first : rest; };
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    std::string& line = lines.back();
    const size_t used = DisplayWidth(line);
    if (!line.empty() && used + 1 + DisplayWidth(word) <= room()) {
      absl::StrAppend(&line, " ", word);
      continue;
    }
    if (!line.empty()) lines.emplace_back();
    while (DisplayWidth(word) > room()) {
      const absl::string_view piece = Prefix(word, room());
      lines.back() = std::string(piece);
      lines.emplace_back();
      word.remove_prefix(piece.size());
    }
    lines.back() = std::string(word);
  }
  return lines;
}

}  // namespace

size_t TerminalWidth(int fd) {
  if (isatty(fd)) {
    winsize size{};
    if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
      return size.ws_col;
    return ColumnsFromEnvironment().value_or(80);
  }
  return ColumnsFromEnvironment().value_or(0);
}

size_t DisplayWidth(absl::string_view text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); }));
}

std::string FitToWidth(absl::string_view text, size_t width) {
  if (width == 0 || DisplayWidth(text) <= width) return std::string(text);
  return absl::StrCat(Prefix(text, width - 1), kEllipsis);
}

std::string PadToWidth(absl::string_view text, size_t width) {
  const size_t used = DisplayWidth(text);
  return absl::StrCat(text, std::string(width > used ? width - used : 0, ' '));
}

std::string WrapText(absl::string_view text, size_t width, size_t indent) {
  if (width == 0 || DisplayWidth(text) <= width) return std::string(text);
  if (indent + kMinWrapWidth > width) indent = 0;
  return absl::StrJoin(BreakLines(text, width, width - indent),
                       absl::StrCat("\n", std::string(indent, ' ')));
}

std::string WrapAfter(size_t used, absl::string_view text, size_t width) {
  if (width < used + kMinWrapWidth || used + DisplayWidth(text) <= width)
    return std::string(text);
  return absl::StrJoin(BreakLines(text, width - used, width - used),
                       absl::StrCat("\n", std::string(used, ' ')));
}

std::string FitLine(absl::string_view line, size_t width) {
  if (width == 0 || DisplayWidth(line) <= width) return std::string(line);
  const size_t leading = line.find_first_not_of(' ');
  if (leading == absl::string_view::npos || leading + kMinWrapWidth > width)
    return std::string(line);
  size_t indent = leading + 2;
  if (indent + kMinWrapWidth > width) indent = leading;
  return absl::StrCat(
      std::string(leading, ' '),
      absl::StrJoin(
          BreakLines(line.substr(leading), width - leading, width - indent),
          absl::StrCat("\n", std::string(indent, ' '))));
}

// Holds each line until its newline, then passes it on fitted.
class FittedOutput::Buffer final : public std::streambuf {
 public:
  Buffer(std::streambuf* out, size_t width) : out_(out), width_(width) {}
  ~Buffer() override { Emit(); }

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return 0;
    if (ch != '\n') {
      line_.push_back(static_cast<char>(ch));
      return ch;
    }
    line_.push_back('\n');
    return Emit() ? ch : traits_type::eof();
  }
  int sync() override { return out_->pubsync(); }

 private:
  bool Emit() {
    if (line_.empty()) return true;
    const bool newline = line_.back() == '\n';
    if (newline) line_.pop_back();
    const std::string fitted =
        absl::StrCat(FitLine(line_, width_), newline ? "\n" : "");
    line_.clear();
    return out_->sputn(fitted.data(),
                       static_cast<std::streamsize>(fitted.size())) ==
           static_cast<std::streamsize>(fitted.size());
  }

  std::streambuf* out_;
  size_t width_;
  std::string line_;
};

FittedOutput::FittedOutput(std::ostream& stream, size_t width)
    : stream_(stream),
      original_(stream.rdbuf()),
      buffer_(std::make_unique<Buffer>(original_, width)) {
  stream_.rdbuf(buffer_.get());
}

FittedOutput::~FittedOutput() {
  stream_.flush();
  stream_.rdbuf(original_);
}

TextTable::TextTable(std::vector<Column> columns)
    : columns_(std::move(columns)) {}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

std::vector<size_t> TextTable::ColumnWidths(size_t width) const {
  std::vector<size_t> widths;
  size_t total = kGap * (columns_.size() - 1);
  for (size_t i = 0; i < columns_.size(); ++i) {
    widths.push_back(NaturalWidth(i));
    total += widths.back();
  }
  if (width == 0 || total <= width) return widths;
  size_t excess = total - width;
  Narrow(kWraps, WrapFloor(), &widths, &excess);
  Narrow(kShrinks, 0, &widths, &excess);
  Narrow(kWraps, kMinWrapWidth, &widths, &excess);
  return widths;
}

size_t TextTable::WrapFloor() const {
  if (columns_.back().fit != kWraps) return 0;
  size_t longest_word = kMinWrapWidth;
  for (const auto& row : rows_) {
    for (absl::string_view word : absl::StrSplit(row.back(), ' '))
      longest_word = std::max(longest_word, DisplayWidth(word));
  }
  return std::min(longest_word, kMaxWrapFloor);
}

void TextTable::Narrow(Fit fit, size_t floor, std::vector<size_t>* widths,
                       size_t* excess) const {
  // A column at a time off the widest, so that the cut falls on whichever is
  // longest; none below its header or `floor`.
  while (*excess > 0) {
    size_t widest = columns_.size();
    for (size_t i = 0; i < columns_.size(); ++i) {
      const size_t least = std::max(floor, DisplayWidth(columns_[i].header));
      if (columns_[i].fit != fit || (*widths)[i] <= least) continue;
      if (widest == columns_.size() || (*widths)[i] > (*widths)[widest])
        widest = i;
    }
    if (widest == columns_.size()) return;
    --(*widths)[widest];
    --*excess;
  }
}

std::string TextTable::RenderRow(const std::vector<std::string>& cells,
                                 const std::vector<size_t>& widths) const {
  std::string line;
  size_t start = 0;
  std::vector<std::string> wrapped;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Column& column = columns_[i];
    const bool last = i + 1 == columns_.size();
    std::string cell = cells[i];
    if (column.fit == kShrinks) cell = FitToWidth(cell, widths[i]);
    if (last && column.fit == kWraps) {
      wrapped = BreakLines(cell, widths[i], widths[i]);
      cell = wrapped.front();
    }
    const std::string padding(
        widths[i] > DisplayWidth(cell) ? widths[i] - DisplayWidth(cell) : 0,
        ' ');
    if (column.align == kRight) {
      absl::StrAppend(&line, padding, cell);
    } else {
      absl::StrAppend(&line, cell, last ? "" : padding);
    }
    if (!last) absl::StrAppend(&line, std::string(kGap, ' '));
    start += last ? 0 : widths[i] + kGap;
  }
  std::string out =
      absl::StrCat(absl::StripTrailingAsciiWhitespace(line), "\n");
  for (size_t i = 1; i < wrapped.size(); ++i)
    absl::StrAppend(&out, std::string(start, ' '), wrapped[i], "\n");
  return out;
}

bool TextTable::Fits(const std::vector<size_t>& widths, size_t width) const {
  if (width == 0) return true;
  size_t total = kGap * (columns_.size() - 1);
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].fit == kShrinks && widths[i] < columns_[i].min_width &&
        widths[i] < NaturalWidth(i)) {
      return false;  // Cut so far that no one could read it.
    }
    total += widths[i];
  }
  return total <= width;
}

size_t TextTable::NaturalWidth(size_t column) const {
  size_t widest = DisplayWidth(columns_[column].header);
  for (const auto& row : rows_)
    widest = std::max(widest, DisplayWidth(row[column]));
  return widest;
}

std::string TextTable::RenderStacked(size_t width) const {
  std::string out;
  for (const auto& row : rows_) {
    absl::StrAppend(&out, FitToWidth(row[0], width), "\n");
    std::string line;  // Its "header: value" pairs, without the indent.
    auto flush = [&] {
      if (!line.empty()) absl::StrAppend(&out, "  ", line, "\n");
      line.clear();
    };
    for (size_t i = 1; i < columns_.size(); ++i) {
      if (row[i].empty()) continue;
      const std::string pair = absl::StrCat(columns_[i].header, ": ", row[i]);
      const size_t used = line.empty() ? 0 : DisplayWidth(line) + kGap;
      if (kStackIndent + used + DisplayWidth(pair) <= width) {
        absl::StrAppend(&line, line.empty() ? "" : "  ", pair);
        continue;
      }
      flush();
      if (kStackIndent + DisplayWidth(pair) <= width) {
        line = pair;
      } else {
        absl::StrAppend(
            &out, "  ",
            absl::StrReplaceAll(WrapText(pair, width - kStackIndent, 2),
                                {{"\n", "\n  "}}),
            "\n");
      }
    }
    flush();
  }
  return out;
}

std::string TextTable::Render(size_t width) const {
  const std::vector<size_t> widths = ColumnWidths(width);
  if (!Fits(widths, width)) return RenderStacked(width);
  std::vector<std::string> header;
  for (const Column& column : columns_) header.push_back(column.header);
  std::string out = RenderRow(header, widths);
  for (const auto& row : rows_) absl::StrAppend(&out, RenderRow(row, widths));
  return out;
}

}  // namespace trustfit::client
