// Page tokens for ListAssessments (AIP-158): opaque, and tamper-evident.
//
// A token carries the position to continue from (the sequence number of the
// last record returned) and a fingerprint of the filters it was issued for,
// signed with HMAC-SHA256 under a key the store keeps, so every replica
// sharing the store accepts it and nobody can forge or edit one.

#ifndef TRUSTFIT_SERVER_SERVICE_PAGE_TOKEN_H_
#define TRUSTFIT_SERVER_SERVICE_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace trustfit::server {

// The token to continue after `last_seq` with the filters `fingerprint`.
std::string EncodePageToken(int64_t last_seq, absl::string_view fingerprint,
                            absl::string_view key);

// The position in `token`; INVALID_ARGUMENT if it was not issued by this
// store for the same filters, or was altered.
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token,
                                        absl::string_view fingerprint,
                                        absl::string_view key);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_PAGE_TOKEN_H_
