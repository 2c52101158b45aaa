// The context of scoring/lengths.h's examples.
#include "scoring/lengths.h"

namespace trustfit::scoring {

int Example() {
  // EXAMPLE 1
  return total;
}

// TEXT 2: a shell command, not C++

}  // namespace trustfit::scoring
