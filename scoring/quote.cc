#include "scoring/quote.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/candidate_validation.h"
#include "scoring/criteria.h"
#include "scoring/dates.h"
#include "scoring/money.h"
#include "scoring/recommendation.h"
#include "scoring/status_macros.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

int MonthsBetweenInstalments(v1::ScheduleFrequency frequency) {
  switch (frequency) {
    case v1::SCHEDULE_FREQUENCY_TERMLY:
      return 4;
    case v1::SCHEDULE_FREQUENCY_ANNUAL:
      return 12;
    default:
      return 1;
  }
}

int32_t QuantityOf(const v1::ServiceQuantity& item) {
  return item.has_quantity() ? item.quantity() : 1;
}

// Checks one list of requested or contributed services.
void CheckServices(
    const Policy& policy,
    const google::protobuf::RepeatedPtrField<v1::ServiceQuantity>& items,
    absl::string_view list, bool allow_core, FieldViolations* violations) {
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < items.size(); ++i) {
    const std::string at = absl::StrCat("spec.", list, "[", i, "]");
    const v1::ServiceQuantity& item = items[i];
    const v1::CatalogueService* service = policy.FindService(item.code());
    if (item.code().empty()) {
      violations->Add(absl::StrCat(at, ".code"), "required");
    } else if (service == nullptr) {
      violations->Add(absl::StrCat(at, ".code"),
                      absl::StrCat("unknown service ", QuoteValue(item.code()),
                                   "; GetPolicy lists the catalogue"));
    } else if (service->core() && !allow_core) {
      violations->Add(
          absl::StrCat(at, ".code"),
          absl::StrCat("\"", item.code(),
                       "\" is part of the core programme, which every "
                       "arrangement includes"));
    } else if (!seen.insert(item.code()).second) {
      violations->Add(
          absl::StrCat(at, ".code"),
          absl::StrCat("\"", item.code(), "\" is listed more than once"));
    }
    if (QuantityOf(item) < 1 || QuantityOf(item) > 10000) {
      violations->Add(
          absl::StrCat(at, ".quantity"),
          absl::StrCat("must be within 1-10000, got ", QuantityOf(item)));
    }
  }
}

bool UsesPupils(const v1::CatalogueService& service) {
  return service.price().basis() == v1::PRICE_BASIS_PER_PUPIL ||
         service.delivery_cost().basis() == v1::PRICE_BASIS_PER_PUPIL;
}

// Builds a quote line by line; every amount is a single rounding of an exact
// fraction.
class QuoteBuilder {
 public:
  QuoteBuilder(const Policy& policy, const v1::Candidate& candidate, int months,
               v1::Quote* out)
      : policy_(policy),
        base_(candidate.finance().funding_base_pence()),
        pupils_(candidate.identity().pupils_on_roll()),
        months_(months),
        out_(out) {}

  // Annual price of `quantity` units under `price`, pro rata to the term.
  int64_t ProRata(const v1::Price& price, int64_t quantity) const {
    switch (price.basis()) {
      case v1::PRICE_BASIS_PERCENT_OF_FUNDING_BASE:
        return RoundHalfUp(
            static_cast<__int128>(base_) * price.amount() * quantity * months_,
            kBasisPointsPerUnit * kMonthsPerYear);
      case v1::PRICE_BASIS_PER_PUPIL:
        return RoundHalfUp(static_cast<__int128>(pupils_) * price.amount() *
                               quantity * months_,
                           kMonthsPerYear);
      default:  // Fixed per year, or per day with `quantity` days a year.
        return RoundHalfUp(
            static_cast<__int128>(price.amount()) * quantity * months_,
            kMonthsPerYear);
    }
  }

  v1::LineItem* AddLine(v1::LineKind kind, absl::string_view code,
                        std::string description, const v1::Price& price,
                        int64_t quantity, int64_t amount) {
    v1::LineItem* line = out_->add_line_items();
    line->set_kind(kind);
    line->set_code(std::string(code));
    line->set_description(std::move(description));
    line->set_basis(price.basis());
    switch (price.basis()) {
      case v1::PRICE_BASIS_PERCENT_OF_FUNDING_BASE:
        line->set_quantity(base_);
        break;
      case v1::PRICE_BASIS_PER_PUPIL:
        line->set_quantity(static_cast<int64_t>(pupils_) * quantity);
        break;
      default:
        line->set_quantity(quantity);
    }
    line->set_unit_price(price.amount());
    line->set_months(months_);
    line->set_amount_pence(amount);
    return line;
  }

  void Note(ReasonCode code, std::string explanation) {
    v1::QuoteNote* note = out_->add_notes();
    note->set_code(std::string(ReasonCodeName(code)));
    note->set_explanation(std::move(explanation));
  }

  std::string Per(const v1::Price& price, int64_t quantity) const {
    switch (price.basis()) {
      case v1::PRICE_BASIS_PERCENT_OF_FUNDING_BASE:
        return absl::StrCat(FormatBasisPoints(price.amount()), " of ",
                            FormatPence(base_), " a year");
      case v1::PRICE_BASIS_PER_PUPIL:
        return absl::StrCat(FormatPence(price.amount()), " per pupil a year x ",
                            pupils_, " pupils",
                            quantity > 1 ? absl::StrCat(" x ", quantity) : "");
      case v1::PRICE_BASIS_PER_DAY:
        return absl::StrCat(FormatPence(price.amount()), " a day x ", quantity,
                            " days a year");
      default:
        return absl::StrCat(FormatPence(price.amount()), " a year",
                            quantity > 1 ? absl::StrCat(" x ", quantity) : "");
    }
  }

  // Prices the package in the steps of product.md §4, in order: each step
  // adds its lines and notes to the quote and its amounts to the totals.
  void Build(
      const v1::QuoteSpec& spec,
      const google::protobuf::RepeatedPtrField<std::string>& bought_elsewhere,
      bool enforce_floor) {
    const absl::flat_hash_set<std::string> bought(bought_elsewhere.begin(),
                                                  bought_elsewhere.end());
    const std::string term = absl::StrCat(months_, " months");
    const int64_t core = AddCoreProgramme(term);
    CreditCoreBoughtElsewhere(bought, core);
    AddAddOns(spec.services(), bought, term);
    const int64_t chargeable = gross_ - credits_;
    DeductContributions(spec.contributions(), chargeable, term);
    ApplyCostFloor(chargeable, enforce_floor);
    SetTotals();
  }

 private:
  // 1. Core programme: a rate of the funding base, never below the minimum.
  // Returns its price; its delivery cost starts the trust's cost.
  int64_t AddCoreProgramme(const std::string& term) {
    const v1::CostRules& cost = policy_.cost();
    int64_t core;
    const bool minimum = static_cast<__int128>(base_) * cost.core_rate_bps() <
                         static_cast<__int128>(cost.core_minimum_fee_pence()) *
                             kBasisPointsPerUnit;
    if (minimum) {
      v1::Price fee;
      fee.set_basis(v1::PRICE_BASIS_FIXED_PER_YEAR);
      fee.set_amount(cost.core_minimum_fee_pence());
      core = ProRata(fee, 1);
      AddLine(v1::LINE_KIND_CORE, "CORE_PROGRAMME",
              absl::StrCat("Core programme: minimum fee of ",
                           FormatPence(cost.core_minimum_fee_pence()),
                           " a year, for ", term),
              fee, 1, core);
      Note(ReasonCode::kCostMinimumFeeApplied,
           absl::StrCat(FormatBasisPoints(cost.core_rate_bps()),
                        " of the funding base is below the ",
                        FormatPence(cost.core_minimum_fee_pence()),
                        " minimum fee, so the minimum applies."));
    } else {
      v1::Price rate;
      rate.set_basis(v1::PRICE_BASIS_PERCENT_OF_FUNDING_BASE);
      rate.set_amount(cost.core_rate_bps());
      core = ProRata(rate, 1);
      AddLine(v1::LINE_KIND_CORE, "CORE_PROGRAMME",
              absl::StrCat("Core programme: ", Per(rate, 1), ", for ", term),
              rate, 1, core);
    }
    v1::Price core_delivery;
    core_delivery.set_basis(v1::PRICE_BASIS_PERCENT_OF_FUNDING_BASE);
    core_delivery.set_amount(cost.core_delivery_cost_bps());
    delivery_ = ProRata(core_delivery, 1);
    gross_ = core;
    return core;
  }

  // Core services bought elsewhere are credited at their price, never
  // beyond the core fee itself.
  void CreditCoreBoughtElsewhere(const absl::flat_hash_set<std::string>& bought,
                                 int64_t core) {
    int64_t core_left = core;
    for (const auto& service : policy_.cost().catalogue()) {
      if (!service.core() || bought.count(service.code()) == 0) continue;
      const int64_t credit = std::min(core_left, ProRata(service.price(), 1));
      core_left -= credit;
      credits_ += credit;
      delivery_ -= ProRata(service.delivery_cost(), 1);
      credited_.push_back(service.code());
      AddLine(v1::LINE_KIND_CREDIT, service.code(),
              absl::StrCat("Credit: ", service.name(),
                           ", already bought elsewhere (",
                           Per(service.price(), 1), ")"),
              service.price(), 1, -credit);
    }
  }

  // 2. Add-ons, pro rata; one bought elsewhere is shown and credited.
  void AddAddOns(
      const google::protobuf::RepeatedPtrField<v1::ServiceQuantity>& services,
      const absl::flat_hash_set<std::string>& bought, const std::string& term) {
    for (const auto& item : services) {
      const v1::CatalogueService& service = *policy_.FindService(item.code());
      const int64_t quantity = QuantityOf(item);
      const int64_t amount = ProRata(service.price(), quantity);
      gross_ += amount;
      AddLine(v1::LINE_KIND_ADD_ON, service.code(),
              absl::StrCat(service.name(), ": ", Per(service.price(), quantity),
                           ", for ", term),
              service.price(), quantity, amount);
      if (bought.count(service.code()) > 0) {
        credits_ += amount;
        credited_.push_back(service.code());
        AddLine(v1::LINE_KIND_CREDIT, service.code(),
                absl::StrCat("Credit: ", service.name(),
                             ", already bought elsewhere"),
                service.price(), quantity, -amount);
      } else {
        delivery_ += ProRata(service.delivery_cost(), quantity);
      }
    }
    if (!credited_.empty()) {
      Note(ReasonCode::kCostCreditBoughtElsewhere,
           absl::StrCat(
               "Not charged twice for what the school already buys elsewhere: ",
               absl::StrJoin(credited_, ", "), "."));
    }
    delivery_ = std::max<int64_t>(0, delivery_);
  }

  // 3. Contributions, at catalogue value, up to the policy maximum: a share
  // of the `chargeable` charges.
  void DeductContributions(const google::protobuf::RepeatedPtrField<
                               v1::ServiceQuantity>& contributions,
                           int64_t chargeable, const std::string& term) {
    const v1::CostRules& cost = policy_.cost();
    int64_t offered = 0;
    for (const auto& item : contributions) {
      const v1::CatalogueService& service = *policy_.FindService(item.code());
      const int64_t quantity = QuantityOf(item);
      const int64_t value = ProRata(service.price(), quantity);
      offered += value;
      AddLine(v1::LINE_KIND_CONTRIBUTION, service.code(),
              absl::StrCat("Contribution to the trust: ", service.name(), ", ",
                           Per(service.price(), quantity), ", for ", term),
              service.price(), quantity, -value);
    }
    const int64_t cap = RoundHalfUp(
        static_cast<__int128>(chargeable) * cost.max_contribution_bps(),
        kBasisPointsPerUnit);
    contributions_ = std::min(offered, cap);
    if (offered > contributions_) {
      v1::Price excess;
      excess.set_basis(v1::PRICE_BASIS_FIXED_PER_YEAR);
      excess.set_amount(offered - contributions_);
      v1::LineItem* line =
          AddLine(v1::LINE_KIND_CONTRIBUTION, "CONTRIBUTION_CAP",
                  absl::StrCat("Contributions above the ",
                               FormatBasisPoints(cost.max_contribution_bps()),
                               " maximum, not deducted"),
                  excess, 1, offered - contributions_);
      line->set_unit_price(offered - contributions_);
      Note(ReasonCode::kCostContributionCapped,
           absl::StrCat("Contributions of ", FormatPence(offered),
                        " exceed the maximum of ", FormatPence(cap), " (",
                        FormatBasisPoints(cost.max_contribution_bps()),
                        " of the charges); ", FormatPence(contributions_),
                        " is deducted."));
    }
  }

  // 4-5. Net, and the no-subsidy floor: what the school pays plus what it
  // contributes must cover what the package costs the trust.
  void ApplyCostFloor(int64_t chargeable, bool enforce_floor) {
    net_ = chargeable - contributions_;
    const int64_t shortfall = delivery_ - (net_ + contributions_);
    if (shortfall <= 0) return;
    if (enforce_floor) {
      v1::Price floor;
      floor.set_basis(v1::PRICE_BASIS_FIXED_PER_YEAR);
      floor.set_amount(shortfall);
      v1::LineItem* line = AddLine(
          v1::LINE_KIND_COST_FLOOR, "COST_FLOOR",
          "Raised to the trust's delivery cost: its schools do not subsidise "
          "the arrangement",
          floor, 1, shortfall);
      line->set_unit_price(shortfall);
      net_ += shortfall;
      out_->set_cost_floor_pence(shortfall);
      Note(ReasonCode::kCostFloorApplied,
           absl::StrCat("Delivering the package costs the trust ",
                        FormatPence(delivery_), "; the net was raised by ",
                        FormatPence(shortfall), " to cover it."));
    } else {
      out_->set_subsidised(true);
      out_->set_subsidy_shortfall_pence(shortfall);
      Note(ReasonCode::kCostSubsidised,
           absl::StrCat("Delivering the package costs the trust ",
                        FormatPence(delivery_), ": ", FormatPence(shortfall),
                        " more than the school pays and contributes."));
    }
  }

  // The quote's totals, from what the steps above added up.
  void SetTotals() {
    out_->set_gross_pence(gross_);
    out_->set_credits_pence(credits_);
    out_->set_contributions_pence(contributions_);
    out_->set_delivery_cost_pence(delivery_);
    out_->set_net_pence(net_);
    out_->set_effective_rate_bps(static_cast<int32_t>(RoundHalfUp(
        static_cast<__int128>(net_) * kBasisPointsPerUnit * kMonthsPerYear,
        static_cast<__int128>(base_) * months_)));
    // Cost-neutral means the school's contributions pay for it; a net of
    // zero reached by credits alone is not (§4 step 6).
    const bool cost_neutral = contributions_ > 0 && net_ == 0;
    out_->set_cost_neutral(cost_neutral);
    if (cost_neutral) {
      Note(ReasonCode::kCostNeutral,
           "Contributions cover the whole charge: the school pays nothing.");
    }
  }

  const Policy& policy_;
  const int64_t base_;
  const int32_t pupils_;
  const int months_;
  v1::Quote* out_;
  // Running totals, in pence for the term.
  int64_t gross_ = 0;
  int64_t credits_ = 0;
  int64_t delivery_ = 0;  // what delivering the package costs the trust
  int64_t contributions_ = 0;
  int64_t net_ = 0;
  std::vector<std::string> credited_;  // codes bought elsewhere, in order
};

// The funding base a quote is a share of, and the services the school already
// buys elsewhere, which must be in the catalogue to be credited.
void CheckFinanceForQuote(const Policy& policy, const v1::Finance& finance,
                          FieldViolations* violations) {
  if (!finance.has_funding_base_pence()) {
    violations->Add("candidate.finance.funding_base_pence",
                    "required for a quote: the school's GAG, or budget share "
                    "if maintained");
  } else if (finance.funding_base_pence() == 0) {
    // Negative and implausibly large bases are reported by ValidateCandidate.
    violations->Add("candidate.finance.funding_base_pence",
                    "must be positive: a quote is a share of it");
  }
  for (int i = 0; i < finance.services_bought_elsewhere_size(); ++i) {
    const std::string& code = finance.services_bought_elsewhere(i);
    if (!code.empty() && policy.FindService(code) == nullptr) {
      violations->Add(
          absl::StrCat("candidate.finance.services_bought_elsewhere[", i, "]"),
          absl::StrCat("unknown service ", QuoteValue(code)));
    }
  }
}

// The arrangement must be one with a price, and the term within its limits.
void CheckArrangementAndTerm(const Policy& policy, const v1::QuoteSpec& spec,
                             FieldViolations* violations) {
  if (!v1::Arrangement_IsValid(spec.arrangement())) {
    violations->Add("spec.arrangement",
                    absl::StrCat("unknown value ", spec.arrangement()));
  } else if (spec.arrangement() == v1::ARRANGEMENT_UNSPECIFIED) {
    violations->Add("spec.arrangement", "required: the arrangement to quote");
  } else if (!IsQuotable(spec.arrangement())) {
    violations->Add(
        "spec.arrangement",
        absl::StrCat(v1::Arrangement_Name(spec.arrangement()),
                     " cannot be quoted: there is no arrangement to price"));
  } else if (spec.has_term_months()) {
    const v1::ArrangementTerms& terms = *policy.FindTerms(spec.arrangement());
    if (spec.term_months() < terms.min_months() ||
        spec.term_months() > terms.max_months()) {
      violations->Add("spec.term_months",
                      absl::StrCat("must be within ", terms.min_months(), "-",
                                   terms.max_months(), " months for ",
                                   v1::Arrangement_Name(spec.arrangement()),
                                   ", got ", spec.term_months()));
    }
  }
}

// The instalment schedule: how often, and from when.
void CheckSchedule(const v1::QuoteSpec& spec, FieldViolations* violations) {
  if (!v1::ScheduleFrequency_IsValid(spec.frequency())) {
    violations->Add("spec.frequency",
                    absl::StrCat("unknown value ", spec.frequency()));
  }
  if (!spec.has_start_date()) {
    violations->Add("spec.start_date",
                    "required: the due date of the first instalment");
  } else if (!IsValidDate(spec.start_date())) {
    violations->Add(
        "spec.start_date",
        absl::StrCat("not a valid date: ", spec.start_date().year(), "-",
                     spec.start_date().month(), "-", spec.start_date().day()));
  }
}

// Per-pupil prices need pupils on roll: those of the services asked for,
// those contributed and the core programme's.
void CheckPupilsForPerPupilPrices(const Policy& policy,
                                  const v1::Candidate& candidate,
                                  const v1::QuoteSpec& spec,
                                  FieldViolations* violations) {
  if (candidate.identity().has_pupils_on_roll()) return;
  std::vector<std::string> needing;
  auto check = [&](absl::string_view code) {
    const v1::CatalogueService* service = policy.FindService(code);
    if (service != nullptr && UsesPupils(*service))
      needing.push_back(service->code());
  };
  for (const auto& item : spec.services()) check(item.code());
  for (const auto& item : spec.contributions()) check(item.code());
  for (const auto& service : policy.cost().catalogue()) {
    if (service.core()) check(service.code());
  }
  if (!needing.empty()) {
    violations->Add("candidate.identity.pupils_on_roll",
                    absl::StrCat("required to price per-pupil services: ",
                                 absl::StrJoin(needing, ", ")));
  }
}

FieldViolations ValidateQuoteRequest(const Policy& policy,
                                     const v1::Candidate& candidate,
                                     const v1::QuoteSpec& spec) {
  FieldViolations violations;
  violations.Append("candidate", ValidateCandidate(candidate));
  CheckFinanceForQuote(policy, candidate.finance(), &violations);
  CheckArrangementAndTerm(policy, spec, &violations);
  CheckSchedule(spec, &violations);
  CheckServices(policy, spec.services(), "services", /*allow_core=*/false,
                &violations);
  CheckServices(policy, spec.contributions(), "contributions",
                /*allow_core=*/true, &violations);
  CheckPupilsForPerPupilPrices(policy, candidate, spec, &violations);
  return violations;
}

}  // namespace

void BuildSchedule(int64_t net_pence, int term_months,
                   v1::ScheduleFrequency frequency,
                   const google::type::Date& start,
                   google::protobuf::RepeatedPtrField<v1::Instalment>* out) {
  out->Clear();
  if (net_pence <= 0) return;
  const int every = MonthsBetweenInstalments(frequency);
  const int count = (term_months + every - 1) / every;
  const int64_t each = net_pence / count;
  const int64_t remainder = net_pence % count;
  for (int i = 0; i < count; ++i) {
    v1::Instalment* instalment = out->Add();
    instalment->set_sequence(i + 1);
    *instalment->mutable_due_date() = AddMonths(start, i * every);
    instalment->set_amount_pence(each + (i < remainder ? 1 : 0));
  }
}

absl::Status QuoteInto(const Policy& policy, const v1::Candidate& candidate,
                       const v1::QuoteSpec& spec, v1::Quote* out) {
  const FieldViolations violations =
      ValidateQuoteRequest(policy, candidate, spec);
  if (!violations.empty()) return violations.ToStatus("invalid quote request");

  out->Clear();
  const v1::ArrangementTerms& terms = *policy.FindTerms(spec.arrangement());
  const int months =
      spec.has_term_months() ? spec.term_months() : terms.default_months();
  const v1::ScheduleFrequency frequency =
      spec.frequency() == v1::SCHEDULE_FREQUENCY_UNSPECIFIED
          ? v1::SCHEDULE_FREQUENCY_MONTHLY
          : spec.frequency();
  out->set_urn(candidate.identity().urn());
  out->set_arrangement(spec.arrangement());
  out->set_term_months(months);
  out->set_funding_base_pence(candidate.finance().funding_base_pence());
  QuoteBuilder(policy, candidate, months, out)
      .Build(spec, candidate.finance().services_bought_elsewhere(),
             policy.cost().enforce_no_subsidy());
  out->set_frequency(frequency);
  BuildSchedule(out->net_pence(), months, frequency, spec.start_date(),
                out->mutable_schedule());
  *out->mutable_policy() = policy.ref();
  return absl::OkStatus();
}

absl::StatusOr<v1::Quote> QuoteContribution(const Policy& policy,
                                            const v1::Candidate& candidate,
                                            const v1::QuoteSpec& spec) {
  v1::Quote quote;
  TRUSTFIT_RETURN_IF_ERROR(QuoteInto(policy, candidate, spec, &quote));
  return quote;
}

}  // namespace trustfit::scoring
