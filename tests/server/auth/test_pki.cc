#include "tests/server/auth/test_pki.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace trustfit::testing {
namespace {

std::string Quote(absl::string_view text) {
  return absl::StrCat("'", text, "'");
}

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

PkeyPtr ReadKey(const std::string& path, bool is_private) {
  FILE* file = fopen(path.c_str(), "r");
  EVP_PKEY* key = nullptr;
  if (file != nullptr) {
    key = is_private ? PEM_read_PrivateKey(file, nullptr, nullptr, nullptr)
                     : PEM_read_PUBKEY(file, nullptr, nullptr, nullptr);
    fclose(file);
  }
  EXPECT_NE(key, nullptr) << "cannot read key " << path;
  return PkeyPtr(key, EVP_PKEY_free);
}

// The raw r||s form JWS uses for a DER ECDSA signature.
std::string RawEcdsa(const std::string& der, size_t half) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  std::string raw(2 * half, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), out, static_cast<int>(half));
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), out + half, static_cast<int>(half));
  ECDSA_SIG_free(sig);
  return raw;
}

// The big-endian bytes of parameter `name`, left-padded to `width` bytes
// (0: as few as it needs).
std::string BigNumParam(EVP_PKEY* key, const char* name, size_t width = 0) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key, name, &bn), 1);
  const size_t size = std::max(width, static_cast<size_t>(BN_num_bytes(bn)));
  std::string bytes(size, '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()),
               static_cast<int>(size));
  BN_free(bn);
  return bytes;
}

}  // namespace

ScratchDir::ScratchDir() {
  std::string pattern = ::testing::TempDir() + "/auth-test-XXXXXX";
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  path_ = pattern;
}

ScratchDir::~ScratchDir() { MustRun("rm -rf " + Quote(path_)); }

std::string ScratchDir::Path(absl::string_view name) const {
  return absl::StrCat(path_, "/", name);
}

std::string ScratchDir::Write(absl::string_view name,
                              absl::string_view content) const {
  const std::string path = Path(name);
  const std::string temporary = path + ".new";
  std::ofstream(temporary, std::ios::binary) << content;
  EXPECT_EQ(rename(temporary.c_str(), path.c_str()), 0);
  return path;
}

std::string MustRun(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string output;
  char buffer[4096];
  size_t n = 0;
  while (pipe != nullptr && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    output.append(buffer, n);
  }
  const int status = pipe == nullptr ? -1 : pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << "\n"
                                                             << output;
  return output;
}

std::string ReadFileOrFail(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  EXPECT_TRUE(file.good()) << "cannot read " << path;
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

CertAndKey MakeCa(const ScratchDir& dir, absl::string_view name) {
  const CertAndKey ca{dir.Path(absl::StrCat(name, ".crt")),
                      dir.Path(absl::StrCat(name, ".key"))};
  MustRun(absl::StrCat(
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
      " -days 1 -subj ",
      Quote(absl::StrCat("/CN=", name)), " -keyout ", Quote(ca.key), " -out ",
      Quote(ca.cert),
      " -addext basicConstraints=critical,CA:TRUE"
      " -addext keyUsage=critical,keyCertSign,cRLSign"));
  return ca;
}

CertAndKey MakeCert(const ScratchDir& dir, const CertAndKey& ca,
                    absl::string_view name, absl::string_view san) {
  const CertAndKey out{dir.Path(absl::StrCat(name, ".crt")),
                       dir.Path(absl::StrCat(name, ".key"))};
  const std::string csr = dir.Path(absl::StrCat(name, ".csr"));
  const std::string extensions = dir.Write(
      absl::StrCat(name, ".ext"),
      absl::StrCat("basicConstraints=CA:FALSE\n"
                   "keyUsage=critical,digitalSignature,keyEncipherment\n"
                   "extendedKeyUsage=serverAuth,clientAuth\n",
                   san.empty() ? "" : absl::StrCat("subjectAltName=", san),
                   "\n"));
  MustRun(absl::StrCat(
      "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
      " -subj ",
      Quote(absl::StrCat("/CN=", name)), " -keyout ", Quote(out.key), " -out ",
      Quote(csr)));
  MustRun(absl::StrCat("openssl x509 -req -days 1 -set_serial 0x",
                       absl::BytesToHexString(name).substr(0, 16), " -in ",
                       Quote(csr), " -CA ", Quote(ca.cert), " -CAkey ",
                       Quote(ca.key), " -extfile ", Quote(extensions), " -out ",
                       Quote(out.cert)));
  return out;
}

std::string MakeSigningKey(const ScratchDir& dir, absl::string_view name,
                           KeyKind kind) {
  const std::string key = dir.Path(absl::StrCat(name, ".key"));
  const std::string options =
      kind == KeyKind::kRsa
          ? "-algorithm RSA -pkeyopt rsa_keygen_bits:2048"
          : absl::StrCat("-algorithm EC -pkeyopt ec_paramgen_curve:",
                         kind == KeyKind::kEc256 ? "P-256" : "P-384");
  MustRun(absl::StrCat("openssl genpkey ", options, " -out ", Quote(key)));
  MustRun(absl::StrCat("openssl pkey -in ", Quote(key), " -pubout -out ",
                       Quote(dir.Path(absl::StrCat(name, ".pub")))));
  return key;
}

std::string Base64Url(absl::string_view bytes) {
  return absl::WebSafeBase64Escape(bytes);
}

std::string HmacSha256(absl::string_view secret, absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest,
       &size);
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string SignJwt(absl::string_view header_json,
                    absl::string_view payload_json, const std::string& key_path,
                    absl::string_view alg) {
  const std::string signed_part =
      absl::StrCat(Base64Url(header_json), ".", Base64Url(payload_json));
  if (key_path.empty()) return signed_part + ".";
  PkeyPtr key = ReadKey(key_path, true);
  const EVP_MD* digest = absl::EndsWith(alg, "384")   ? EVP_sha384()
                         : absl::EndsWith(alg, "512") ? EVP_sha512()
                                                      : EVP_sha256();
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  size_t size = 0;
  EXPECT_EQ(EVP_DigestSignInit(context, nullptr, digest, nullptr, key.get()),
            1);
  EXPECT_EQ(
      EVP_DigestSign(context, nullptr, &size,
                     reinterpret_cast<const unsigned char*>(signed_part.data()),
                     signed_part.size()),
      1);
  std::string signature(size, '\0');
  EXPECT_EQ(
      EVP_DigestSign(context,
                     reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(signed_part.data()),
                     signed_part.size()),
      1);
  EVP_MD_CTX_free(context);
  signature.resize(size);
  if (absl::StartsWith(alg, "ES")) {
    signature = RawEcdsa(signature, absl::EndsWith(alg, "384") ? 48 : 32);
  }
  return absl::StrCat(signed_part, ".", Base64Url(signature));
}

std::string JwkOf(const std::string& public_key_path, absl::string_view kid) {
  PkeyPtr key = ReadKey(public_key_path, false);
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) {
    return absl::StrCat(
        R"({"kty":"RSA","use":"sig","kid":")", kid, R"(","n":")",
        Base64Url(BigNumParam(key.get(), OSSL_PKEY_PARAM_RSA_N)), R"(","e":")",
        Base64Url(BigNumParam(key.get(), OSSL_PKEY_PARAM_RSA_E)), R"("})");
  }
  char group[32] = {};
  size_t length = 0;
  EVP_PKEY_get_group_name(key.get(), group, sizeof group, &length);
  const bool p384 = std::string(group) == "secp384r1";
  const size_t half = p384 ? 48 : 32;
  return absl::StrCat(
      R"({"kty":"EC","kid":")", kid, R"(","crv":")", p384 ? "P-384" : "P-256",
      R"(","x":")",
      Base64Url(BigNumParam(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, half)),
      R"(","y":")",
      Base64Url(BigNumParam(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, half)),
      R"("})");
}

}  // namespace trustfit::testing
