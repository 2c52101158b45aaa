#include "scoring/report/format.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "scoring/criteria.h"
#include "scoring/dates.h"
#include "scoring/money.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

constexpr absl::string_view kMonths[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

absl::string_view MonthName(int month) {
  return month >= 1 && month <= 12 ? kMonths[month - 1] : "?";
}

struct FactorLabel {
  absl::string_view id;
  absl::string_view name;
};

// The factors of §3.1, and the criterion adjustments by reason code, as a
// reader names them.
constexpr FactorLabel kFactors[] = {
    {"standards.ofsted", "Ofsted"},
    {"standards.attainment", "Attainment"},
    {"standards.trend", "Attainment trend"},
    {"standards.absence", "Absence"},
    {"leadership.headteacher", "Headteacher"},
    {"leadership.judgement", "Leadership judgement"},
    {"leadership.governance", "Governance"},
    {"leadership.staff_turnover", "Staff turnover"},
    {"finance.in_year_balance", "In-year balance"},
    {"finance.reserves", "Reserves"},
    {"finance.staff_costs", "Staff costs"},
    {"finance.pupil_forecast", "Pupil forecast"},
    {"ethos.religious_character", "Religious character"},
    {"ethos.phase", "Phase"},
    {"ethos.values_alignment", "Values alignment"},
    {"ethos.inclusion_commitment", "Inclusion commitment"},
    {"ethos.suspensions", "Suspensions"},
    {"location.distance", "Distance to the cluster"},
    {"location.strategy", "Growth strategy"},
    {"capacity.net_support", "Net support days"},
    {"FINANCE_PFI_CONTRACT", "PFI contract"},
};

constexpr v1::Criterion kCriteria[] = {
    v1::CRITERION_STANDARDS, v1::CRITERION_LEADERSHIP, v1::CRITERION_FINANCE,
    v1::CRITERION_ETHOS,     v1::CRITERION_CAPACITY,   v1::CRITERION_LOCATION,
};

}  // namespace

absl::Span<const v1::Criterion> CriteriaInOrder() { return kCriteria; }

std::string ClusterNameOf(const v1::Policy& policy,
                          const v1::AssessmentRecord& record) {
  if (!record.cluster().name().empty()) return record.cluster().name();
  const std::string& id = record.cluster_id().empty()
                              ? record.assessment().cluster_id()
                              : record.cluster_id();
  for (const auto& cluster : policy.clusters()) {
    if (cluster.id() == id) return cluster.name();
  }
  return id;
}

absl::string_view ArrangementName(v1::Arrangement arrangement) {
  switch (arrangement) {
    case v1::ARRANGEMENT_ASSOCIATE_INTEGRATION:
      return "Associate with a view to integration";
    case v1::ARRANGEMENT_ASSOCIATE_STRATEGIC:
      return "Strategic associate";
    case v1::ARRANGEMENT_TRUST_PARTNERSHIP:
      return "Trust partnership";
    case v1::ARRANGEMENT_PARTNER:
      return "Partner";
    case v1::ARRANGEMENT_NOT_RECOMMENDED:
      return "Not recommended";
    case v1::ARRANGEMENT_INSUFFICIENT_DATA:
      return "Insufficient data";
    default:
      return "No recommendation";
  }
}

absl::string_view CriterionName(v1::Criterion criterion) {
  switch (criterion) {
    case v1::CRITERION_STANDARDS:
      return "Standards";
    case v1::CRITERION_LEADERSHIP:
      return "Leadership";
    case v1::CRITERION_FINANCE:
      return "Finance";
    case v1::CRITERION_ETHOS:
      return "Ethos";
    case v1::CRITERION_CAPACITY:
      return "Capacity";
    case v1::CRITERION_LOCATION:
      return "Location";
    default:
      return "Other";
  }
}

absl::string_view BandLabel(v1::Band band) {
  return band == v1::BAND_UNSPECIFIED ? "No data" : scoring::BandName(band);
}

absl::string_view PhaseName(v1::Phase phase) {
  switch (phase) {
    case v1::PHASE_NURSERY:
      return "Nursery";
    case v1::PHASE_PRIMARY:
      return "Primary";
    case v1::PHASE_MIDDLE:
      return "Middle";
    case v1::PHASE_SECONDARY:
      return "Secondary";
    case v1::PHASE_ALL_THROUGH:
      return "All-through";
    case v1::PHASE_SPECIAL:
      return "Special";
    case v1::PHASE_ALTERNATIVE_PROVISION:
      return "Alternative provision";
    case v1::PHASE_SIXTEEN_PLUS:
      return "16 plus";
    default:
      return "not known";
  }
}

absl::string_view SchoolStatusName(v1::SchoolStatus status) {
  switch (status) {
    case v1::SCHOOL_STATUS_MAINTAINED:
      return "Maintained school";
    case v1::SCHOOL_STATUS_SINGLE_ACADEMY_TRUST:
      return "Single-academy trust";
    case v1::SCHOOL_STATUS_ACADEMY_IN_OTHER_TRUST:
      return "Academy in another trust";
    case v1::SCHOOL_STATUS_FREE_SCHOOL:
      return "Free school";
    case v1::SCHOOL_STATUS_FEDERATION_MEMBER:
      return "Federation member";
    default:
      return "";
  }
}

std::string GroupedNumber(int64_t value) {
  // FormatPence groups pounds exactly; a whole number is its pounds.
  std::string text = scoring::FormatPence(value * 100);
  text.erase(text.find("£"), std::string("£").size());
  return text.substr(0, text.size() - 3);
}

absl::string_view AssociatePhaseName(v1::AssociatePhase phase) {
  switch (phase) {
    case v1::ASSOCIATE_PHASE_1:
      return "Phase 1 (until the Regional Director authorises the conversion)";
    case v1::ASSOCIATE_PHASE_2:
      return "Phase 2 (from authorisation until the school academises)";
    default:
      return "";
  }
}

absl::string_view FrequencyName(v1::ScheduleFrequency frequency) {
  switch (frequency) {
    case v1::SCHEDULE_FREQUENCY_TERMLY:
      return "termly";
    case v1::SCHEDULE_FREQUENCY_ANNUAL:
      return "annual";
    default:
      return "monthly";
  }
}

std::string FactorName(absl::string_view factor) {
  for (const FactorLabel& label : kFactors) {
    if (label.id == factor) return std::string(label.name);
  }
  return std::string(factor);
}

std::string LongDate(const google::type::Date& date) {
  return absl::StrCat(date.day(), " ", MonthName(date.month()), " ",
                      date.year());
}

std::string ShortDate(const google::type::Date& date) {
  return absl::StrCat(date.day(), " ", MonthName(date.month()).substr(0, 3),
                      " ", date.year());
}

google::type::Date DayBefore(const google::type::Date& date) {
  const absl::CivilDay day =
      absl::CivilDay(date.year(), date.month(), date.day()) - 1;
  google::type::Date out;
  out.set_year(static_cast<int>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

google::type::Date DateOf(const google::protobuf::Timestamp& time) {
  const absl::CivilDay day =
      absl::ToCivilDay(scoring::TimeOf(time), absl::UTCTimeZone());
  google::type::Date out;
  out.set_year(static_cast<int>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

std::string TimestampText(const google::protobuf::Timestamp& time) {
  const absl::CivilMinute minute =
      absl::ToCivilMinute(scoring::TimeOf(time), absl::UTCTimeZone());
  return absl::StrFormat("%d %s %d %02d:%02d UTC", minute.day(),
                         MonthName(minute.month()), minute.year(),
                         minute.hour(), minute.minute());
}

std::string ScoreText(std::optional<double> score) {
  return score.has_value() ? scoring::FormatNumber(*score) : "no data";
}

std::string SignedPoints(double points) {
  const std::string text = scoring::FormatNumber(std::abs(points));
  if (text == "0") return text;
  return absl::StrCat(points < 0 ? "-" : "+", text);
}

const scoring::ReasonCodeInfo* FindReasonCode(absl::string_view code) {
  for (const scoring::ReasonCodeInfo& info : scoring::AllReasonCodes()) {
    if (info.name == code) return &info;
  }
  return nullptr;
}

absl::string_view BandColour(v1::Band band) {
  switch (band) {
    case v1::BAND_STRONG:
      return "#2c7bb6";
    case v1::BAND_SECURE:
      return "#7fb8d6";
    case v1::BAND_DEVELOPING:
      return "#f0a04b";
    case v1::BAND_CONCERN:
      return "#d7191c";
    default:
      return "#9a9a9a";
  }
}

absl::string_view BandTint(v1::Band band) {
  switch (band) {
    case v1::BAND_STRONG:
      return "#d6e8f4";
    case v1::BAND_SECURE:
      return "#e9f3f9";
    case v1::BAND_DEVELOPING:
      return "#fcefdf";
    case v1::BAND_CONCERN:
      return "#fbe2e1";
    default:
      return "#f2f2f2";
  }
}

absl::string_view ArrangementColour(v1::Arrangement arrangement) {
  switch (arrangement) {
    case v1::ARRANGEMENT_ASSOCIATE_INTEGRATION:
      return "#0072b2";
    case v1::ARRANGEMENT_ASSOCIATE_STRATEGIC:
      return "#56b4e9";
    case v1::ARRANGEMENT_TRUST_PARTNERSHIP:
      return "#009e73";
    case v1::ARRANGEMENT_PARTNER:
      return "#e69f00";
    case v1::ARRANGEMENT_NOT_RECOMMENDED:
      return "#d55e00";
    default:
      return "#9a9a9a";
  }
}

}  // namespace trustfit::report
