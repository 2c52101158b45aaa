// Early-return helpers for absl::Status (Abseil 20220623 ships none).
//
//   TRUSTFIT_RETURN_IF_ERROR(Validate(x));
//   TRUSTFIT_ASSIGN_OR_RETURN(Policy policy, Policy::FromYaml(text));

#ifndef TRUSTFIT_SCORING_STATUS_MACROS_H_
#define TRUSTFIT_SCORING_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define TRUSTFIT_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    const ::absl::Status trustfit_status_ = (expr);      \
    if (!trustfit_status_.ok()) return trustfit_status_; \
  } while (false)

#define TRUSTFIT_STATUS_CONCAT_INNER_(a, b) a##b
#define TRUSTFIT_STATUS_CONCAT_(a, b) TRUSTFIT_STATUS_CONCAT_INNER_(a, b)

#define TRUSTFIT_ASSIGN_OR_RETURN(lhs, expr) \
  TRUSTFIT_ASSIGN_OR_RETURN_IMPL_(           \
      TRUSTFIT_STATUS_CONCAT_(trustfit_statusor_, __LINE__), lhs, expr)

#define TRUSTFIT_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                    \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = std::move(statusor).value()

#endif  // TRUSTFIT_SCORING_STATUS_MACROS_H_
