#include "scoring/agreement_template.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/reason_codes.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

constexpr AgreementPlaceholder kPlaceholders[] = {
    {"trust_name", "The trust's name, from the policy."},
    {"school_name", "The school's name."},
    {"urn", "The school's URN."},
    {"local_authority", "The school's local authority, or \"not known\"."},
    {"cluster_name", "The name of the cluster the school would join."},
    {"arrangement", "The arrangement quoted, e.g. \"Trust partnership\"."},
    {"term_months", "The term in months."},
    {"start_date", "The commencement date: the first instalment's due date."},
    {"end_date", "The last day of the term."},
    {"max_term_months", "The longest term the policy allows, in months."},
    {"review_months", "How often the arrangement is reviewed, in months."},
    {"funding_base", "The school's funding base (GAG or budget share)."},
    {"net_cost", "The net charge over the whole term."},
    {"effective_rate", "The net charge a year as a share of the base."},
    {"frequency", "How often instalments fall due: monthly, termly, annually."},
    {"instalment_count", "How many instalments there are."},
};

constexpr absl::string_view kOpen = "{{";
constexpr absl::string_view kClose = "}}";

bool IsLowerSnakeCase(absl::string_view name) {
  if (name.empty() || !absl::ascii_islower(name.front())) return false;
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') {
      return false;
    }
  }
  return true;
}

// Validates one template text (a clause's text or a list item).
void CheckText(absl::string_view path, absl::string_view text,
               FieldViolations* out) {
  absl::StatusOr<std::vector<TemplatePiece>> pieces = SplitTemplate(text);
  if (!pieces.ok()) {
    out->Add(path, pieces.status().message());
    return;
  }
  for (const TemplatePiece& piece : *pieces) {
    if (piece.placeholder && !IsAgreementPlaceholder(piece.text)) {
      std::vector<absl::string_view> known;
      for (const auto& p : kPlaceholders) known.push_back(p.name);
      out->Add(path, absl::StrCat("unknown placeholder {{", piece.text,
                                  "}}; known: ", absl::StrJoin(known, ", ")));
    }
  }
}

void CheckRequiredText(absl::string_view path, absl::string_view text,
                       FieldViolations* out) {
  if (text.empty()) {
    out->Add(path, "required");
    return;
  }
  CheckText(path, text, out);
}

void CheckClause(absl::string_view path, const v1::AgreementClause& clause,
                 FieldViolations* out) {
  if (clause.heading().empty())
    out->Add(absl::StrCat(path, ".heading"), "required");
  CheckRequiredText(absl::StrCat(path, ".text"), clause.text(), out);
}

void CheckItems(absl::string_view path,
                const google::protobuf::RepeatedPtrField<std::string>& items,
                FieldViolations* out) {
  for (int i = 0; i < items.size(); ++i) {
    CheckRequiredText(absl::StrCat(path, "[", i, "]"), items[i], out);
  }
}

void CheckServiceInclusions(const v1::AgreementTemplate& agreement,
                            const v1::CostRules& cost, FieldViolations* out) {
  std::set<std::string> catalogue;
  for (const auto& service : cost.catalogue()) catalogue.insert(service.code());
  std::set<std::string> seen;
  for (int i = 0; i < agreement.service_inclusions_size(); ++i) {
    const auto& inclusions = agreement.service_inclusions(i);
    const std::string path = absl::StrCat("service_inclusions[", i, "]");
    if (catalogue.count(inclusions.code()) == 0) {
      out->Add(absl::StrCat(path, ".code"),
               absl::StrCat("\"", inclusions.code(),
                            "\" is not a code of cost.catalogue"));
    } else if (!seen.insert(inclusions.code()).second) {
      out->Add(absl::StrCat(path, ".code"),
               absl::StrCat("duplicate service \"", inclusions.code(), "\""));
    }
    if (inclusions.includes().empty()) {
      out->Add(absl::StrCat(path, ".includes"), "list at least one item");
    }
    CheckItems(absl::StrCat(path, ".includes"), inclusions.includes(), out);
  }
}

void CheckConditionClauses(const v1::AgreementTemplate& agreement,
                           FieldViolations* out) {
  std::set<absl::string_view> conditions;
  for (const ReasonCodeInfo& info : AllReasonCodes()) {
    if (info.area == "condition") conditions.insert(info.name);
  }
  std::set<std::string> seen;
  for (int i = 0; i < agreement.condition_clauses_size(); ++i) {
    const auto& clause = agreement.condition_clauses(i);
    const std::string path = absl::StrCat("condition_clauses[", i, "]");
    if (conditions.count(clause.code()) == 0) {
      out->Add(absl::StrCat(path, ".code"),
               absl::StrCat("\"", clause.code(),
                            "\" is not a condition code; known: ",
                            absl::StrJoin(conditions, ", ")));
    } else if (!seen.insert(clause.code()).second) {
      out->Add(absl::StrCat(path, ".code"),
               absl::StrCat("duplicate condition \"", clause.code(), "\""));
    }
    CheckRequiredText(absl::StrCat(path, ".text"), clause.text(), out);
  }
}

}  // namespace

absl::Span<const AgreementPlaceholder> AgreementPlaceholders() {
  return kPlaceholders;
}

bool IsAgreementPlaceholder(absl::string_view name) {
  for (const auto& placeholder : kPlaceholders) {
    if (placeholder.name == name) return true;
  }
  return false;
}

absl::StatusOr<std::vector<TemplatePiece>> SplitTemplate(
    absl::string_view text) {
  std::vector<TemplatePiece> pieces;
  while (!text.empty()) {
    const size_t open = text.find(kOpen);
    if (open != 0) {
      const absl::string_view literal = text.substr(0, open);
      if (literal.find(kClose) != absl::string_view::npos) {
        return absl::InvalidArgumentError("\"}}\" without its \"{{\"");
      }
      pieces.push_back({false, std::string(literal)});
      if (open == absl::string_view::npos) break;
      text.remove_prefix(open);
    }
    const size_t close = text.find(kClose);
    if (close == absl::string_view::npos) {
      return absl::InvalidArgumentError("\"{{\" without its \"}}\"");
    }
    const absl::string_view name =
        text.substr(kOpen.size(), close - kOpen.size());
    if (!IsLowerSnakeCase(name)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "placeholder {{", name, "}} must be a lower_snake_case name"));
    }
    pieces.push_back({true, std::string(name)});
    text.remove_prefix(close + kClose.size());
  }
  return pieces;
}

FieldViolations ValidateAgreementTemplate(
    const v1::AgreementTemplate& agreement, const v1::CostRules& cost) {
  FieldViolations out;
  CheckRequiredText("title", agreement.title(), &out);
  CheckClause("parties", agreement.parties(), &out);
  CheckClause("purpose", agreement.purpose(), &out);
  CheckClause("term", agreement.term(), &out);
  CheckClause("extension", agreement.extension(), &out);
  CheckClause("services", agreement.services(), &out);
  CheckServiceInclusions(agreement, cost, &out);
  const auto& phases = agreement.associate_phases();
  CheckClause("associate_phases.phase_1", phases.phase_1(), &out);
  CheckItems("associate_phases.phase_1_items", phases.phase_1_items(), &out);
  CheckClause("associate_phases.phase_2", phases.phase_2(), &out);
  CheckItems("associate_phases.phase_2_items", phases.phase_2_items(), &out);
  CheckClause("charges", agreement.charges(), &out);
  CheckClause("objectives", agreement.objectives(), &out);
  CheckClause("conditions", agreement.conditions(), &out);
  CheckConditionClauses(agreement, &out);
  CheckClause("ending", agreement.ending(), &out);
  CheckClause("data_protection", agreement.data_protection(), &out);
  CheckClause("confidentiality", agreement.confidentiality(), &out);
  CheckClause("signatures", agreement.signatures(), &out);
  return out;
}

}  // namespace trustfit::scoring
