// Signing claims into a compact JWS.
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwk_material.hpp>
#include <strata/auth/detail/jwt_crypto.hpp>
#include <strata/auth/detail/jwt_key_check.hpp>
#include <strata/auth/jwt.hpp>

#include <boost/json/serialize.hpp>

#include <stdexcept>

namespace strata::auth::jwt {

namespace {

algorithm default_algorithm(const key& k) {
  if (k.alg()) return *k.alg();
  switch (k.type()) {
    case key_type::oct: return algorithm::hs256;
    case key_type::rsa: return k.material().pss_only ? algorithm::ps256 : algorithm::rs256;
    case key_type::ec:
      return k.curve() == "P-384" ? algorithm::es384 : k.curve() == "P-521" ? algorithm::es512 : algorithm::es256;
    case key_type::okp: return algorithm::eddsa;
  }
  return algorithm::hs256;
}

}  // namespace

std::string sign(const boost::json::object& claims, const key& k, const sign_options& options) {
  const algorithm alg = options.alg ? *options.alg : default_algorithm(k);
  if (auto r = detail::check_key(k, alg, true); r.code != error::none) throw key_error(r.message);

  boost::json::object header;
  header["alg"] = to_string(alg);
  if (!options.typ.empty()) header["typ"] = options.typ;
  const std::string& kid = options.kid ? *options.kid : k.kid();
  if (!kid.empty()) header["kid"] = kid;
  for (const auto& [name, value] : options.header) {
    if (name == "alg" || name == "kid" || name == "typ")
      throw std::invalid_argument("sign_options::header may not set '" + std::string(name) + "': use its own option");
    header[name] = value;
  }

  const boost::json::object* payload = &claims;
  boost::json::object timed;
  if (options.expires_in) {
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(
        options.clock ? options.clock() : std::chrono::system_clock::now());
    timed = claims;
    const auto seconds = now.time_since_epoch().count();
    if (!timed.contains("iat")) timed["iat"] = seconds;
    timed["exp"] = seconds + options.expires_in->count();
    payload = &timed;
  }

  std::string out = detail::base64url_encode(boost::json::serialize(header));
  out += '.';
  detail::base64url_append(out, boost::json::serialize(*payload));
  const std::string signature = detail::jws_sign(alg, k.material(), out);
  out += '.';
  detail::base64url_append(out, signature);
  return out;
}

}  // namespace strata::auth::jwt
