#include "client/csv.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace trustfit::client {

int CsvReader::Get() {
  const int c = in_->get();
  if (c != std::char_traits<char>::eof()) ++bytes_;
  return c;
}

bool CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  constexpr int kEof = std::char_traits<char>::eof();
  int c = Get();
  if (!started_) {
    started_ = true;
    // A UTF-8 byte-order mark, as spreadsheet programs write.
    if (c == 0xEF && in_->peek() == 0xBB) {
      Get();
      if (in_->peek() == 0xBF) Get();
      c = Get();
    }
  }
  // Blank lines between records are skipped.
  while (c == '\n' || c == '\r') {
    if (c == '\n') ++line_;
    c = Get();
  }
  if (c == kEof) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false;
  for (;;) {
    if (quoted) {
      if (c == kEof) {
        error_ = absl::StrCat("line ", record_line_,
                              ": a quoted field is never closed");
        return false;
      }
      if (c == '"') {
        if (in_->peek() == '"') {
          Get();
          field.push_back('"');
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(static_cast<char>(c));
      }
      c = Get();
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      fields->push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n' || c == kEof) {
      if (c == '\r' && in_->peek() == '\n') Get();
      if (c != kEof) ++line_;
      fields->push_back(std::move(field));
      return true;
    } else {
      field.push_back(static_cast<char>(c));
    }
    c = Get();
  }
}

namespace {

// A cell a spreadsheet would take for a formula (OWASP's CSV injection).
bool LooksLikeAFormula(const std::string& cell) {
  if (cell.empty() ||
      std::string("=+-@\t\r").find(cell[0]) == std::string::npos)
    return false;
  double number;
  return !absl::SimpleAtod(cell, &number);  // "-1.5" is a number.
}

}  // namespace

void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields,
                    bool crlf) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    const std::string f =
        LooksLikeAFormula(fields[i]) ? "'" + fields[i] : fields[i];
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out << f;
      continue;
    }
    out << '"';
    for (char ch : f) {
      if (ch == '"') out << '"';
      out << ch;
    }
    out << '"';
  }
  out << (crlf ? "\r\n" : "\n");
}

}  // namespace trustfit::client
