// RowMapper: turns rows of a CSV file into candidates, by a ColumnMapping.
//
// The mapping comes from a file (--mapping), from the built-in mapping of the
// DfE register's extract (Get Information About Schools) when the header
// row is recognised, or is "native" when every header is a candidate field
// path (identity.urn, location.os_grid.easting, ...). A row that cannot be
// converted is rejected with every problem, each naming its column and field.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(cli::ColumnMapping mapping,
//                             ChooseMapping(header, mapping_yaml));
//   TRUSTFIT_ASSIGN_OR_RETURN(RowMapper mapper,
//                             RowMapper::Create(mapping, header));
//   absl::Status converted = mapper.Map(row, &candidate);

#ifndef TRUSTFIT_CLIENT_ROW_MAPPER_H_
#define TRUSTFIT_CLIENT_ROW_MAPPER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "client/column_mapping.pb.h"
#include "client/field_path.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::client {

// Parses a mapping file; INVALID_ARGUMENT lists unknown keys and bad values.
absl::StatusOr<trustfit::cli::ColumnMapping> ParseMapping(
    absl::string_view yaml);

// The built-in mapping of the Get Information About Schools extract.
const trustfit::cli::ColumnMapping& GiasMapping();

// The mapping for a file with `header`: `mapping_yaml` when given, else the
// GIAS mapping when the header is recognised, else the native mapping when
// every header is a candidate field path.
absl::StatusOr<trustfit::cli::ColumnMapping> ChooseMapping(
    const std::vector<std::string>& header,
    const std::optional<std::string>& mapping_yaml);

class RowMapper {
 public:
  // Checks every rule against the candidate message and `header`.
  static absl::StatusOr<RowMapper> Create(
      const trustfit::cli::ColumnMapping& mapping,
      const std::vector<std::string>& header);

  // Fills `candidate` (cleared first) from `row`; INVALID_ARGUMENT listing
  // each problem ("column 'Progress 8, 2019' (standards.attainment[2019].
  // progress8): not a number: \"n/a\"").
  absl::Status Map(const std::vector<std::string>& row,
                   trustfit::v1::Candidate* candidate) const;

  // As Map(), adding to what `candidate` already has (a row of a file
  // joined by URN adds its fields to the main file's candidate).
  absl::Status MergeInto(const std::vector<std::string>& row,
                         trustfit::v1::Candidate* candidate) const;

  // The column a rule reads `field` ("identity.urn") from, if any.
  std::optional<int> ColumnOf(absl::string_view field) const;

  size_t columns() const { return columns_; }

 private:
  struct Rule {
    FieldPath path;
    int column = -1;  // -1 for a constant.
    std::string column_name;
    std::string constant;
    absl::flat_hash_map<std::string, std::string> values;  // Lower-case keys.
    bool skip_unknown_values = false;
    std::optional<double> scale;
    int multiply_by = -1;
    int divide_by = -1;
    std::string multiply_by_name, divide_by_name;
    std::string split;
  };

  absl::Status Apply(const Rule& rule, const std::vector<std::string>& row,
                     trustfit::v1::Candidate* candidate) const;

  std::vector<Rule> rules_;
  size_t columns_ = 0;
};

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_ROW_MAPPER_H_
