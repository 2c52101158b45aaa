// Reading a whole file into a string: the one file reader of the server and
// the CLI alike. It lives beside scoring/ as a library of its own, which the
// pure scoring library does not link.
//
//   io::TextFileOptions options;
//   options.what = "the tokens file";
//   TRUSTFIT_ASSIGN_OR_RETURN(std::string text,
//                             io::ReadTextFile(path, options));

#ifndef TRUSTFIT_SCORING_IO_TEXT_FILE_H_
#define TRUSTFIT_SCORING_IO_TEXT_FILE_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace trustfit::io {

struct TextFileOptions {
  // What the file should hold, for errors: "cannot read <what> <path>: ...".
  absl::string_view what;
  // Larger files are refused: a wrong path (a log, a device) fails fast.
  size_t max_bytes = size_t{64} << 20;
  // Refuse FIFOs and devices (they could block or never end). Off for the
  // CLI's inputs, where `<(jq ...)` is a pipe the user meant.
  bool regular_only = true;
};

// The contents of `path`. NOT_FOUND, PERMISSION_DENIED or INVALID_ARGUMENT
// (too large, not a regular file, another OS error), naming the path and
// the operating system's reason.
absl::StatusOr<std::string> ReadTextFile(const std::string& path,
                                         const TextFileOptions& options = {});

}  // namespace trustfit::io

#endif  // TRUSTFIT_SCORING_IO_TEXT_FILE_H_
