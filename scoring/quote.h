// QuoteContribution(): the bespoke contribution cost of §4.
//
// Prices an arrangement for a candidate: the core programme (a rate of the
// funding base, never below the minimum fee), add-on services from the
// catalogue, credits for services the school already buys elsewhere, offsets
// for services it contributes (up to the policy maximum), and the no-subsidy
// floor; then the effective rate and an instalment schedule that sums to the
// penny. Every amount is int64 pence and every line is one exact fraction
// rounded half-up once (see money.h). The lines always sum to the net.
//
//   trustfit::v1::QuoteSpec spec;
//   spec.set_arrangement(trustfit::v1::ARRANGEMENT_TRUST_PARTNERSHIP);
//   *spec.mutable_start_date() = first_of_next_month;
//   absl::StatusOr<trustfit::v1::Quote> quote =
//       QuoteContribution(policy, candidate, spec);

#ifndef TRUSTFIT_SCORING_QUOTE_H_
#define TRUSTFIT_SCORING_QUOTE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/type/date.pb.h"
#include "scoring/policy.h"
#include "trustfit/v1/candidate.pb.h"
#include "trustfit/v1/quote.pb.h"

namespace trustfit::scoring {

// QuoteContribution()
//
// INVALID_ARGUMENT listing every field violation ("spec.term_months",
// "candidate.finance.funding_base_pence", "spec.services[2].code", ...) when
// the request cannot be priced.
absl::StatusOr<trustfit::v1::Quote> QuoteContribution(
    const Policy& policy, const trustfit::v1::Candidate& candidate,
    const trustfit::v1::QuoteSpec& spec);

// As QuoteContribution(), writing into `out` (cleared first).
absl::Status QuoteInto(const Policy& policy,
                       const trustfit::v1::Candidate& candidate,
                       const trustfit::v1::QuoteSpec& spec,
                       trustfit::v1::Quote* out);

// BuildSchedule()
//
// Instalments every 1 (monthly), 4 (termly) or 12 (annual) months from
// `start` covering `term_months`, whose amounts sum exactly to `net_pence`;
// remainder pennies go to the first instalments. No instalments when the net
// is zero.
void BuildSchedule(
    int64_t net_pence, int term_months,
    trustfit::v1::ScheduleFrequency frequency, const google::type::Date& start,
    google::protobuf::RepeatedPtrField<trustfit::v1::Instalment>* out);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_QUOTE_H_
