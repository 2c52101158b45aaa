// Headless Chromium for `--format pdf`: prints a self-contained HTML page to
// PDF as a browser prints it (A4, by the page's own @page rule), in a
// throwaway profile that is removed afterwards.
//
//   absl::StatusOr<std::string> pdf = PrintHtmlToPdf(html);
//
// The browser is `chromium` (Debian's package) or `chromium-browser` on
// PATH, or the program $TRUSTFIT_CHROMIUM names.

#ifndef TRUSTFIT_CLIENT_CHROMIUM_H_
#define TRUSTFIT_CLIENT_CHROMIUM_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace trustfit::client {

// FindChromium()
//
// The path of the browser to run, or FAILED_PRECONDITION saying how to get
// one.
absl::StatusOr<std::string> FindChromium();

// PrintHtmlToPdf()
//
// The bytes of the PDF headless Chromium prints of `html`. The page is
// written to a private temporary directory, which is removed afterwards.
// FAILED_PRECONDITION when no browser is installed; INTERNAL when it fails,
// writes no PDF, or takes longer than `timeout` (its last words are in the
// message).
absl::StatusOr<std::string> PrintHtmlToPdf(
    absl::string_view html, absl::Duration timeout = absl::Seconds(120));

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_CHROMIUM_H_
