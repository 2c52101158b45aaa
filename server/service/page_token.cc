#include "server/service/page_token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace trustfit::server {
namespace {

std::string Mac(absl::string_view payload, absl::string_view key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(),
       digest, &length);
  return std::string(reinterpret_cast<char*>(digest),
                     16);  // 128 bits is plenty.
}

absl::Status Invalid() {
  return absl::InvalidArgumentError(
      "page_token: not a token from a previous call with these filters");
}

}  // namespace

std::string EncodePageToken(int64_t last_seq, absl::string_view fingerprint,
                            absl::string_view key) {
  const std::string payload = absl::StrCat("v1|", last_seq, "|", fingerprint);
  return absl::WebSafeBase64Escape(
      absl::StrCat(payload, "|", Mac(payload, key)));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token,
                                        absl::string_view fingerprint,
                                        absl::string_view key) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < 17)
    return Invalid();
  const std::string payload = raw.substr(0, raw.size() - 17);
  const std::string mac = raw.substr(raw.size() - 16);
  const std::string expected = Mac(payload, key);
  if (raw[raw.size() - 17] != '|' ||
      CRYPTO_memcmp(mac.data(), expected.data(), 16) != 0) {
    return Invalid();
  }
  const std::vector<std::string> parts =
      absl::StrSplit(payload, absl::MaxSplits('|', 2));
  int64_t seq;
  if (parts.size() != 3 || parts[0] != "v1" ||
      !absl::SimpleAtoi(parts[1], &seq) || parts[2] != fingerprint) {
    return Invalid();
  }
  return seq;
}

int PageLimit(int page_size) {
  return page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
}

std::optional<int64_t> PagePosition(absl::string_view page_token,
                                    absl::string_view fingerprint,
                                    absl::string_view key,
                                    scoring::FieldViolations* violations) {
  if (page_token.empty()) return std::nullopt;
  const absl::StatusOr<int64_t> after =
      DecodePageToken(page_token, fingerprint, key);
  if (after.ok()) return *after;
  violations->Add("page_token",
                  "not a token from a previous call with these filters");
  return std::nullopt;
}

}  // namespace trustfit::server
