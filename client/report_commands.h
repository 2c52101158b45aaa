// The board pack on the command line (product.md §9): `trustfit report`,
// `trustfit agreement`, and the pictures `history --report` and
// `batch --map` draw. scoring/report renders every page; this file fetches
// what a page needs from the server and writes the file.
//
//   trustfit report assessments/0190a3c4d5e6f708 --out report.html
//   trustfit report --candidate school.json --cluster north --format pdf
//       --out report.pdf
//   trustfit agreement assessments/0190a3c4d5e6f708 --format markdown
//   trustfit history 108057 --report trajectory.html

#ifndef TRUSTFIT_CLIENT_REPORT_COMMANDS_H_
#define TRUSTFIT_CLIENT_REPORT_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "client/subcommand.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::client {

// `trustfit report`: the one-page assessment report of a recorded
// assessment, or of a candidate file scored and quoted on the spot, with
// "what would it take" for the next better arrangement; HTML or PDF.
Subcommand DefineReport(CLI::App& app);

// `trustfit agreement`: the draft agreement of a recorded assessment and its
// quote, HTML or Markdown.
Subcommand DefineAgreement(CLI::App& app);

// WriteTrajectoryReport()
//
// For `history --report FILE`: the school's records drawn as small
// multiples, a page (FILE.html, or any other name) or the picture alone
// (FILE.svg). Returns the exit code.
int WriteTrajectoryReport(
    const GlobalOptions& global,
    const std::vector<trustfit::v1::AssessmentRecord>& records,
    const std::string& path, std::ostream& err);

// WriteOutput()
//
// `bytes` to the file `path`, or to `out` when `path` is empty or "-"; says
// where on `err` ("trustfit: wrote report.html"). Returns the exit code.
int WriteOutput(const std::string& path, const std::string& bytes,
                std::ostream& out, std::ostream& err);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_REPORT_COMMANDS_H_
