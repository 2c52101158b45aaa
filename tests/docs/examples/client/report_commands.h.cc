// The context of client/report_commands.h's examples
// (tests/docs/header_examples_compile_test.py).
#include "client/report_commands.h"

namespace trustfit::client {

// TEXT 1: shell commands, the subcommands' usage

}  // namespace trustfit::client
