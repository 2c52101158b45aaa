// Pages of the List calls (AIP-158): their size, and page tokens that are
// opaque and tamper-evident.
//
// A token carries the position to continue from (the sequence number of the
// last record returned) and a fingerprint of the filters it was issued for,
// signed with HMAC-SHA256 under a key the store keeps, so every replica
// sharing the store accepts it and nobody can forge or edit one.

#ifndef TRUSTFIT_SERVER_SERVICE_PAGE_TOKEN_H_
#define TRUSTFIT_SERVER_SERVICE_PAGE_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scoring/field_violations.h"

namespace trustfit::server {

// The token to continue after `last_seq` with the filters `fingerprint`.
std::string EncodePageToken(int64_t last_seq, absl::string_view fingerprint,
                            absl::string_view key);

// The position in `token`; INVALID_ARGUMENT if it was not issued by this
// store for the same filters, or was altered.
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token,
                                        absl::string_view fingerprint,
                                        absl::string_view key);

// A page when the caller asks for none (page_size 0).
inline constexpr int kDefaultPageSize = 50;
// The most a page holds. A record is about 10 KB: 100 keep a page well inside
// gRPC's default 4 MB message limit, so stock clients can read any page.
inline constexpr int kMaxPageSize = 100;

// How many items a page of `page_size` (not negative) holds.
int PageLimit(int page_size);

// Where a List call with `page_token` continues: nullopt for the first page
// (no token), else the token's position. A token this store did not issue
// for these filters adds a violation on "page_token" and gives nullopt.
std::optional<int64_t> PagePosition(absl::string_view page_token,
                                    absl::string_view fingerprint,
                                    absl::string_view key,
                                    scoring::FieldViolations* violations);

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_PAGE_TOKEN_H_
