// YAML <-> protobuf mapping for policy files.
//
// A YAML document maps onto a message by field name: mappings are messages,
// sequences are repeated fields, scalars are numbers, booleans, strings or
// enum values (the full name, PHASE_SECONDARY, or without the enum's prefix,
// SECONDARY). Every problem is reported, not just the first: unknown keys and
// wrong types come back as field violations with their path and line.
//
//   trustfit::v1::Policy policy;
//   FieldViolations problems;
//   ParseYamlInto(text, &policy, &problems);
//   std::string yaml = ProtoToYaml(policy);

#ifndef TRUSTFIT_SCORING_YAML_PROTO_H_
#define TRUSTFIT_SCORING_YAML_PROTO_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "scoring/field_violations.h"

namespace trustfit::scoring {

// Limits of every YAML document read (policies, column mappings), far
// beyond any real one: the default policy is 24 KB and some 3,000 values.
inline constexpr size_t kMaxYamlBytes = 1 << 20;
inline constexpr uint64_t kMaxYamlNodes = 100000;  // Aliases expanded.
inline constexpr size_t kMaxYamlDepth = 64;

// ParseYamlInto()
//
// Sets the fields of `message` named in the YAML document `text`, adding a
// violation to `violations` for every key that is not a field (with its
// path), every value of the wrong type, and a syntax error if the document
// does not parse. Fields not mentioned are left as they are. A document
// past one of the limits above is refused with one violation, before it is
// expanded into memory. Returns false when the document could not be read
// at all (refused or a syntax error): nothing was set, so checks of the
// message's content would only add noise.
bool ParseYamlInto(absl::string_view text, google::protobuf::Message* message,
                   FieldViolations* violations);

// ProtoToYaml()
//
// YAML for the fields of `message` that are set, readable by ParseYamlInto.
// Small messages of scalars (curve points) are written on one line.
std::string ProtoToYaml(const google::protobuf::Message& message);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_YAML_PROTO_H_
