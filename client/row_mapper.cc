#include "client/row_mapper.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "scoring/field_violations.h"
#include "scoring/yaml_proto.h"

namespace trustfit::client {

// Defined in the generated gias_mapping.cc.
absl::string_view GiasMappingYaml();

namespace {

namespace cli = ::trustfit::cli;
namespace v1 = ::trustfit::v1;

int FindColumn(const std::vector<std::string>& header,
               const std::string& name) {
  auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

std::string Describe(const std::string& column, const FieldPath& path) {
  return column.empty()
             ? path.text()
             : absl::StrCat("column '", column, "' (", path.text(), ")");
}

}  // namespace

absl::StatusOr<cli::ColumnMapping> ParseMapping(absl::string_view yaml) {
  cli::ColumnMapping mapping;
  scoring::FieldViolations problems;
  scoring::ParseYamlInto(yaml, &mapping, &problems);
  if (mapping.fields().empty() && problems.empty()) {
    problems.Add("fields", "a mapping needs at least one field rule");
  }
  if (!problems.empty()) return problems.ToStatus("invalid column mapping");
  return mapping;
}

const cli::ColumnMapping& GiasMapping() {
  static const cli::ColumnMapping* mapping = [] {
    absl::StatusOr<cli::ColumnMapping> parsed = ParseMapping(GiasMappingYaml());
    return new cli::ColumnMapping(parsed.ok() ? *parsed : cli::ColumnMapping());
  }();
  return *mapping;
}

absl::StatusOr<cli::ColumnMapping> ChooseMapping(
    const std::vector<std::string>& header,
    const std::optional<std::string>& mapping_yaml) {
  if (mapping_yaml.has_value()) return ParseMapping(*mapping_yaml);
  const cli::ColumnMapping& gias = GiasMapping();
  if (std::all_of(
          gias.recognise_headers().begin(), gias.recognise_headers().end(),
          [&](const std::string& h) { return FindColumn(header, h) >= 0; })) {
    return gias;
  }
  // Native: every header names a candidate field.
  cli::ColumnMapping native;
  std::vector<std::string> unknown;
  for (const std::string& column : header) {
    if (!FieldPath::Parse(v1::Candidate::descriptor(), column).ok()) {
      unknown.push_back(column);
      continue;
    }
    cli::FieldRule* rule = native.add_fields();
    rule->set_field(column);
    rule->set_column(column);
  }
  if (!unknown.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot tell what these columns are: ", absl::StrJoin(unknown, ", "),
        ". Give a column mapping with --mapping (see examples/mappings/), "
        "export "
        "from Get Information About Schools, or name columns by candidate "
        "field "
        "(identity.urn, identity.name, ...)"));
  }
  return native;
}

absl::StatusOr<RowMapper> RowMapper::Create(
    const cli::ColumnMapping& mapping, const std::vector<std::string>& header) {
  RowMapper mapper;
  mapper.columns_ = header.size();
  scoring::FieldViolations problems;
  for (int i = 0; i < mapping.fields_size(); ++i) {
    const cli::FieldRule& source = mapping.fields(i);
    const std::string at = absl::StrCat("fields[", i, "]");
    absl::StatusOr<FieldPath> path =
        FieldPath::Parse(v1::Candidate::descriptor(), source.field());
    if (!path.ok()) {
      problems.Add(at + ".field", path.status().message());
      continue;
    }
    Rule rule;
    rule.path = *std::move(path);
    if (source.column().empty() == source.value().empty()) {
      problems.Add(at, "give either a column or a constant value");
      continue;
    }
    rule.column_name = source.column();
    rule.constant = source.value();
    if (!source.column().empty()) {
      rule.column = FindColumn(header, source.column());
      if (rule.column < 0) {
        if (mapping.skip_missing_columns()) continue;
        problems.Add(at + ".column", absl::StrCat("the file has no column '",
                                                  source.column(), "'"));
      }
    }
    for (const auto& [from, to] : source.values())
      rule.values[absl::AsciiStrToLower(from)] = to;
    rule.skip_unknown_values = source.skip_unknown_values();
    if (source.has_scale()) rule.scale = source.scale();
    rule.multiply_by_name = source.multiply_by_column();
    rule.divide_by_name = source.divide_by_column();
    for (auto [name, target] :
         {std::pair<const std::string*, int*>{&source.multiply_by_column(),
                                              &rule.multiply_by},
          {&source.divide_by_column(), &rule.divide_by}}) {
      if (name->empty()) continue;
      *target = FindColumn(header, *name);
      if (*target < 0) {
        problems.Add(at, absl::StrCat("the file has no column '", *name, "'"));
      }
    }
    const bool converts =
        rule.scale || rule.multiply_by >= 0 || rule.divide_by >= 0;
    if (converts && !rule.path.numeric()) {
      problems.Add(at, absl::StrCat(source.field(),
                                    " is not a number: it cannot be scaled"));
    }
    rule.split = source.split();
    if (!rule.split.empty() && !rule.path.repeated_leaf()) {
      problems.Add(at, absl::StrCat("split needs a list field ending in []"));
    }
    mapper.rules_.push_back(std::move(rule));
  }
  if (!problems.empty())
    return problems.ToStatus("the column mapping does not fit this file");
  return mapper;
}

absl::Status RowMapper::Apply(const Rule& rule,
                              const std::vector<std::string>& row,
                              v1::Candidate* candidate) const {
  std::string text = rule.column < 0 ? rule.constant : row[rule.column];
  absl::StripAsciiWhitespace(&text);
  if (text.empty()) return absl::OkStatus();  // A missing value stays missing.
  std::vector<std::string> parts =
      rule.split.empty()
          ? std::vector<std::string>{text}
          : absl::StrSplit(text, rule.split, absl::SkipWhitespace());
  for (std::string& part : parts) {
    absl::StripAsciiWhitespace(&part);
    if (!rule.values.empty()) {
      auto it = rule.values.find(absl::AsciiStrToLower(part));
      if (it == rule.values.end()) {
        if (rule.skip_unknown_values) continue;
        return absl::InvalidArgumentError(
            absl::StrCat("unexpected value \"", part, "\""));
      }
      part = it->second;
      if (part.empty()) continue;  // Mapped to nothing: leave unset.
    }
    const bool converts =
        rule.scale || rule.multiply_by >= 0 || rule.divide_by >= 0;
    if (!converts) {
      if (absl::Status s = rule.path.SetText(candidate, part); !s.ok())
        return s;
      continue;
    }
    double value;
    if (!absl::SimpleAtod(part, &value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("not a number: \"", part, "\""));
    }
    if (rule.scale) value *= *rule.scale;
    for (auto [column, multiply] :
         {std::pair{rule.multiply_by, true}, {rule.divide_by, false}}) {
      if (column < 0) continue;
      double other;
      const std::string cell(absl::StripAsciiWhitespace(row[column]));
      if (cell.empty()) return absl::OkStatus();  // Cannot convert without it.
      if (!absl::SimpleAtod(cell, &other)) {
        return absl::InvalidArgumentError(
            absl::StrCat("needs column '",
                         multiply ? rule.multiply_by_name : rule.divide_by_name,
                         "' to be a number, got \"", cell, "\""));
      }
      if (!multiply && other == 0)
        return absl::OkStatus();  // Unknown, not infinite.
      value = multiply ? value * other : value / other;
    }
    if (absl::Status s = rule.path.SetNumber(candidate, value); !s.ok())
      return s;
  }
  return absl::OkStatus();
}

absl::Status RowMapper::Map(const std::vector<std::string>& row,
                            v1::Candidate* candidate) const {
  candidate->Clear();
  return MergeInto(row, candidate);
}

std::optional<int> RowMapper::ColumnOf(absl::string_view field) const {
  for (const Rule& rule : rules_) {
    if (rule.column >= 0 && rule.path.text() == field) return rule.column;
  }
  return std::nullopt;
}

absl::Status RowMapper::MergeInto(const std::vector<std::string>& row,
                                  v1::Candidate* candidate) const {
  if (row.size() != columns_) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the row has ", row.size(), " fields; the header has ", columns_));
  }
  std::vector<std::string> problems;
  for (const Rule& rule : rules_) {
    if (absl::Status s = Apply(rule, row, candidate); !s.ok()) {
      problems.push_back(absl::StrCat(Describe(rule.column_name, rule.path),
                                      ": ", s.message()));
    }
  }
  if (!problems.empty())
    return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
  return absl::OkStatus();
}

}  // namespace trustfit::client
