// Setting a field of a protobuf message by a path of field names, as column
// mappings name candidate fields.
//
//   identity.urn                          a field of a sub-message
//   standards.attainment[2019].progress8  the entry of a repeated message
//                                         whose first field is 2019 (added
//                                         when missing)
//   identity.specialisms[]                append to a repeated field
//
//   TRUSTFIT_ASSIGN_OR_RETURN(
//       FieldPath path,
//       FieldPath::Parse(v1::Candidate::descriptor(), "identity.urn"));
//   TRUSTFIT_RETURN_IF_ERROR(path.SetText(&candidate, "108057"));

#ifndef TRUSTFIT_CLIENT_FIELD_PATH_H_
#define TRUSTFIT_CLIENT_FIELD_PATH_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace trustfit::client {

// The value of `type` that `text` names, in full or without its prefix, in
// any case, '-' for '_' ("secondary", "PHASE_SECONDARY",
// "associate-integration"); null when none.
const google::protobuf::EnumValueDescriptor* FindEnumValue(
    const google::protobuf::EnumDescriptor* type, absl::string_view text);

class FieldPath {
 public:
  FieldPath() = default;

  // Checks every step against `root`: INVALID_ARGUMENT naming the first
  // unknown field or misused bracket.
  static absl::StatusOr<FieldPath> Parse(
      const google::protobuf::Descriptor* root, absl::string_view path);

  // Sets the field from text read as its type: numbers, true/false/yes/no,
  // enum value names (in full or without their prefix), strings as they are.
  absl::Status SetText(google::protobuf::Message* root,
                       absl::string_view text) const;

  // Sets a numeric field; whole-number fields are rounded half away from zero.
  absl::Status SetNumber(google::protobuf::Message* root, double value) const;

  // True for a field that takes numbers.
  bool numeric() const;
  bool repeated_leaf() const { return steps_.back().append; }
  const std::string& text() const { return text_; }

 private:
  struct Step {
    const google::protobuf::FieldDescriptor* field;
    std::optional<std::string> key;  // For keyed repeated messages.
    bool append = false;             // For "[]" on a repeated field.
  };

  // The message holding the leaf, creating parents and keyed entries.
  absl::StatusOr<google::protobuf::Message*> Parent(
      google::protobuf::Message* root) const;

  std::string text_;
  std::vector<Step> steps_;
};

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_FIELD_PATH_H_
