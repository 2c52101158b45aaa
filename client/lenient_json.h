// Reading a protobuf message from JSON as forgivingly as the CSV reader:
// enum values without their prefix or in any case ("phase": "secondary"),
// and an unknown field named with its path and the field it was probably
// meant to be.
//
//   v1::Candidate candidate;
//   absl::Status read = ParseJsonLeniently(text, &candidate);
//   // "identity.urm: no such field (did you mean urn?)"

#ifndef TRUSTFIT_CLIENT_LENIENT_JSON_H_
#define TRUSTFIT_CLIENT_LENIENT_JSON_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "nlohmann/json.hpp"

namespace trustfit::client {

// Sets `message` from the JSON object `text` (protobuf's JSON mapping),
// after rewriting enum strings the mapping would refuse but FindEnumValue
// reads. INVALID_ARGUMENT names the first unknown field by its path, with
// a suggestion when a field's name is close to it.
absl::Status ParseJsonLeniently(absl::string_view text,
                                google::protobuf::Message* message);

// The same, for a JSON object already parsed (a batch line the reader has
// looked into): it is not parsed again.
absl::Status ParseJsonObjectLeniently(nlohmann::json object,
                                      google::protobuf::Message* message);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_LENIENT_JSON_H_
