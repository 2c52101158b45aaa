// Mutator: seeded, reproducible mutations of bytes for the hostile-input
// suite's fuzz passes (serialised requests, CSV, JSON Lines, YAML). A
// failure names the seed and the case, so that it can be replayed.
//
//   Mutator mutator(/*seed=*/16);
//   const std::string input = mutator.Mutate(valid_request_bytes);

#ifndef TRUSTFIT_TESTS_HOSTILE_MUTATIONS_H_
#define TRUSTFIT_TESTS_HOSTILE_MUTATIONS_H_

#include <cstdint>
#include <random>
#include <string>

namespace trustfit::testing {

class Mutator {
 public:
  explicit Mutator(uint32_t seed) : random_(seed) {}

  // One of: random bytes, flipped bits, a cut, a repeated or removed span,
  // inserted bytes, an extreme varint, or a long length-delimited field.
  std::string Mutate(const std::string& input) {
    std::string out = input;
    switch (Below(8)) {
      case 0:
        return RandomBytes(Below(96));
      case 1:
        for (int i = 0, n = 1 + Below(8); i < n && !out.empty(); ++i)
          out[Below(out.size())] ^= static_cast<char>(1 << Below(8));
        return out;
      case 2:
        out.resize(Below(out.size() + 1));
        return out;
      case 3:
        if (!out.empty()) {
          const size_t at = Below(out.size());
          out.insert(at, out.substr(at, 1 + Below(64)));
        }
        return out;
      case 4:
        if (!out.empty()) out.erase(Below(out.size()), 1 + Below(16));
        return out;
      case 5:
        out.insert(Below(out.size() + 1), RandomBytes(1 + Below(16)));
        return out;
      case 6: {
        // Field 1..15 as a varint of all ones (the largest 64-bit value).
        std::string varint(1, static_cast<char>((1 + Below(15)) << 3));
        varint += std::string(9, '\xff') + '\x01';
        out.insert(Below(out.size() + 1), varint);
        return out;
      }
      default: {
        // Field 1..15, length-delimited, of up to 64 KB of one byte.
        const size_t length = Below(64 << 10);
        std::string field(1, static_cast<char>(((1 + Below(15)) << 3) | 2));
        size_t v = length;
        for (; v >= 0x80; v >>= 7)
          field.push_back(static_cast<char>((v & 0x7f) | 0x80));
        field.push_back(static_cast<char>(v));
        field += std::string(length, static_cast<char>(Below(256)));
        return out + field;
      }
    }
  }

  std::string RandomBytes(size_t size) {
    std::string out(size, '\0');
    for (char& c : out) c = static_cast<char>(Below(256));
    return out;
  }

  // A number in [0, n), n > 0.
  size_t Below(size_t n) {
    return n == 0 ? 0
                  : std::uniform_int_distribution<size_t>(0, n - 1)(random_);
  }

 private:
  std::mt19937 random_;
};

}  // namespace trustfit::testing

#endif  // TRUSTFIT_TESTS_HOSTILE_MUTATIONS_H_
