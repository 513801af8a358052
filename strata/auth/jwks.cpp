// key_set: reading a JWKS (skipping members that cannot be used), picking keys, writing one.
#include <strata/auth/jwks.hpp>

#include <boost/json/parse.hpp>

namespace strata::auth::jwt {

key_set key_set::from_jwks(std::string_view json, std::size_t max_keys) {
  boost::system::error_code ec;
  boost::json::parse_options po;
  po.max_depth = 16;
  const auto v = boost::json::parse(json, ec, {}, po);
  if (ec || !v.is_object()) throw key_error("a JWKS is a JSON object" + (ec ? ": " + ec.message() : std::string()));
  return from_jwks(v.get_object(), max_keys);
}

key_set key_set::from_jwks(const boost::json::object& jwks, std::size_t max_keys) {
  const auto* members = jwks.if_contains("keys");
  if (!members || !members->is_array()) throw key_error("a JWKS is an object with a \"keys\" array");
  const auto& list = members->get_array();
  if (list.size() > max_keys)
    throw key_error("JWKS of " + std::to_string(list.size()) + " keys: at most " + std::to_string(max_keys));
  key_set set;
  for (const auto& member : list) {
    std::string kid;
    try {
      const auto* jwk = member.if_object();
      if (!jwk) throw key_error("a JWKS member is not an object");
      if (const auto* k = jwk->if_contains("kid"); k && k->is_string()) kid = k->get_string();
      set.keys_.push_back(key::from_jwk(*jwk));
    } catch (const key_error& e) {
      set.skipped_.push_back({std::move(kid), e.what()});
    }
  }
  return set;
}

const key* key_set::find(std::string_view kid, algorithm alg) const {
  for (const auto& k : keys_)
    if ((kid.empty() || k.kid() == kid) && k.allows(alg)) return &k;
  return nullptr;
}

boost::json::object key_set::to_jwks(bool include_private) const {
  boost::json::array list;
  for (const auto& k : keys_) list.emplace_back(k.to_jwk(include_private));
  return {{"keys", std::move(list)}};
}

}  // namespace strata::auth::jwt
