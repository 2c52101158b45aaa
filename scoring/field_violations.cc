#include "scoring/field_violations.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/rpc/error_details.pb.h"
#include "scoring/utf8.h"

namespace trustfit::scoring {
namespace {

// The longest prefix of `text` of at most `max_bytes` that does not end
// inside a UTF-8 character.
absl::string_view Utf8Prefix(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Back off continuation bytes (10xxxxxx) to the start of their character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return text.substr(0, end);
}

}  // namespace

std::string Truncate(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  return absl::StrCat(Utf8Prefix(text, max_bytes), "...");
}

std::string QuoteValue(absl::string_view value) {
  const absl::string_view shown = Utf8Prefix(value, kMaxQuotedValueBytes);
  std::string out = "\"";
  for (const char c : shown) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7F) {
      absl::StrAppendFormat(&out, "\\x%02x", u);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  if (shown.size() < value.size())
    absl::StrAppend(&out, "... (", value.size(), " bytes)");
  return out;
}

void FieldViolations::Add(absl::string_view field,
                          absl::string_view description) {
  if (violations_.size() >= kMaxViolationsReported) {
    ++dropped_;
    return;
  }
  // Valid UTF-8 whatever the input held: the violations travel in protobuf
  // strings, which must be.
  violations_.push_back(
      {ValidUtf8(Truncate(field, kMaxFieldPathBytes)),
       ValidUtf8(Truncate(description, kMaxViolationDescriptionBytes))});
}

void FieldViolations::Append(absl::string_view prefix,
                             const FieldViolations& other) {
  for (const FieldViolation& v : other.violations_) {
    Add(prefix.empty() ? v.field : absl::StrCat(prefix, ".", v.field),
        v.description);
  }
  dropped_ += other.dropped_;
}

absl::Status FieldViolations::ToStatus(absl::string_view summary) const {
  if (empty()) return absl::OkStatus();
  std::string message =
      absl::StrCat(ValidUtf8(Truncate(summary, kMaxViolationDescriptionBytes)),
                   " (", size(), size() == 1 ? " problem" : " problems", "): ");
  google::rpc::BadRequest bad_request;
  for (size_t i = 0; i < violations_.size(); ++i) {
    absl::StrAppend(&message, i == 0 ? "" : "; ", violations_[i].field, ": ",
                    violations_[i].description);
    auto* violation = bad_request.add_field_violations();
    violation->set_field(violations_[i].field);
    violation->set_description(violations_[i].description);
  }
  if (dropped_ > 0) {
    absl::StrAppend(&message, "; and ", dropped_, " more not listed");
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

absl::Status WithErrorReason(absl::Status status, const ErrorReason& reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(reason.reason);
  for (const auto& [key, value] : reason.metadata)
    (*info.mutable_metadata())[key] = value;
  status.SetPayload(kErrorInfoTypeUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

ErrorReason ErrorReasonOf(const absl::Status& status) {
  ErrorReason out;
  const auto payload = status.GetPayload(kErrorInfoTypeUrl);
  google::rpc::ErrorInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload)))
    return out;
  out.reason = info.reason();
  out.metadata.insert(info.metadata().begin(), info.metadata().end());
  return out;
}

}  // namespace trustfit::scoring
