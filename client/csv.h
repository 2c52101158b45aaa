// Streaming CSV (RFC 4180): quoted fields, doubled quotes, commas and line
// breaks inside quotes, CRLF or LF line ends, a UTF-8 byte-order mark (as
// spreadsheet exports write). Reads one record at a time, so memory does not
// grow with the file.
//
//   CsvReader reader(&std::cin);
//   std::vector<std::string> fields;
//   while (reader.Next(&fields)) {
//     std::cout << reader.line() << ": " << fields.size() << " fields\n";
//   }
//   if (!reader.error().empty()) std::cerr << reader.error() << "\n";

#ifndef TRUSTFIT_CLIENT_CSV_H_
#define TRUSTFIT_CLIENT_CSV_H_

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace trustfit::client {

class CsvReader {
 public:
  explicit CsvReader(std::istream* in) : in_(in) {}

  // Reads the next record; false at the end of the input or on an error
  // (an unterminated quote), which error() then describes.
  bool Next(std::vector<std::string>* fields);

  // The line on which the last record read started (1-based).
  int64_t line() const { return record_line_; }
  // Bytes consumed so far, for progress.
  int64_t bytes_read() const { return bytes_; }
  const std::string& error() const { return error_; }

 private:
  int Get();

  std::istream* in_;
  int64_t line_ = 1;
  int64_t record_line_ = 0;
  int64_t bytes_ = 0;
  bool started_ = false;
  std::string error_;
};

// Writes one CSV record, quoting fields that need it, ending with "\r\n"
// when `crlf`, otherwise "\n". Spreadsheet-safe: a field starting with =, +,
// -, @, a tab or a carriage return, which a spreadsheet would run as a
// formula, is written with a ' in front, unless it is a plain number
// ("-1.5").
void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields,
                    bool crlf = false);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_CSV_H_
