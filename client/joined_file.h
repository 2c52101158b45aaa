// JoinedFile: a further CSV file joined to a batch's main input by URN.
//
// Public data comes as separate downloads keyed by URN, each covering
// different schools and years: the register, the performance tables, the
// finance returns. `trustfit batch --join FILE[:MAPPING]` reads such a file
// whole, keyed by the column its mapping reads `identity.urn` from, and adds
// the fields of the row with a main row's URN to that row's candidate. A
// main row with no match keeps those inputs missing. Memory grows with the
// joined files, never with the main one, which still streams.
//
//   TRUSTFIT_ASSIGN_OR_RETURN(JoinedFile finance,
//                             JoinedFile::Read("cfr.csv", mapping_yaml));
//   TRUSTFIT_ASSIGN_OR_RETURN(bool found,
//                             finance.AddTo(candidate.identity().urn(),
//                                           &candidate));

#ifndef TRUSTFIT_CLIENT_JOINED_FILE_H_
#define TRUSTFIT_CLIENT_JOINED_FILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client/row_mapper.h"
#include "trustfit/v1/candidate.pb.h"

namespace trustfit::client {

class JoinedFile {
 public:
  // Reads the CSV file at `path` with its column mapping (`mapping_yaml`,
  // else one its header is recognised by). INVALID_ARGUMENT, naming the
  // file, when it cannot be read or mapped, when the mapping reads no
  // identity.urn, or when a URN is on two rows (naming the URN and both
  // lines).
  static absl::StatusOr<JoinedFile> Read(
      const std::string& path, const std::optional<std::string>& mapping_yaml);

  // Adds the fields of the row keyed `urn` to `candidate`: false when the
  // file has no such row. INVALID_ARGUMENT, naming the file and its line,
  // when the row's values do not convert.
  absl::StatusOr<bool> AddTo(absl::string_view urn,
                             trustfit::v1::Candidate* candidate) const;

  const std::string& path() const { return path_; }
  size_t rows() const { return rows_.size(); }

 private:
  struct Row {
    int64_t line;
    std::vector<std::string> fields;
  };

  JoinedFile(std::string path, RowMapper mapper)
      : path_(std::move(path)), mapper_(std::move(mapper)) {}

  std::string path_;
  RowMapper mapper_;
  absl::flat_hash_map<std::string, Row> rows_;
};

// Parses a --join value: "FILE" or "FILE:MAPPING" (the last ':' splits).
struct JoinSpec {
  std::string path;
  std::optional<std::string> mapping_path;
};
JoinSpec ParseJoinSpec(absl::string_view value);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_JOINED_FILE_H_
