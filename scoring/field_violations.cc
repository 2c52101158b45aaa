#include "scoring/field_violations.h"

#include <optional>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace trustfit::scoring {

void FieldViolations::Add(absl::string_view field,
                          absl::string_view description) {
  violations_.push_back({std::string(field), std::string(description)});
}

void FieldViolations::Append(absl::string_view prefix,
                             const FieldViolations& other) {
  for (const FieldViolation& v : other.violations_) {
    violations_.push_back(
        {prefix.empty() ? v.field : absl::StrCat(prefix, ".", v.field),
         v.description});
  }
}

absl::Status FieldViolations::ToStatus(absl::string_view summary) const {
  if (violations_.empty()) return absl::OkStatus();
  std::string message =
      absl::StrCat(summary, " (", violations_.size(),
                   violations_.size() == 1 ? " problem" : " problems", "): ");
  google::rpc::BadRequest bad_request;
  for (size_t i = 0; i < violations_.size(); ++i) {
    absl::StrAppend(&message, i == 0 ? "" : "; ", violations_[i].field, ": ",
                    violations_[i].description);
    auto* violation = bad_request.add_field_violations();
    violation->set_field(violations_[i].field);
    violation->set_description(violations_[i].description);
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestTypeUrl,
                    absl::Cord(bad_request.SerializeAsString()));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> result;
  const auto payload = status.GetPayload(kBadRequestTypeUrl);
  google::rpc::BadRequest bad_request;
  if (!payload.has_value() ||
      !bad_request.ParseFromString(std::string(*payload))) {
    return result;
  }
  for (const auto& v : bad_request.field_violations()) {
    result.push_back({v.field(), v.description()});
  }
  return result;
}

absl::Status RenameFieldPaths(
    const absl::Status& status,
    const std::function<std::string(const std::string&)>& rename) {
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) return status;
  FieldViolations renamed;
  for (const FieldViolation& v : violations)
    renamed.Add(rename(v.field), v.description);
  // Keep the summary before the list, which is rebuilt with the new paths.
  const absl::string_view message = status.message();
  const size_t open = message.find(" (");
  return renamed.ToStatus(
      open == absl::string_view::npos ? message : message.substr(0, open));
}

}  // namespace trustfit::scoring
