// Deterministic bytes of a message, and their SHA-256: the one place that
// decides what "the same message" means for policy hashes, idempotent
// requests and stored records.

#ifndef TRUSTFIT_SCORING_PROTO_BYTES_H_
#define TRUSTFIT_SCORING_PROTO_BYTES_H_

#include <string>

#include "google/protobuf/message.h"

namespace trustfit::scoring {

// `message` serialised with map entries in key order, so equal messages give
// equal bytes.
std::string SerializeDeterministic(const google::protobuf::Message& message);

// The SHA-256 of SerializeDeterministic(message), in lower-case hex.
std::string DeterministicSha256Hex(const google::protobuf::Message& message);

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_SCORING_PROTO_BYTES_H_
