// `trustfit plan` (alias `what-would-it-take`): the changes that would take
// a candidate to a better arrangement (the FindImprovementPath RPC, §3.7).

#ifndef TRUSTFIT_CLIENT_PLAN_H_
#define TRUSTFIT_CLIENT_PLAN_H_

#include <ostream>
#include <string>

#include "client/subcommand.h"
#include "trustfit/v1/improvement.pb.h"

namespace trustfit::client {

struct PlanOptions {
  std::string input = "-";  // Candidate JSON, or "-" for stdin.
  std::string cluster;
  std::string target;  // Empty: the next better arrangement.
};
int RunPlan(const GlobalOptions& global, const PlanOptions& options,
            std::ostream& out, std::ostream& err);

// The path as a person reads it: where the school stands, each change with
// the value now, the value needed and the points it gains, and what
// re-scoring with them gives; or what blocks the target.
void PrintImprovementPath(std::ostream& out,
                          const trustfit::v1::ImprovementPath& path);

Subcommand DefinePlan(CLI::App& app);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_PLAN_H_
