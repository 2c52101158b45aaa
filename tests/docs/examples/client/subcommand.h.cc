// The context of client/subcommand.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/subcommand.h"

#include <vector>

#include "client/batch.h"
#include "client/exit_codes.h"

namespace trustfit::client {

// EXAMPLE 1

// Given: the app, the command line and the options every subcommand shares.
int Example(CLI::App& app, int argc, char** argv, const GlobalOptions& global) {
  // EXAMPLE 2
  return kExitUsage;
}

}  // namespace trustfit::client
