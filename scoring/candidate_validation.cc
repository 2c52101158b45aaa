#include "scoring/candidate_validation.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "scoring/candidate_checker.h"
#include "scoring/criterion_unit.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

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

// The governance stage (read by the gates and the recommendation) and its
// rating (by leadership).
void CheckGovernance(const v1::Governance& governance, CandidateChecker& c) {
  c.Enum("governance.stage", governance.stage(), v1::GovernanceStage_IsValid);
  c.Rubric("governance.governance_rating", governance.has_governance_rating(),
           governance.governance_rating());
}

using InputCheck = void (*)(const v1::Candidate&, CandidateChecker&);

// The input checks in the order Candidate declares its sections: identity
// and governance, which several criteria read, here; the rest by the unit of
// the criterion that reads them. Violations are so listed in the order of
// the candidate's fields, whatever the order of scoring. Worked out once:
// every assessment runs them.
const std::vector<InputCheck>& ChecksInCandidateOrder() {
  static const std::vector<InputCheck> checks = [] {
    std::vector<InputCheck> out;
    const google::protobuf::Descriptor* sections = v1::Candidate::descriptor();
    for (int i = 0; i < sections->field_count(); ++i) {
      const std::string& section = sections->field(i)->name();
      if (section == "identity") {
        out.push_back([](const v1::Candidate& candidate, CandidateChecker& c) {
          CheckIdentity(candidate.identity(), c);
        });
      }
      if (section == "governance") {
        out.push_back([](const v1::Candidate& candidate, CandidateChecker& c) {
          CheckGovernance(candidate.governance(), c);
        });
      }
      for (const CriterionUnit& unit : CriterionUnits()) {
        if (unit.input_section == section) out.push_back(unit.check_input);
      }
    }
    return out;
  }();
  return checks;
}

void CheckSections(const v1::Candidate& candidate, CandidateChecker& c) {
  for (const InputCheck check : ChecksInCandidateOrder()) check(candidate, c);
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
  CheckSections(candidate, c);
  return out;
}

}  // namespace trustfit::scoring
