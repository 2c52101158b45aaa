#include "client/joined_file.h"

#include <fstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/csv.h"

namespace trustfit::client {

namespace v1 = ::trustfit::v1;

absl::StatusOr<JoinedFile> JoinedFile::Read(
    const std::string& path, const std::optional<std::string>& mapping_yaml) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": cannot be read: no such file or no permission"));
  }
  CsvReader reader(&in);
  std::vector<std::string> header;
  if (!reader.Next(&header)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no header row",
                     reader.error().empty() ? "" : ": " + reader.error()));
  }
  absl::StatusOr<cli::ColumnMapping> mapping =
      ChooseMapping(header, mapping_yaml);
  if (!mapping.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", mapping.status().message()));
  }
  absl::StatusOr<RowMapper> mapper = RowMapper::Create(*mapping, header);
  if (!mapper.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", mapper.status().message()));
  }
  const std::optional<int> key = mapper->ColumnOf("identity.urn");
  if (!key.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path,
        ": its mapping reads no identity.urn, so it cannot be joined "
        "by URN"));
  }
  JoinedFile file(path, *std::move(mapper));
  std::vector<std::string> fields;
  while (reader.Next(&fields)) {
    if (static_cast<size_t>(*key) >= fields.size()) continue;
    const std::string urn(absl::StripAsciiWhitespace(fields[*key]));
    if (urn.empty()) continue;  // Nothing to join it by.
    auto [it, added] = file.rows_.try_emplace(urn, Row{reader.line(), {}});
    if (!added) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": URN ", urn, " is on line ", it->second.line,
                       " and again on line ", reader.line()));
    }
    it->second.fields = std::move(fields);
  }
  if (!reader.error().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": line ", reader.line(), ": ", reader.error()));
  }
  return file;
}

absl::StatusOr<bool> JoinedFile::AddTo(absl::string_view urn,
                                       v1::Candidate* candidate) const {
  auto it = rows_.find(absl::StripAsciiWhitespace(urn));
  if (it == rows_.end()) return false;
  if (absl::Status s = mapper_.MergeInto(it->second.fields, candidate);
      !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path_, ": line ", it->second.line, ": ", s.message()));
  }
  return true;
}

JoinSpec ParseJoinSpec(absl::string_view value) {
  const size_t colon = value.rfind(':');
  if (colon == absl::string_view::npos) return {std::string(value), {}};
  return {std::string(value.substr(0, colon)),
          std::string(value.substr(colon + 1))};
}

}  // namespace trustfit::client
