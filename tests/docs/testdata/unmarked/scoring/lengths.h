// A context that marks only the first of two blocks: the check must refuse
// the second, which nothing compiles or explains.
//
//   const int total = TotalLength({"oak", "ash"});
//
// A block that is not C++ is marked TEXT in the context:
//
//   $ lengths oak ash

#ifndef TRUSTFIT_TESTDATA_SCORING_LENGTHS_H_
#define TRUSTFIT_TESTDATA_SCORING_LENGTHS_H_

#include <string>
#include <vector>

namespace trustfit::scoring {

inline int TotalLength(const std::vector<std::string>& words) {
  int total = 0;
  for (const std::string& word : words) total += static_cast<int>(word.size());
  return total;
}

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_TESTDATA_SCORING_LENGTHS_H_
