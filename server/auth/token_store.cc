#include "server/auth/token_store.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "scoring/status_macros.h"
#include "server/auth/auth_status.h"
#include "server/auth/config_file.h"

namespace trustfit::server::auth {
namespace {

constexpr absl::string_view kHashPrefix = "sha256:";

std::array<uint8_t, 32> Sha256(absl::string_view text) {
  std::array<uint8_t, 32> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
         digest.data());
  return digest;
}

// The digest of a "sha256:<hex>" field, or nullopt.
std::optional<std::array<uint8_t, 32>> ParseHash(absl::string_view field) {
  if (!absl::ConsumePrefix(&field, kHashPrefix) || field.size() != 64) {
    return std::nullopt;
  }
  for (const char c : field) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
          (c >= 'A' && c <= 'F'))) {
      return std::nullopt;
    }
  }
  const std::string bytes = absl::HexStringToBytes(field);
  std::array<uint8_t, 32> digest{};
  std::copy(bytes.begin(), bytes.end(), digest.begin());
  return digest;
}

}  // namespace

std::string TokenHash(absl::string_view token) {
  const std::array<uint8_t, 32> digest = Sha256(token);
  return absl::StrCat(
      kHashPrefix,
      absl::BytesToHexString(absl::string_view(
          reinterpret_cast<const char*>(digest.data()), digest.size())));
}

absl::StatusOr<TokenStore> TokenStore::FromFile(const std::string& path) {
  return ParseConfigFile<TokenStore>(path, "tokens file");
}

absl::StatusOr<TokenStore> TokenStore::FromText(absl::string_view text,
                                                absl::string_view source) {
  TokenStore store;
  for (const ConfigLine& line : SplitConfigLines(text)) {
    const std::optional<std::array<uint8_t, 32>> hash =
        ParseHash(line.fields[0]);
    if (!hash.has_value()) {
      return LineError(source, line.number, "hash",
                       "expected \"sha256:\" and 64 hex digits (the token's "
                       "SHA-256, never the token)");
    }
    TRUSTFIT_ASSIGN_OR_RETURN(const absl::string_view principal,
                              PrincipalField(source, line, 1, false));
    TRUSTFIT_ASSIGN_OR_RETURN(const RoleSet roles, RolesField(source, line, 2));
    for (const Entry& entry : store.entries_) {
      if (entry.hash == *hash) {
        return LineError(source, line.number, "hash",
                         "the same token is listed on an earlier line");
      }
    }
    store.entries_.push_back(Entry{*hash, std::string(principal), roles});
  }
  return store;
}

absl::StatusOr<Principal> TokenStore::Authenticate(
    absl::string_view token) const {
  const std::array<uint8_t, 32> digest = Sha256(token);
  // Every entry is compared, in constant time, and the match is picked
  // without branching on where it is.
  size_t found = entries_.size();
  for (size_t i = 0; i < entries_.size(); ++i) {
    const size_t equal =
        static_cast<size_t>(CRYPTO_memcmp(entries_[i].hash.data(),
                                          digest.data(), digest.size()) == 0);
    const size_t mask = ~(equal - 1);  // all ones when equal, else zero
    found = (i & mask) | (found & ~mask);
  }
  if (found == entries_.size() || token.empty()) {
    return Unauthenticated(kReasonTokenInvalid, kTokenInvalidMessage);
  }
  const Entry& entry = entries_[found];
  return Principal{entry.principal, entry.roles, AuthMethod::kToken};
}

}  // namespace trustfit::server::auth
