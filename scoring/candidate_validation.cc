#include "scoring/candidate_validation.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "scoring/dates.h"
#include "scoring/policy_validation.h"
#include "scoring/report_card.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

class CandidateChecker {
 public:
  explicit CandidateChecker(FieldViolations* out) : out_(out) {}

  void Fail(absl::string_view field, absl::string_view problem) {
    out_->Add(field, problem);
  }

  template <typename T>
  void Range(absl::string_view field, bool present, T value, T lo, T hi) {
    if (present && !(value >= lo && value <= hi)) {
      Fail(field,
           absl::StrCat("must be within ", absl::StrCat(lo), "-",
                        absl::StrCat(hi), ", got ", absl::StrCat(value)));
    }
  }

  void NonNegative(absl::string_view field, bool present, int64_t value) {
    if (present && value < 0) Fail(field, "must not be negative");
  }

  // Money: at most £100bn either way, far beyond any school, so that no
  // ratio or quote arithmetic can overflow.
  void Money(absl::string_view field, bool present, int64_t pence,
             bool may_be_negative) {
    if (!present) return;
    if (pence < 0 && !may_be_negative) {
      Fail(field, "must not be negative");
    } else if (pence > kMaxPence || pence < -kMaxPence) {
      Fail(field, "implausibly large: at most 10000000000000 pence (£100bn)");
    }
  }

  static constexpr int64_t kMaxPence = 10'000'000'000'000;

  template <typename IsValid>
  void Enum(absl::string_view field, int value, IsValid is_valid) {
    if (!is_valid(value)) Fail(field, absl::StrCat("unknown value ", value));
  }

  void Rubric(absl::string_view field, bool present,
              const v1::RubricRating& rating) {
    if (present && (rating.rating() < 1 || rating.rating() > 4)) {
      Fail(absl::StrCat(field, ".rating"),
           absl::StrCat("must be 1-4 (1 weak .. 4 strong), got ",
                        rating.rating()));
    }
  }

  void Date(absl::string_view field, bool present,
            const google::type::Date& date) {
    if (present && !IsValidDate(date)) {
      Fail(field, absl::StrCat("not a valid date: ", date.year(), "-",
                               date.month(), "-", date.day()));
    }
  }

 private:
  FieldViolations* out_;
};

void CheckIdentity(const v1::Identity& identity, CandidateChecker& c) {
  if (identity.urn().empty()) {
    c.Fail("identity.urn", "required");
  } else if (identity.urn().size() != 6 ||
             !std::all_of(identity.urn().begin(), identity.urn().end(),
                          absl::ascii_isdigit)) {
    c.Fail("identity.urn", absl::StrCat("must be the six-digit DfE URN, got ",
                                        QuoteValue(identity.urn())));
  }
  if (absl::StripAsciiWhitespace(identity.name()).empty())
    c.Fail("identity.name", "required");
  c.Enum("identity.phase", identity.phase(), v1::Phase_IsValid);
  c.Enum("identity.status", identity.status(), v1::SchoolStatus_IsValid);
  c.Range("identity.pupils_on_roll", identity.has_pupils_on_roll(),
          identity.pupils_on_roll(), 0, 10000);
  c.Range("identity.capacity", identity.has_capacity(), identity.capacity(), 0,
          10000);
  std::set<int> seen;
  for (int i = 0; i < identity.specialisms_size(); ++i) {
    const std::string field = absl::StrCat("identity.specialisms[", i, "]");
    const int specialism = identity.specialisms(i);
    if (!v1::Specialism_IsValid(specialism) ||
        specialism == v1::SPECIALISM_UNSPECIFIED) {
      c.Fail(field, absl::StrCat("unknown specialism ", specialism));
    } else if (!seen.insert(specialism).second) {
      c.Fail(field, "listed more than once");
    }
  }
}

void CheckStandards(const v1::Standards& s, CandidateChecker& c) {
  if (s.has_legacy_inspection()) {
    const auto& l = s.legacy_inspection();
    const std::pair<const char*, int> grades[] = {
        {"overall_effectiveness", l.overall_effectiveness()},
        {"quality_of_education", l.quality_of_education()},
        {"behaviour_and_attitudes", l.behaviour_and_attitudes()},
        {"personal_development", l.personal_development()},
        {"leadership_and_management", l.leadership_and_management()}};
    for (const auto& [name, grade] : grades) {
      c.Enum(absl::StrCat("standards.legacy_inspection.", name), grade,
             v1::LegacyGrade_IsValid);
    }
    c.Date("standards.legacy_inspection.inspection_date",
           l.has_inspection_date(), l.inspection_date());
  }
  if (s.has_report_card()) {
    const auto& r = s.report_card();
    for (const ReportCardArea& area : kReportCardAreas) {
      c.Enum(absl::StrCat("standards.report_card.", area.field),
             (r.*area.grade)(), v1::ReportCardGrade_IsValid);
    }
    c.Enum("standards.report_card.safeguarding", r.safeguarding(),
           v1::SafeguardingOutcome_IsValid);
    c.Date("standards.report_card.inspection_date", r.has_inspection_date(),
           r.inspection_date());
  }
  std::set<int> years;
  for (int i = 0; i < s.attainment_size(); ++i) {
    const auto& a = s.attainment(i);
    const std::string at = absl::StrCat("standards.attainment[", i, "]");
    if (a.year() < 1990 || a.year() > 2100) {
      c.Fail(
          absl::StrCat(at, ".year"),
          absl::StrCat(
              "must be the calendar year the academic year ends (e.g. 2019), "
              "got ",
              a.year()));
    } else if (!years.insert(a.year()).second) {
      c.Fail(absl::StrCat(at, ".year"),
             absl::StrCat("year ", a.year(), " listed twice"));
    }
    if (!a.has_ks2_rwm_expected_pct() && !a.has_progress8() &&
        !a.has_attainment8()) {
      c.Fail(
          at,
          "give at least one of ks2_rwm_expected_pct, progress8, attainment8");
    }
    c.Range(absl::StrCat(at, ".ks2_rwm_expected_pct"),
            a.has_ks2_rwm_expected_pct(), a.ks2_rwm_expected_pct(), 0.0, 100.0);
    c.Range(absl::StrCat(at, ".progress8"), a.has_progress8(), a.progress8(),
            -5.0, 5.0);
    c.Range(absl::StrCat(at, ".attainment8"), a.has_attainment8(),
            a.attainment8(), 0.0, 90.0);
  }
  c.Range("standards.overall_absence_pct", s.has_overall_absence_pct(),
          s.overall_absence_pct(), 0.0, 100.0);
  c.Range("standards.persistent_absence_pct", s.has_persistent_absence_pct(),
          s.persistent_absence_pct(), 0.0, 100.0);
  c.Range("standards.suspension_rate_per_100", s.has_suspension_rate_per_100(),
          s.suspension_rate_per_100(), 0.0, 1000.0);
}

void CheckLeadership(const v1::Leadership& l, CandidateChecker& c) {
  c.Enum("leadership.headteacher_status", l.headteacher_status(),
         v1::HeadteacherStatus_IsValid);
  c.Range("leadership.headteacher_years_in_post",
          l.has_headteacher_years_in_post(), l.headteacher_years_in_post(), 0.0,
          60.0);
  c.Range("leadership.staff_turnover_pct", l.has_staff_turnover_pct(),
          l.staff_turnover_pct(), 0.0, 100.0);
  c.Range("leadership.temporary_staff_pct", l.has_temporary_staff_pct(),
          l.temporary_staff_pct(), 0.0, 100.0);
  c.NonNegative("leadership.teacher_vacancies", l.has_teacher_vacancies(),
                l.teacher_vacancies());
  c.NonNegative("leadership.national_leaders_of_education",
                l.has_national_leaders_of_education(),
                l.national_leaders_of_education());
  c.NonNegative("leadership.local_leaders_of_education",
                l.has_local_leaders_of_education(),
                l.local_leaders_of_education());
  c.NonNegative("leadership.specialist_leaders_of_education",
                l.has_specialist_leaders_of_education(),
                l.specialist_leaders_of_education());
}

void CheckFinance(const v1::Finance& f, CandidateChecker& c) {
  c.Money("finance.funding_base_pence", f.has_funding_base_pence(),
          f.funding_base_pence(), false);
  c.Money("finance.total_income_pence", f.has_total_income_pence(),
          f.total_income_pence(), false);
  c.Money("finance.total_expenditure_pence", f.has_total_expenditure_pence(),
          f.total_expenditure_pence(), false);
  c.Money("finance.in_year_balance_pence", f.has_in_year_balance_pence(),
          f.in_year_balance_pence(), true);
  c.Money("finance.revenue_reserves_pence", f.has_revenue_reserves_pence(),
          f.revenue_reserves_pence(), true);
  c.Money("finance.staff_costs_pence", f.has_staff_costs_pence(),
          f.staff_costs_pence(), false);
  if (f.has_staff_costs_pence() && f.has_total_expenditure_pence() &&
      f.staff_costs_pence() > f.total_expenditure_pence() &&
      f.total_expenditure_pence() >= 0) {
    c.Fail("finance.staff_costs_pence",
           "must not exceed finance.total_expenditure_pence");
  }
  if (f.pupil_forecast_size() > 3) {
    c.Fail("finance.pupil_forecast", "at most three years");
  }
  for (int i = 0; i < f.pupil_forecast_size(); ++i) {
    c.Range(absl::StrCat("finance.pupil_forecast[", i, "]"), true,
            f.pupil_forecast(i), 0, 10000);
  }
  for (int i = 0; i < f.services_bought_elsewhere_size(); ++i) {
    if (f.services_bought_elsewhere(i).empty()) {
      c.Fail(absl::StrCat("finance.services_bought_elsewhere[", i, "]"),
             "must be a service code");
    }
  }
}

// Every string and list of `message` and the messages within it, by
// reflection, so that a field added later is bounded too.
void CheckSizes(const google::protobuf::Message& message,
                const std::string& path, FieldViolations* out) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string at =
        path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
    const int count =
        field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    if (field->is_repeated() && count > kMaxCandidateListEntries) {
      out->Add(at, absl::StrCat("at most ", kMaxCandidateListEntries,
                                " entries, got ", count));
      continue;
    }
    for (int i = 0; i < count; ++i) {
      const std::string item =
          field->is_repeated() ? absl::StrCat(at, "[", i, "]") : at;
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        std::string scratch;
        CheckText(item,
                  field->is_repeated() ? reflection->GetRepeatedStringReference(
                                             message, field, i, &scratch)
                                       : reflection->GetStringReference(
                                             message, field, &scratch),
                  kMaxCandidateTextBytes, out);
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        CheckSizes(field->is_repeated()
                       ? reflection->GetRepeatedMessage(message, field, i)
                       : reflection->GetMessage(message, field),
                   item, out);
      }
    }
  }
}

}  // namespace

void CheckText(absl::string_view field, absl::string_view value,
               size_t max_bytes, FieldViolations* violations) {
  if (value.size() > max_bytes) {
    violations->Add(field, absl::StrCat("at most ", max_bytes, " bytes, got ",
                                        value.size()));
  } else if (value.find('\0') != absl::string_view::npos) {
    violations->Add(field, "must not contain NUL bytes");
  }
}

FieldViolations ValidateCandidate(const v1::Candidate& candidate) {
  FieldViolations out;
  CheckSizes(candidate, "", &out);
  // Nothing else is looked at in an oversized candidate: its values are not
  // worth validating, and the sizes are what the caller must fix.
  if (!out.empty()) return out;
  CandidateChecker c(&out);
  CheckIdentity(candidate.identity(), c);
  out.Append("location", ValidateLocation(candidate.location()));
  c.Enum("governance.stage", candidate.governance().stage(),
         v1::GovernanceStage_IsValid);
  c.Rubric("governance.governance_rating",
           candidate.governance().has_governance_rating(),
           candidate.governance().governance_rating());
  CheckStandards(candidate.standards(), c);
  CheckLeadership(candidate.leadership(), c);
  CheckFinance(candidate.finance(), c);
  c.Rubric("ethos.values_alignment", candidate.ethos().has_values_alignment(),
           candidate.ethos().values_alignment());
  c.Rubric("ethos.inclusion_commitment",
           candidate.ethos().has_inclusion_commitment(),
           candidate.ethos().inclusion_commitment());
  return out;
}

}  // namespace trustfit::scoring
