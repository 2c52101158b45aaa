#include "scoring/utf8.h"

namespace trustfit::scoring {

size_t InvalidUtf8At(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80                 ? 1
                    : c >= 0xC2 && c <= 0xDF ? 2
                    : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4
                                             : 0;
    if (length == 0 || i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    const unsigned char next =
        length > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((c == 0xE0 && next < 0xA0) || (c == 0xED && next > 0x9F) ||
        (c == 0xF0 && next < 0x90) || (c == 0xF4 && next > 0x8F)) {
      return i;
    }
    i += length;
  }
  return absl::string_view::npos;
}

std::string ValidUtf8(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const size_t bad = InvalidUtf8At(text);
    if (bad == absl::string_view::npos) {
      out.append(text.data(), text.size());
      break;
    }
    out.append(text.data(), bad);
    out.push_back('?');
    text.remove_prefix(bad + 1);
  }
  return out;
}

}  // namespace trustfit::scoring
