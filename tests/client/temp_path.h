// A path for a temporary file that belongs to the running test alone.
//
// ctest runs each test of a binary as its own process, several at once, and
// they share ::testing::TempDir(): a fixed name such as "batch_input.jsonl"
// lets one test overwrite another's input mid-run. The path names the suite,
// the test and the process, so no two running tests share it.
//
//   const std::string path = TempPathForThisTest("input.jsonl");
//   std::ofstream(path) << text;

#ifndef TRUSTFIT_TESTS_CLIENT_TEMP_PATH_H_
#define TRUSTFIT_TESTS_CLIENT_TEMP_PATH_H_

#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace trustfit::client::testing {

inline std::string TempPathForThisTest(const std::string& name) {
  const ::testing::TestInfo* test =
      ::testing::UnitTest::GetInstance()->current_test_info();
  // TempDir() ends in a slash.
  return absl::StrCat(::testing::TempDir(),
                      test == nullptr ? "no-test" : test->test_suite_name(),
                      ".", test == nullptr ? "none" : test->name(), "-",
                      getpid(), "-", name);
}

}  // namespace trustfit::client::testing

#endif  // TRUSTFIT_TESTS_CLIENT_TEMP_PATH_H_
