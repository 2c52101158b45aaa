#include "server/auth/jwt_verifier.h"

#include <algorithm>
#include <exception>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "jwt/jwt.hpp"
#include "nlohmann/json.hpp"
#include "server/auth/auth_status.h"

namespace trustfit::server::auth {
namespace {

using Json = nlohmann::json;

struct Algorithm {
  absl::string_view name;
  jwt::algorithm library_id;
  JwtKey::Type key_type;
  absl::string_view curve;  // EC only
};
constexpr Algorithm kAlgorithms[] = {
    {"RS256", jwt::algorithm::RS256, JwtKey::Type::kRsa, ""},
    {"RS384", jwt::algorithm::RS384, JwtKey::Type::kRsa, ""},
    {"RS512", jwt::algorithm::RS512, JwtKey::Type::kRsa, ""},
    {"ES256", jwt::algorithm::ES256, JwtKey::Type::kEc, "P-256"},
    {"ES384", jwt::algorithm::ES384, JwtKey::Type::kEc, "P-384"},
    {"ES512", jwt::algorithm::ES512, JwtKey::Type::kEc, "P-521"},
};

const Algorithm* FindAlgorithm(absl::string_view name) {
  for (const Algorithm& algorithm : kAlgorithms) {
    if (algorithm.name == name) return &algorithm;  // case-sensitive (JWA)
  }
  return nullptr;
}

bool KeyFits(const JwtKey& key, const Algorithm& algorithm) {
  return key.type == algorithm.key_type &&
         (key.type != JwtKey::Type::kEc || key.curve == algorithm.curve) &&
         (key.alg.empty() || key.alg == algorithm.name);
}

absl::Status Invalid(absl::string_view message = kTokenInvalidMessage) {
  return Unauthenticated(kReasonTokenInvalid, message);
}

// The JSON object a base64url part of a token holds, or nullopt.
std::optional<Json> DecodeObject(absl::string_view part) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(part, &text)) return std::nullopt;
  Json object = Json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) return std::nullopt;
  return object;
}

// The value at dotted `path` in `object`, or nullptr. At each level the
// longest run of segments that is a key wins, so "kubernetes.io.namespace"
// finds {"kubernetes.io": {"namespace": ...}}.
const Json* ResolveClaim(const Json& object,
                         const std::vector<absl::string_view>& segments,
                         size_t first = 0) {
  if (first == segments.size()) return &object;
  if (!object.is_object()) return nullptr;
  for (size_t last = segments.size(); last > first; --last) {
    const std::string key = absl::StrJoin(
        segments.begin() + static_cast<std::ptrdiff_t>(first),
        segments.begin() + static_cast<std::ptrdiff_t>(last), ".");
    const auto it = object.find(key);
    if (it == object.end()) continue;
    if (const Json* found = ResolveClaim(*it, segments, last)) return found;
  }
  return nullptr;
}

const Json* Claim(const Json& claims, absl::string_view path) {
  return ResolveClaim(claims, absl::StrSplit(path, '.'));
}

bool HoldsAudience(const Json& claims,
                   const std::vector<std::string>& accepted) {
  const auto it = claims.find("aud");
  if (it == claims.end()) return false;
  const auto accepts = [&](const Json& value) {
    return value.is_string() &&
           std::find(accepted.begin(), accepted.end(),
                     value.get<std::string>()) != accepted.end();
  };
  if (!it->is_array()) return accepts(*it);
  return std::any_of(it->begin(), it->end(), accepts);
}

// OK when `claims` are of this issuer and audience and in date.
absl::Status CheckRegisteredClaims(const Json& claims, const JwtConfig& config,
                                   absl::Time now) {
  const auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() ||
      iss->get<std::string>() != config.issuer) {
    return Invalid(absl::StrCat("the token was not issued by ", config.issuer));
  }
  if (!HoldsAudience(claims, config.audiences)) {
    return Invalid(absl::StrCat("the token's audience is not ",
                                absl::StrJoin(config.audiences, " or ")));
  }
  const double now_seconds = static_cast<double>(absl::ToUnixMicros(now)) / 1e6;
  const double skew = absl::ToDoubleSeconds(config.clock_skew);
  const auto exp = claims.find("exp");
  if (exp == claims.end() || !exp->is_number()) {
    return Invalid("the token has no expiry (exp)");
  }
  if (now_seconds > exp->get<double>() + skew) {
    return Unauthenticated(kReasonTokenExpired, "the bearer token has expired");
  }
  const auto nbf = claims.find("nbf");
  if (nbf != claims.end() &&
      (!nbf->is_number() || now_seconds + skew < nbf->get<double>())) {
    return Unauthenticated(kReasonTokenNotYetValid,
                           "the bearer token is not valid yet (nbf)");
  }
  return absl::OkStatus();
}

RoleSet RolesFromClaim(const Json* claim, const JwtConfig& config) {
  std::vector<std::string> values;
  if (claim != nullptr && claim->is_string()) {
    values = absl::StrSplit(claim->get<std::string>(), ' ', absl::SkipEmpty());
  } else if (claim != nullptr && claim->is_array()) {
    for (const Json& value : *claim) {
      if (value.is_string()) values.push_back(value.get<std::string>());
    }
  }
  RoleSet roles;
  for (const std::string& value : values) {
    if (config.role_values.empty()) {
      if (const std::optional<Role> role = ParseRole(value)) roles.Add(*role);
    } else if (const auto it = config.role_values.find(value);
               it != config.role_values.end()) {
      roles.Add(it->second);
    }
  }
  return roles;
}

bool IsBase64Url(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// True when `signature` (base64url) is `key`'s signature of `signed_part`
// under `algorithm`.
bool SignatureVerifies(const JwtKey& key, const Algorithm& algorithm,
                       absl::string_view signed_part,
                       absl::string_view signature) {
  // cpp-jwt's base64 decoder indexes a table with each byte unchecked:
  // only the base64url alphabet may reach it.
  if (signature.empty() || !IsBase64Url(signature)) return false;
  try {
    jwt::jwt_signature verifier{key.pem};
    const jwt::verify_result_t result = verifier.verify(
        jwt::jwt_header{algorithm.library_id},
        jwt::string_view(signed_part.data(), signed_part.size()),
        jwt::string_view(signature.data(), signature.size()));
    return result.first && !result.second;
  } catch (const std::exception&) {  // the library's allocation failures
    return false;
  }
}

}  // namespace

bool LooksLikeJwt(absl::string_view token) {
  return std::count(token.begin(), token.end(), '.') == 2;
}

absl::StatusOr<JwtVerifier> JwtVerifier::Create(JwtConfig config,
                                                JwtKeySet keys) {
  if (config.issuer.empty()) {
    return absl::InvalidArgumentError("JWT: the issuer is required");
  }
  if (config.audiences.empty()) {
    return absl::InvalidArgumentError("JWT: at least one audience is required");
  }
  if (config.algorithms.empty()) {
    return absl::InvalidArgumentError("JWT: at least one algorithm is needed");
  }
  bool usable = false;
  for (const std::string& name : config.algorithms) {
    const Algorithm* algorithm = FindAlgorithm(name);
    if (algorithm == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "JWT: algorithm \"", name,
          "\" is not accepted (use RS256, RS384, RS512, ES256, ES384 or "
          "ES512; never none or HMAC)"));
    }
    for (const JwtKey& key : keys.keys()) usable |= KeyFits(key, *algorithm);
  }
  if (!usable) {
    return absl::InvalidArgumentError(absl::StrCat(
        "JWT: no key can verify ", absl::StrJoin(config.algorithms, ", ")));
  }
  if (config.clock_skew < absl::ZeroDuration() ||
      config.clock_skew > kMaxClockSkew) {
    return absl::InvalidArgumentError(
        "JWT: the clock skew must be between 0 and 5 minutes");
  }
  if (config.principal_claim.empty() || config.roles_claim.empty()) {
    return absl::InvalidArgumentError(
        "JWT: the principal and roles claims must be named");
  }
  return JwtVerifier(std::move(config), std::move(keys));
}

absl::StatusOr<Principal> JwtVerifier::Verify(absl::string_view token,
                                              absl::Time now) const {
  if (token.size() > kMaxJwtBytes || !LooksLikeJwt(token)) return Invalid();
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  const std::optional<Json> header = DecodeObject(parts[0]);
  if (!header.has_value()) return Invalid();
  const auto alg = header->find("alg");
  const Algorithm* algorithm = alg != header->end() && alg->is_string()
                                   ? FindAlgorithm(alg->get<std::string>())
                                   : nullptr;
  if (algorithm == nullptr ||
      std::find(config_.algorithms.begin(), config_.algorithms.end(),
                algorithm->name) == config_.algorithms.end()) {
    return Invalid(absl::StrCat("the token's algorithm is not accepted (",
                                absl::StrJoin(config_.algorithms, ", "), ")"));
  }
  // No extension is understood, so none that is critical can be honoured.
  if (header->contains("crit")) return Invalid();
  const auto kid = header->find("kid");
  const JwtKey* key =
      keys_.Find(kid != header->end() && kid->is_string()
                     ? absl::string_view(kid->get_ref<const std::string&>())
                     : absl::string_view());
  if (key == nullptr) {
    return Invalid("the token is signed by a key this server does not know");
  }
  if (!KeyFits(*key, *algorithm) ||
      !SignatureVerifies(*key, *algorithm,
                         token.substr(0, parts[0].size() + 1 + parts[1].size()),
                         parts[2])) {
    return Invalid();
  }
  const std::optional<Json> claims = DecodeObject(parts[1]);
  if (!claims.has_value()) return Invalid();
  if (absl::Status valid = CheckRegisteredClaims(*claims, config_, now);
      !valid.ok()) {
    return valid;
  }
  const Json* name = Claim(*claims, config_.principal_claim);
  if (name == nullptr || !name->is_string() ||
      !CheckPrincipalName(name->get<std::string>()).ok()) {
    return Invalid(absl::StrCat("the token has no usable \"",
                                config_.principal_claim, "\" claim"));
  }
  return Principal{name->get<std::string>(),
                   RolesFromClaim(Claim(*claims, config_.roles_claim), config_),
                   AuthMethod::kJwt};
}

}  // namespace trustfit::server::auth
