// The type, curve, metadata and strength checks between a key and an algorithm.
#include <strata/auth/detail/jwk_material.hpp>
#include <strata/auth/detail/jwt_key_check.hpp>

#include <algorithm>

namespace strata::auth::jwt::detail {

namespace {

std::string describe(const key& k) {
  std::string d = k.material().curve.empty() ? std::string(to_string(k.type())) : std::string(k.material().curve);
  d += k.material().has_private && k.type() != key_type::oct ? " private key"
       : k.type() == key_type::oct                           ? " secret"
                                                             : " public key";
  if (!k.kid().empty()) d += " '" + k.kid() + "'";
  return d;
}

bool is_rs(algorithm a) { return a == algorithm::rs256 || a == algorithm::rs384 || a == algorithm::rs512; }

}  // namespace

refusal check_key(const key& k, algorithm alg, bool signing) {
  const key_material& m = k.material();
  const std::string_view name = to_string(alg);
  if (m.type != key_type_of(alg))
    return {error::key_mismatch, "the " + describe(k) + " cannot serve " + std::string(name) +
                                     ", which needs a key of kty " + std::string(to_string(key_type_of(alg)))};
  if (!curve_of(alg).empty() && m.curve != curve_of(alg))
    return {error::key_mismatch, "the " + describe(k) + " cannot serve " + std::string(name) + ", which signs on " +
                                     std::string(curve_of(alg))};
  if (m.pss_only && is_rs(alg))
    return {error::key_mismatch, "the " + describe(k) + " is an RSASSA-PSS key: PS256/384/512 only"};
  if (k.alg() && *k.alg() != alg)
    return {error::alg_not_allowed,
            "the " + describe(k) + " is for " + std::string(to_string(*k.alg())) + " only, not " + std::string(name)};
  if (!k.use().empty() && k.use() != "sig")
    return {error::key_mismatch, "the " + describe(k) + " is for use '" + k.use() + "', not signatures"};
  const std::string_view op = signing ? "sign" : "verify";
  if (!k.key_ops().empty() && std::find(k.key_ops().begin(), k.key_ops().end(), op) == k.key_ops().end())
    return {error::key_mismatch, "the " + describe(k) + "'s key_ops do not include '" + std::string(op) + "'"};
  if (m.type == key_type::oct && m.secret.size() < hash_size(alg))
    return {error::weak_key, "the " + describe(k) + " has " + std::to_string(m.secret.size()) + " bytes; " +
                                 std::string(name) + " needs at least " + std::to_string(hash_size(alg))};
  if (m.type == key_type::rsa && m.bits < 2048)
    return {error::weak_key,
            "the " + describe(k) + " has " + std::to_string(m.bits) + " bits; at least 2048 are needed"};
  if (signing && !m.has_private) return {error::key_mismatch, "the " + describe(k) + " cannot sign"};
  return {};
}

}  // namespace strata::auth::jwt::detail
