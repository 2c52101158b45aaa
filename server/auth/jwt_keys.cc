#include "server/auth/jwt_keys.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "scoring/status_macros.h"
#include "server/auth/config_file.h"

namespace trustfit::server::auth {
namespace {

using Json = nlohmann::json;

struct Freer {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Freer>;

constexpr int kMinRsaBits = 2048;

struct Curve {
  absl::string_view jwk_name;      // "crv" of a JWK
  absl::string_view openssl_name;  // OpenSSL's group name
  size_t coordinate_bytes;
};
constexpr Curve kCurves[] = {{"P-256", "prime256v1", 32},
                             {"P-384", "secp384r1", 48},
                             {"P-521", "secp521r1", 66}};

const Curve* CurveByJwkName(absl::string_view name) {
  for (const Curve& curve : kCurves) {
    if (curve.jwk_name == name) return &curve;
  }
  return nullptr;
}

const Curve* CurveByOpensslName(absl::string_view name) {
  for (const Curve& curve : kCurves) {
    if (curve.openssl_name == name) return &curve;
  }
  return nullptr;
}

// The string member `name` of `object`, or `fallback` when it is missing or
// not a string (nlohmann's value() would throw on the latter).
std::string StringMember(const Json& object, const char* name,
                         const char* fallback = "") {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>()
                                               : fallback;
}

absl::StatusOr<std::string> Base64UrlMember(const Json& jwk, const char* member,
                                            absl::string_view label) {
  const auto it = jwk.find(member);
  std::string bytes;
  if (it == jwk.end() || !it->is_string() ||
      !absl::WebSafeBase64Unescape(it->get<std::string>(), &bytes) ||
      bytes.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        label, ": \"", member, "\" must be a non-empty base64url string"));
  }
  return bytes;
}

absl::StatusOr<std::string> ToPem(EVP_PKEY* key) {
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    return absl::InternalError("cannot write a public key as PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// The key `params` describe, of OpenSSL type `type` ("RSA", "EC").
absl::StatusOr<Owned<EVP_PKEY>> FromParams(const char* type,
                                           OSSL_PARAM_BLD* builder,
                                           absl::string_view label) {
  Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
  Owned<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_from_name(nullptr, type, ""));
  EVP_PKEY* key = nullptr;
  if (params == nullptr || context == nullptr ||
      EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(label, ": not a valid ", type, " public key"));
  }
  return Owned<EVP_PKEY>(key);
}

absl::StatusOr<Owned<EVP_PKEY>> RsaFromJwk(const Json& jwk,
                                           absl::string_view label) {
  TRUSTFIT_ASSIGN_OR_RETURN(const std::string n,
                            Base64UrlMember(jwk, "n", label));
  TRUSTFIT_ASSIGN_OR_RETURN(const std::string e,
                            Base64UrlMember(jwk, "e", label));
  Owned<BIGNUM> modulus(BN_bin2bn(
      reinterpret_cast<const unsigned char*>(n.data()), n.size(), nullptr));
  Owned<BIGNUM> exponent(BN_bin2bn(
      reinterpret_cast<const unsigned char*>(e.data()), e.size(), nullptr));
  Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (modulus == nullptr || exponent == nullptr || builder == nullptr ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N,
                             modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E,
                             exponent.get()) != 1) {
    return absl::InternalError("out of memory building an RSA key");
  }
  return FromParams("RSA", builder.get(), label);
}

absl::StatusOr<Owned<EVP_PKEY>> EcFromJwk(const Json& jwk, const Curve& curve,
                                          absl::string_view label) {
  TRUSTFIT_ASSIGN_OR_RETURN(const std::string x,
                            Base64UrlMember(jwk, "x", label));
  TRUSTFIT_ASSIGN_OR_RETURN(const std::string y,
                            Base64UrlMember(jwk, "y", label));
  if (x.size() != curve.coordinate_bytes ||
      y.size() != curve.coordinate_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(label, ": \"x\" and \"y\" must be ",
                     curve.coordinate_bytes, " bytes on ", curve.jwk_name));
  }
  const std::string point = absl::StrCat("\x04", x, y);  // uncompressed
  const std::string group(curve.openssl_name);
  Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                      group.c_str(), 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                       point.data(), point.size()) != 1) {
    return absl::InternalError("out of memory building an EC key");
  }
  return FromParams("EC", builder.get(), label);
}

absl::Status CheckRsaSize(EVP_PKEY* key, absl::string_view label) {
  if (EVP_PKEY_get_bits(key) < kMinRsaBits) {
    return absl::InvalidArgumentError(
        absl::StrCat(label, ": RSA keys must have at least ", kMinRsaBits,
                     " bits; this one has ", EVP_PKEY_get_bits(key)));
  }
  return absl::OkStatus();
}

// The key `jwk` describes; a key with no type (the caller skips it) when it
// is not a signing key of a supported type.
absl::StatusOr<std::optional<JwtKey>> KeyFromJwk(const Json& jwk,
                                                 absl::string_view label) {
  if (!jwk.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(label, ": not an object"));
  }
  const std::string kty = StringMember(jwk, "kty");
  const std::string use = StringMember(jwk, "use", "sig");
  if (use != "sig" || (kty != "RSA" && kty != "EC")) return std::nullopt;
  JwtKey key;
  key.kid = StringMember(jwk, "kid");
  key.alg = StringMember(jwk, "alg");
  Owned<EVP_PKEY> pkey;
  if (kty == "RSA") {
    key.type = JwtKey::Type::kRsa;
    TRUSTFIT_ASSIGN_OR_RETURN(pkey, RsaFromJwk(jwk, label));
    TRUSTFIT_RETURN_IF_ERROR(CheckRsaSize(pkey.get(), label));
  } else {
    key.type = JwtKey::Type::kEc;
    const Curve* curve = CurveByJwkName(StringMember(jwk, "crv"));
    if (curve == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(label, ": \"crv\" must be P-256, P-384 or P-521"));
    }
    key.curve = std::string(curve->jwk_name);
    TRUSTFIT_ASSIGN_OR_RETURN(pkey, EcFromJwk(jwk, *curve, label));
  }
  TRUSTFIT_ASSIGN_OR_RETURN(key.pem, ToPem(pkey.get()));
  return key;
}

}  // namespace

absl::StatusOr<JwtKeySet> JwtKeySet::FromJwks(absl::string_view json) {
  const Json document = Json::parse(json.begin(), json.end(), nullptr, false);
  if (document.is_discarded() || !document.is_object() ||
      !document.contains("keys") || !document["keys"].is_array()) {
    return absl::InvalidArgumentError(
        "a JWKS must be a JSON object with a \"keys\" array");
  }
  JwtKeySet set;
  const Json& keys = document["keys"];
  for (size_t i = 0; i < keys.size(); ++i) {
    std::string label = absl::StrCat("key ", i);
    if (keys[i].is_object() && !StringMember(keys[i], "kid").empty()) {
      absl::StrAppend(&label, " (kid \"", StringMember(keys[i], "kid"), "\")");
    }
    TRUSTFIT_ASSIGN_OR_RETURN(std::optional<JwtKey> key,
                              KeyFromJwk(keys[i], label));
    if (!key.has_value()) continue;
    for (const JwtKey& earlier : set.keys_) {
      if (earlier.kid == key->kid) {
        return absl::InvalidArgumentError(
            absl::StrCat(label,
                         ": another key has the same kid (every key of a JWKS "
                         "needs its own)"));
      }
    }
    set.keys_.push_back(std::move(*key));
  }
  if (set.keys_.empty()) {
    return absl::InvalidArgumentError(
        "the JWKS holds no RSA or EC signing key");
  }
  return set;
}

absl::StatusOr<JwtKeySet> JwtKeySet::FromPem(absl::string_view pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Owned<EVP_PKEY> pkey(bio == nullptr ? nullptr
                                      : PEM_read_bio_PUBKEY(bio.get(), nullptr,
                                                            nullptr, nullptr));
  if (pkey == nullptr) {
    return absl::InvalidArgumentError(
        "expected a PEM public key (-----BEGIN PUBLIC KEY-----)");
  }
  JwtKey key;
  if (EVP_PKEY_get_base_id(pkey.get()) == EVP_PKEY_RSA) {
    key.type = JwtKey::Type::kRsa;
    TRUSTFIT_RETURN_IF_ERROR(CheckRsaSize(pkey.get(), "the PEM key"));
  } else if (EVP_PKEY_get_base_id(pkey.get()) == EVP_PKEY_EC) {
    key.type = JwtKey::Type::kEc;
    char group[64] = {};
    size_t length = 0;
    const Curve* curve =
        EVP_PKEY_get_group_name(pkey.get(), group, sizeof group, &length) == 1
            ? CurveByOpensslName(group)
            : nullptr;
    if (curve == nullptr) {
      return absl::InvalidArgumentError(
          "the PEM key: EC keys must be on P-256, P-384 or P-521");
    }
    key.curve = std::string(curve->jwk_name);
  } else {
    return absl::InvalidArgumentError(
        "the PEM key must be an RSA or EC public key");
  }
  TRUSTFIT_ASSIGN_OR_RETURN(key.pem, ToPem(pkey.get()));
  JwtKeySet set;
  set.keys_.push_back(std::move(key));
  set.from_pem_ = true;
  return set;
}

absl::StatusOr<JwtKeySet> JwtKeySet::FromFile(const std::string& path) {
  TRUSTFIT_ASSIGN_OR_RETURN(const std::string text,
                            ReadConfigFile(path, "JWT key file"));
  const absl::string_view content = absl::StripLeadingAsciiWhitespace(text);
  absl::StatusOr<JwtKeySet> set = !content.empty() && content.front() == '{'
                                      ? FromJwks(content)
                                      : FromPem(content);
  if (!set.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", set.status().message()));
  }
  return set;
}

const JwtKey* JwtKeySet::Find(absl::string_view kid) const {
  if (from_pem_ || (kid.empty() && keys_.size() == 1)) return &keys_.front();
  for (const JwtKey& key : keys_) {
    if (!key.kid.empty() && key.kid == kid) return &key;
  }
  return nullptr;
}

}  // namespace trustfit::server::auth
