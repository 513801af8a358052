// jwt::key: one key for signing or verifying tokens, from PEM, from a JWK (RFC 7517) or from an
// HMAC secret, and back out as a JWK or PEM. The key knows its type (and curve), so it only ever
// serves the algorithms of that type: an RSA public key can never act as an HMAC secret.
//
//   auto k = jwt::key::from_pem(read_file("public.pem"));
//   auto s = jwt::key::from_secret(env("JWT_SECRET")).set_kid("2024-06");
//
// The parsed OpenSSL key is immutable and shared by copies, so a key is cheap to copy and is
// used from any thread. Keys come from configuration: one that cannot be read or is too weak to
// use (RSA under 2048 bits, a secret under 32 bytes) throws key_error when it is built.
#pragma once
#include <strata/auth/jwt_algorithm.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace strata::auth::jwt {

namespace detail {
struct key_material;
}

class key_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

class key {
public:
  // An HMAC secret (the bytes as they are) for HS256/384/512: at least 32 bytes, and at least
  // the hash's size for HS384 (48) and HS512 (64). PEM text is refused: a public key passed as a
  // secret is how HS/RS confusion attacks start.
  static key from_secret(std::string_view bytes);
  // PEM: "PUBLIC KEY" (SPKI), "PRIVATE KEY" (PKCS#8), "RSA PUBLIC KEY" / "RSA PRIVATE KEY"
  // (PKCS#1), "EC PRIVATE KEY" (SEC1), or "CERTIFICATE" (its public key). The first block is read;
  // encrypted keys are refused.
  static key from_pem(std::string_view pem);
  // A JWK of kty oct, RSA, EC (P-256, P-384, P-521) or OKP (Ed25519), public or private.
  // kid, alg, use and key_ops are kept and honoured.
  static key from_jwk(const boost::json::object& jwk);
  static key from_jwk(std::string_view json);
  // A new random key for `alg` (its `alg` set): a secret of the hash's size, RSA 2048 bits, or
  // a key on the algorithm's curve.
  static key generate(algorithm alg);

  key_type type() const;
  std::string_view curve() const;  // "P-256", "P-384", "P-521", "Ed25519"; empty for oct and RSA
  std::size_t bits() const;        // RSA modulus, EC field, Ed25519 256, secret length * 8
  bool is_private() const;         // can sign; true for secrets

  // Whether this key may sign (`signing`) or verify tokens of `alg`: the type and curve fit, the
  // key's alg/use/key_ops allow it, it is strong enough, and it holds the private part to sign.
  bool allows(algorithm alg, bool signing = false) const;

  // The JWK metadata. A key whose alg is set serves that algorithm only.
  const std::string& kid() const { return kid_; }
  std::optional<algorithm> alg() const { return alg_; }
  const std::string& use() const { return use_; }  // "sig", "enc" or empty
  const std::vector<std::string>& key_ops() const { return key_ops_; }
  key& set_kid(std::string kid);
  key& set_alg(algorithm alg);  // throws key_error when the key cannot serve it
  key& set_use(std::string use);

  // The public JWK (the private members too when asked and the key has them), metadata included.
  boost::json::object to_jwk(bool include_private = false) const;
  // SPKI ("PUBLIC KEY") or, when asked, PKCS#8 ("PRIVATE KEY"); key_error for secrets or when
  // a private PEM is asked of a public key.
  std::string to_pem(bool include_private = false) const;
  // The RFC 7638 thumbprint (SHA-256, base64url): a stable kid for the key.
  std::string thumbprint() const;

  // The implementation's view of the key (OpenSSL handles, the secret).
  const detail::key_material& material() const { return *material_; }

private:
  explicit key(std::shared_ptr<const detail::key_material> m);
  std::shared_ptr<const detail::key_material> material_;
  std::string kid_;
  std::optional<algorithm> alg_;
  std::string use_;
  std::vector<std::string> key_ops_;
};

}  // namespace strata::auth::jwt
