#include "client/plan.h"

#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/commands.h"
#include "client/connection.h"
#include "client/exit_codes.h"
#include "trustfit/v1/trustfit_service.grpc.pb.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

std::string Provisionally(bool provisional) {
  return provisional ? " (provisional)" : "";
}

void PrintChanges(std::ostream& out, const v1::ImprovementPath& path) {
  out << "\nChanges, in the order to make them:\n";
  int step = 0;
  for (const v1::InputChange& change : path.changes()) {
    out << absl::StrFormat("  %d. %s: %s -> %s", ++step, change.field(),
                           change.value_now(), change.value_needed());
    if (change.points_gained() != 0) {
      out << absl::StrFormat("  (%+.2f points)", change.points_gained());
    }
    out << "\n     " << change.explanation() << "\n";
  }
}

}  // namespace

void PrintImprovementPath(std::ostream& out, const v1::ImprovementPath& path) {
  out << "Now: " << ArrangementText(path.from_arrangement())
      << Provisionally(path.from_provisional())
      << absl::StrFormat(", overall %.2f\n", path.overall_now());
  out << "Target: " << ArrangementText(path.target_arrangement()) << "\n";
  if (!path.reachable()) {
    out << "\nNot reachable by changing what the school or trust can act on."
        << "\nBlocked by:\n";
    for (const v1::PathBlocker& blocker : path.blockers()) {
      out << "  " << blocker.code() << ": " << blocker.explanation() << "\n";
    }
    return;
  }
  if (path.changes().empty()) {
    out << "\nAlready there: no change needed.\n";
    return;
  }
  PrintChanges(out, path);
  out << (path.changes_size() == 1
              ? std::string("\nWith this change: ")
              : absl::StrCat("\nWith these ", path.changes_size(),
                             " changes: "))
      << ArrangementText(path.arrangement_after())
      << Provisionally(path.after_is_provisional())
      << absl::StrFormat(", overall %.2f  [%s]\n", path.overall_after(),
                         path.rule_after());
  out << absl::StrFormat(
      "(searched %d candidates, at most %d changes; policy %s %s)\n",
      path.evaluations(), path.max_changes(), path.policy().name(),
      path.policy().version());
}

int RunPlan(const GlobalOptions& global, const PlanOptions& options,
            std::ostream& out, std::ostream& err) {
  std::optional<v1::Candidate> candidate = ReadCandidate(options.input, err);
  if (!candidate) return kExitUsage;
  v1::FindImprovementPathRequest request;
  *request.mutable_candidate() = *std::move(candidate);
  request.set_cluster_id(options.cluster);
  if (!options.target.empty()) {
    absl::StatusOr<v1::Arrangement> target = ParseArrangement(options.target);
    if (!target.ok()) {
      err << "trustfit: --target: " << target.status().message() << "\n";
      return kExitUsage;
    }
    request.set_target_arrangement(*target);
  }
  v1::ImprovementPath path;
  grpc::ClientContext context;
  SetCallDeadline(&context, global.deadline);
  const grpc::Status status =
      v1::TrustFitService::NewStub(Connect(global))
          ->FindImprovementPath(&context, request, &path);
  if (!status.ok()) return ReportRpcError(status, global, err);
  if (global.output == OutputFormat::kTable) {
    PrintImprovementPath(out, path);
  } else {
    // CSV has no natural shape for a path: JSON serves programs.
    out << ToJson(path, true);
  }
  return kExitOk;
}

Subcommand DefinePlan(CLI::App& app) {
  auto plan = std::make_shared<PlanOptions>();
  CLI::App* command = app.add_subcommand(
      "plan",
      "What would it take to reach a better arrangement?\n"
      "  trustfit plan --cluster north school.json     (the next better one)\n"
      "  trustfit plan --cluster north --target associate-integration "
      "school.json");
  command->alias("what-would-it-take");
  command
      ->add_option("candidate", plan->input,
                   "Candidate JSON file, or - for stdin")
      ->capture_default_str();
  command->add_option("--cluster,-c", plan->cluster, "Cluster id of the policy")
      ->required();
  command->add_option(
      "--target,-t", plan->target,
      "associate-integration, associate-strategic, trust-partnership or "
      "partner (default: the next better one)");
  return {command, [plan](const GlobalOptions& global) {
            return RunPlan(global, *plan, std::cout, std::cerr);
          }};
}

}  // namespace trustfit::client
