// jwt::key: building keys from their forms, their JWK metadata, and exporting them.
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwk_codec.hpp>
#include <strata/auth/detail/jwt_key_check.hpp>
#include <strata/auth/jwk.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/evp.h>

namespace strata::auth::jwt {

key::key(std::shared_ptr<const detail::key_material> m) : material_(std::move(m)) {}

key key::from_secret(std::string_view bytes) {
  if (bytes.find("-----BEGIN ") != std::string_view::npos)
    throw key_error("this HMAC secret is a PEM key: read it with key::from_pem (a public key used as an HMAC secret "
                    "lets anyone sign tokens)");
  return key(detail::material_from_secret(bytes));
}

key key::from_pem(std::string_view pem) { return key(detail::material_from_pem(pem)); }

key key::from_jwk(std::string_view json) {
  boost::system::error_code ec;
  boost::json::parse_options po;
  po.max_depth = 8;
  const auto v = boost::json::parse(json, ec, {}, po);
  if (ec || !v.is_object()) throw key_error("a JWK is a JSON object");
  return from_jwk(v.get_object());
}

key key::from_jwk(const boost::json::object& jwk) {
  key k(detail::material_from_jwk(jwk));
  auto text = [&](const char* name) -> std::string {
    const auto* v = jwk.if_contains(name);
    if (!v) return {};
    if (!v->is_string()) throw key_error(std::string("JWK member '") + name + "' must be a string");
    return std::string(v->get_string());
  };
  k.kid_ = text("kid");
  k.use_ = text("use");
  if (const auto* ops = jwk.if_contains("key_ops")) {
    if (!ops->is_array()) throw key_error("JWK member 'key_ops' must be an array of strings");
    for (const auto& op : ops->get_array()) {
      if (!op.is_string()) throw key_error("JWK member 'key_ops' must be an array of strings");
      k.key_ops_.emplace_back(op.get_string());
    }
  }
  if (const std::string alg = text("alg"); !alg.empty()) {
    const auto a = parse_algorithm(alg);
    if (!a) throw key_error("JWK alg '" + alg + "' is not a JWS algorithm Strata verifies");
    k.set_alg(*a);
  }
  return k;
}

key key::generate(algorithm alg) {
  key k(detail::generate_material(alg));
  k.alg_ = alg;
  return k;
}

key_type key::type() const { return material_->type; }
std::string_view key::curve() const { return material_->curve; }
std::size_t key::bits() const { return material_->bits; }
bool key::is_private() const { return material_->has_private; }

bool key::allows(algorithm alg, bool signing) const {
  return detail::check_key(*this, alg, signing).code == error::none;
}

key& key::set_kid(std::string kid) {
  kid_ = std::move(kid);
  return *this;
}

key& key::set_alg(algorithm alg) {
  key probe = *this;
  probe.alg_.reset();
  probe.use_.clear();
  probe.key_ops_.clear();
  if (auto c = detail::check_key(probe, alg, false); c.code != error::none) throw key_error(c.message);
  alg_ = alg;
  return *this;
}

key& key::set_use(std::string use) {
  use_ = std::move(use);
  return *this;
}

boost::json::object key::to_jwk(bool include_private) const {
  boost::json::object o = detail::jwk_members(*material_, include_private);
  if (!kid_.empty()) o["kid"] = kid_;
  if (alg_) o["alg"] = to_string(*alg_);
  if (!use_.empty()) o["use"] = use_;
  if (!key_ops_.empty()) {
    boost::json::array ops;
    for (const auto& op : key_ops_) ops.emplace_back(op);
    o["key_ops"] = std::move(ops);
  }
  return o;
}

std::string key::to_pem(bool include_private) const { return detail::pem_of(*material_, include_private); }

std::string key::thumbprint() const {
  // RFC 7638 §3.2: the required members only, in lexicographic order, without whitespace; their
  // values are base64url or fixed names, so nothing needs escaping.
  const boost::json::object jwk = detail::jwk_members(*material_, material_->type == key_type::oct);
  auto member = [&](const char* name) {
    return "\"" + std::string(name) + "\":\"" + std::string(jwk.at(name).get_string()) + "\"";
  };
  std::string canonical;
  switch (material_->type) {
    case key_type::oct: canonical = "{" + member("k") + "," + member("kty") + "}"; break;
    case key_type::rsa: canonical = "{" + member("e") + "," + member("kty") + "," + member("n") + "}"; break;
    case key_type::ec:
      canonical = "{" + member("crv") + "," + member("kty") + "," + member("x") + "," + member("y") + "}";
      break;
    case key_type::okp: canonical = "{" + member("crv") + "," + member("kty") + "," + member("x") + "}"; break;
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (!EVP_Digest(canonical.data(), canonical.size(), digest, &size, EVP_sha256(), nullptr))
    throw key_error("SHA-256 failed");
  return detail::base64url_encode(std::string_view(reinterpret_cast<char*>(digest), size));
}

}  // namespace strata::auth::jwt
