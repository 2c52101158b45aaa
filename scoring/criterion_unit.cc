#include "scoring/criterion_unit.h"

namespace trustfit::scoring {

absl::Span<const CriterionUnit> CriterionUnits() {
  // Built on first use, so no file's row is read before it is initialised.
  static const CriterionUnit kUnits[] = {
      StandardsCriterion(), LeadershipCriterion(), FinanceCriterion(),
      EthosCriterion(),     CapacityCriterion(),   LocationCriterion(),
  };
  return kUnits;
}

}  // namespace trustfit::scoring
