// Words and colours for the board pack: how enums, dates, scores and factor
// identifiers read on a page, and the colour of each band and arrangement.
// Money is formatted by scoring/money.h (FormatPence, FormatBasisPoints),
// exactly, to the penny.
//
//   ArrangementName(v1::ARRANGEMENT_TRUST_PARTNERSHIP);  // "Trust partnership"
//   LongDate(date);                                      // "1 January 2027"
//   BandColour(v1::BAND_STRONG);                         // "#2c7bb6"

#ifndef TRUSTFIT_SCORING_REPORT_FORMAT_H_
#define TRUSTFIT_SCORING_REPORT_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "scoring/reason_codes.h"
#include "trustfit/v1/common.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/quote.pb.h"
#include "trustfit/v1/record.pb.h"

namespace trustfit::report {

// "Associate with a view to integration", "Strategic associate", "Trust
// partnership", "Partner", "Not recommended", "Insufficient data".
absl::string_view ArrangementName(trustfit::v1::Arrangement arrangement);

// The six criteria in the order of product.md §3's table: the order of the
// radar's axes and the trajectory's panels.
absl::Span<const trustfit::v1::Criterion> CriteriaInOrder();

// The name of the cluster a record was assessed against: the record's copy
// of it, else the policy's cluster of that id, else the id.
std::string ClusterNameOf(const trustfit::v1::Policy& policy,
                          const trustfit::v1::AssessmentRecord& record);

// "Standards" .. "Location".
absl::string_view CriterionName(trustfit::v1::Criterion criterion);

// "Strong", "Secure", "Developing", "Concern"; "No data" when unspecified.
absl::string_view BandLabel(trustfit::v1::Band band);

// "Secondary", "All-through", ...; "not known" when unspecified.
absl::string_view PhaseName(trustfit::v1::Phase phase);

// "Maintained school", "Single-academy trust", ...; empty when unspecified.
absl::string_view SchoolStatusName(trustfit::v1::SchoolStatus status);

// "1,445": an integer with thousands separators.
std::string GroupedNumber(int64_t value);

// "Phase 1 (until the Regional Director authorises)", "Phase 2 (...)";
// empty when unspecified.
absl::string_view AssociatePhaseName(trustfit::v1::AssociatePhase phase);

// "monthly", "termly", "annual".
absl::string_view FrequencyName(trustfit::v1::ScheduleFrequency frequency);

// A factor identifier for readers: "standards.attainment" is "Attainment";
// an identifier the library does not know is shown as it is.
std::string FactorName(absl::string_view factor);

// "1 January 2027".
std::string LongDate(const google::type::Date& date);

// "1 Jan 2027", for axes.
std::string ShortDate(const google::type::Date& date);

// The day before `date` (the last day of a term that starts on `start`
// and ends the day before `start` plus its months).
google::type::Date DayBefore(const google::type::Date& date);

// "23 November 2026 14:05 UTC".
std::string TimestampText(const google::protobuf::Timestamp& time);

// The date of a timestamp, in UTC.
google::type::Date DateOf(const google::protobuf::Timestamp& time);

// A score as shown: "92.24", "60"; "no data" when absent.
std::string ScoreText(std::optional<double> score);

// Points with their sign: "+8.75", "-1.48", "0".
std::string SignedPoints(double points);

// The row of the reason-code table named `code`, or nullptr.
const scoring::ReasonCodeInfo* FindReasonCode(absl::string_view code);

// BandColour()
//
// Colours of the bands, a blue-to-red scale that reads in greyscale and to
// colour-blind eyes: Strong, Secure, Developing, Concern; grey for no data.
absl::string_view BandColour(trustfit::v1::Band band);
// The same, pale, for shading the band regions behind a chart.
absl::string_view BandTint(trustfit::v1::Band band);

// ArrangementColour()
//
// One colour per arrangement (Okabe and Ito's colour-blind-safe palette).
absl::string_view ArrangementColour(trustfit::v1::Arrangement arrangement);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_FORMAT_H_
