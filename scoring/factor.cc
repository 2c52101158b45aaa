// Helpers shared by the criteria: writing factor results, rubric and grade
// scores, bands and number formatting.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "scoring/criteria.h"

namespace trustfit::scoring {

namespace v1 = ::trustfit::v1;

v1::FactorResult* AddFactor(v1::CriterionResult* criterion,
                            absl::string_view id, double weight) {
  v1::FactorResult* factor = criterion->add_factors();
  factor->set_factor(id.data(), id.size());
  factor->set_weight(weight);
  return factor;
}

void MarkMissing(v1::FactorResult* factor, ReasonCode code,
                 std::initializer_list<absl::string_view> fields,
                 std::string explanation) {
  const absl::string_view name = ReasonCodeName(code);
  factor->set_reason_code(name.data(), name.size());
  factor->set_explanation(std::move(explanation));
  factor->set_input_text("missing");
  for (absl::string_view field : fields) {
    factor->add_missing_fields()->assign(field.data(), field.size());
  }
}

void MarkScored(v1::FactorResult* factor, std::optional<double> input_value,
                std::string input_text, double score, ReasonCode code,
                std::string explanation) {
  if (input_value.has_value())
    factor->set_input_value(ShownDecimal(*input_value));
  factor->set_input_text(std::move(input_text));
  factor->set_score(Round2(score));
  const ReasonCodeInfo& info = GetReasonCodeInfo(code);
  factor->set_reason_code(info.name.data(), info.name.size());
  factor->set_direction(DirectionMessage(info.direction));
  factor->set_favourable(info.direction == ReasonDirection::kFavourable);
  factor->set_explanation(std::move(explanation));
}

v1::ReasonDirection DirectionMessage(ReasonDirection direction) {
  switch (direction) {
    case ReasonDirection::kFavourable:
      return v1::REASON_DIRECTION_FAVOURABLE;
    case ReasonDirection::kAdverse:
      return v1::REASON_DIRECTION_ADVERSE;
    case ReasonDirection::kNeutral:
      break;
  }
  return v1::REASON_DIRECTION_NEUTRAL;
}

double RubricScore(const v1::RubricScores& scores, int rating) {
  switch (rating) {
    case 1:
      return scores.weak();
    case 2:
      return scores.partly();
    case 3:
      return scores.mostly();
    default:
      return scores.strong();
  }
}

absl::string_view RubricWord(int rating) {
  static constexpr absl::string_view kWords[] = {"weak", "partly", "mostly",
                                                 "strong"};
  return kWords[std::min(std::max(rating, 1), 4) - 1];
}

bool AtLeastSecure(const v1::ScoringRules& rules, double score) {
  return Round2(score) >= rules.bands().secure_min();
}

v1::Band BandOf(const v1::Bands& bands, double score) {
  if (score >= bands.strong_min()) return v1::BAND_STRONG;
  if (score >= bands.secure_min()) return v1::BAND_SECURE;
  if (score >= bands.developing_min()) return v1::BAND_DEVELOPING;
  return v1::BAND_CONCERN;
}

std::string FormatNumber(double value, int decimals) {
  // Integer arithmetic into one buffer rather than printf or temporary
  // strings: this runs for every sentence of every assessment.
  static constexpr int64_t kScale[] = {1, 10, 100, 1000, 10000};
  decimals = std::clamp(decimals, 0, 4);
  const int64_t scaled = ScaledDecimal(std::abs(value), decimals);
  int64_t whole = scaled / kScale[decimals];
  int64_t fraction = scaled % kScale[decimals];
  int digits = decimals;
  while (fraction != 0 && fraction % 10 == 0) {
    fraction /= 10;
    --digits;
  }
  // Right to left: fraction (with its leading zeros), point, whole, sign.
  char buffer[32];
  char* const end = buffer + sizeof(buffer);
  char* p = end;
  if (fraction != 0) {
    for (int i = 0; i < digits; ++i, fraction /= 10) {
      *--p = static_cast<char>('0' + fraction % 10);
    }
    *--p = '.';
  }
  do {
    *--p = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  if (scaled != 0 && value < 0) *--p = '-';
  return std::string(p, end);
}

absl::string_view LegacyGradeName(v1::LegacyGrade grade) {
  switch (grade) {
    case v1::LEGACY_GRADE_OUTSTANDING:
      return "Outstanding";
    case v1::LEGACY_GRADE_GOOD:
      return "Good";
    case v1::LEGACY_GRADE_REQUIRES_IMPROVEMENT:
      return "Requires improvement";
    case v1::LEGACY_GRADE_INADEQUATE:
      return "Inadequate";
    default:
      return "not graded";
  }
}

absl::string_view ReportCardGradeName(v1::ReportCardGrade grade) {
  switch (grade) {
    case v1::REPORT_CARD_GRADE_EXCEPTIONAL:
      return "Exceptional";
    case v1::REPORT_CARD_GRADE_STRONG_STANDARD:
      return "Strong standard";
    case v1::REPORT_CARD_GRADE_EXPECTED_STANDARD:
      return "Expected standard";
    case v1::REPORT_CARD_GRADE_NEEDS_ATTENTION:
      return "Needs attention";
    case v1::REPORT_CARD_GRADE_URGENT_IMPROVEMENT:
      return "Urgent improvement";
    default:
      return "not graded";
  }
}

double ReportCardScore(const v1::ReportCardScores& scores,
                       v1::ReportCardGrade grade) {
  switch (grade) {
    case v1::REPORT_CARD_GRADE_EXCEPTIONAL:
      return scores.exceptional();
    case v1::REPORT_CARD_GRADE_STRONG_STANDARD:
      return scores.strong_standard();
    case v1::REPORT_CARD_GRADE_EXPECTED_STANDARD:
      return scores.expected_standard();
    case v1::REPORT_CARD_GRADE_NEEDS_ATTENTION:
      return scores.needs_attention();
    default:
      return scores.urgent_improvement();
  }
}

absl::string_view BandName(v1::Band band) {
  switch (band) {
    case v1::BAND_STRONG:
      return "Strong";
    case v1::BAND_SECURE:
      return "Secure";
    case v1::BAND_DEVELOPING:
      return "Developing";
    case v1::BAND_CONCERN:
      return "Concern";
    default:
      return "unknown";
  }
}

}  // namespace trustfit::scoring
