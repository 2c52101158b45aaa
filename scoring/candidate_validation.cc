#include "scoring/candidate_validation.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
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

// Where CheckSizes is in the candidate, as a chain to the root: spelt out
// ("identity.specialisms[2]") only for a violation, so that a candidate
// within bounds costs no string per field.
struct FieldPathPart {
  const FieldPathPart* parent;
  absl::string_view name;
  int index;  // -1: not a list entry.
};

std::string Spell(const FieldPathPart* part) {
  if (part == nullptr) return "";
  std::string path = Spell(part->parent);
  if (!path.empty()) path += '.';
  absl::StrAppend(&path, part->name);
  if (part->index >= 0) absl::StrAppend(&path, "[", part->index, "]");
  return path;
}

// The problem with free text `value`, or "" when it has none.
std::string TextProblem(absl::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return absl::StrCat("at most ", max_bytes, " bytes, got ", value.size());
  }
  if (value.find('\0') != absl::string_view::npos) {
    return "must not contain NUL bytes";
  }
  return "";
}

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Of each message type in a candidate, the fields that can be too big: the
// lists, the strings and the messages that may hold either. Worked out
// once, so that checking a candidate does not look at its many numbers.
using BoundedFields =
    absl::flat_hash_map<const Descriptor*, std::vector<const FieldDescriptor*>>;

void AddBoundedFields(const Descriptor* type, BoundedFields* out) {
  if (!out->try_emplace(type).second) return;  // Seen (or being worked out).
  std::vector<const FieldDescriptor*> fields;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const bool message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (field->is_repeated() || message ||
        field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      fields.push_back(field);
    }
    if (message) AddBoundedFields(field->message_type(), out);
  }
  // In field-number order, as ListFields gave them: the order the
  // violations are reported in does not depend on how the proto is laid out.
  std::sort(fields.begin(), fields.end(),
            [](const FieldDescriptor* a, const FieldDescriptor* b) {
              return a->number() < b->number();
            });
  (*out)[type] = std::move(fields);
}

const BoundedFields& BoundedFieldsOfACandidate() {
  static const BoundedFields* const fields = [] {
    auto* found = new BoundedFields;
    AddBoundedFields(v1::Candidate::descriptor(), found);
    return found;
  }();
  return *fields;
}

// Every string and list of `message` and the messages within it, by
// reflection, so that a field added later is bounded too.
void CheckSizes(const google::protobuf::Message& message,
                const FieldPathPart* path, FieldViolations* out) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (const FieldDescriptor* field :
       BoundedFieldsOfACandidate().at(message.GetDescriptor())) {
    const bool repeated = field->is_repeated();
    if (!repeated && !reflection->HasField(message, field)) continue;
    const int count = repeated ? reflection->FieldSize(message, field) : 1;
    if (repeated && count > kMaxCandidateListEntries) {
      const FieldPathPart list{path, field->name(), -1};
      out->Add(Spell(&list), absl::StrCat("at most ", kMaxCandidateListEntries,
                                          " entries, got ", count));
      continue;
    }
    for (int i = 0; i < count; ++i) {
      const FieldPathPart item{path, field->name(), repeated ? i : -1};
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        std::string scratch;
        const std::string problem = TextProblem(
            repeated ? reflection->GetRepeatedStringReference(message, field, i,
                                                              &scratch)
                     : reflection->GetStringReference(message, field, &scratch),
            kMaxCandidateTextBytes);
        if (!problem.empty()) out->Add(Spell(&item), problem);
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        CheckSizes(repeated ? reflection->GetRepeatedMessage(message, field, i)
                            : reflection->GetMessage(message, field),
                   &item, out);
      }
    }
  }
}

}  // namespace

void CheckText(absl::string_view field, absl::string_view value,
               size_t max_bytes, FieldViolations* violations) {
  std::string problem = TextProblem(value, max_bytes);
  if (!problem.empty()) violations->Add(field, problem);
}

FieldViolations ValidateCandidate(const v1::Candidate& candidate) {
  FieldViolations out;
  CheckSizes(candidate, nullptr, &out);
  // Nothing else is looked at in an oversized candidate: its values are not
  // worth validating, and the sizes are what the caller must fix.
  if (!out.empty()) return out;
  CandidateChecker c(&out);
  CheckSections(candidate, c);
  return out;
}

}  // namespace trustfit::scoring
