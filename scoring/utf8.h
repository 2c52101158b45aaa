// UTF-8 checks for text from outside: protobuf strings must be UTF-8, so
// text that is not is refused where it enters (a CSV cell, a YAML file), and
// error messages that quote it are made valid.
//
//   if (InvalidUtf8At(cell) != absl::string_view::npos) {
//     return absl::InvalidArgumentError("the cell is not UTF-8");
//   }

#ifndef TRUSTFIT_SCORING_UTF8_H_
#define TRUSTFIT_SCORING_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace trustfit::scoring {

// The offset of the first byte of `text` that is not part of well-formed
// UTF-8 (overlong forms, surrogates and code points past U+10FFFF are not),
// or npos when it is all UTF-8.
size_t InvalidUtf8At(absl::string_view text);

// `text` with every byte that is not part of well-formed UTF-8 replaced by
// '?'.
std::string ValidUtf8(absl::string_view text);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_UTF8_H_
