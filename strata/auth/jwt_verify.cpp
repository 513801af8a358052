// Verifying tokens with a key or a key set: header, key choice, signature, then claims.
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwt_crypto.hpp>
#include <strata/auth/detail/jwt_token.hpp>
#include <strata/auth/jwks.hpp>

#include <array>

namespace strata::auth::jwt {

namespace detail {

namespace {

verify_result refused(refusal r) { return {std::nullopt, r.code, std::move(r.message)}; }

}  // namespace

verify_result verify_parsed(parsed_token& t, const key* keys, std::size_t count, bool match_kid,
                            const verify_options& options) {
  std::array<unsigned char, max_signature_bytes> signature;
  const auto size = base64url_decode(t.signature, signature.data(), signature.size());
  if (!size) return refused({error::malformed, "the signature is not base64url (or longer than any key's)"});

  const bool by_kid = match_kid && !t.kid.empty();
  refusal why_not;  // the first key that was looked at and could not serve: why
  bool tried = false, verified = false;
  for (std::size_t i = 0; i < count && !verified; ++i) {
    const key& k = keys[i];
    if (by_kid && k.kid() != t.kid) continue;
    if (auto r = check_key(k, t.alg, false); r.code != error::none) {
      if (why_not.code == error::none) why_not = std::move(r);
      continue;
    }
    tried = true;
    verified = jws_verify(t.alg, k.material(), t.signing_input, signature.data(), *size);
  }
  if (!verified) {
    if (tried) return refused({error::bad_signature, "the signature does not verify"});
    // One key chosen by the caller, or the keys of the token's kid: they are what did not fit.
    if (why_not.code != error::none && (!match_kid || by_kid)) return refused(std::move(why_not));
    if (by_kid) return refused({error::key_not_found, "no key has kid '" + std::string(t.kid.substr(0, 64)) + "'"});
    return refused({error::key_not_found, "no key serves " + std::string(to_string(t.alg))});
  }

  boost::json::object claims;
  if (auto r = decode_json_object(t.payload, "payload", claims); r.code != error::none) return refused(std::move(r));
  if (auto r = check_claims(claims, options); r.code != error::none) return refused(std::move(r));
  return {jwt::token{std::move(t.header), std::move(claims)}, error::none, {}};
}

verify_result verify_with_set(parsed_token& t, const key_set& keys, const verify_options& options) {
  auto result = verify_parsed(t, keys.keys().data(), keys.keys().size(), true, options);
  if (result.code == error::key_not_found && !t.kid.empty())
    for (const auto& s : keys.skipped())
      if (s.kid == t.kid) result.message += " (the set's key '" + s.kid + "' was left out: " + s.reason + ")";
  return result;
}

}  // namespace detail

verify_result verify(std::string_view token, const key& k, const verify_options& options) {
  detail::parsed_token t;
  if (auto r = detail::parse_token(token, options, t); r.code != error::none)
    return {std::nullopt, r.code, std::move(r.message)};
  return detail::verify_parsed(t, &k, 1, false, options);
}

verify_result verify(std::string_view token, const key_set& keys, const verify_options& options) {
  detail::parsed_token t;
  if (auto r = detail::parse_token(token, options, t); r.code != error::none)
    return {std::nullopt, r.code, std::move(r.message)};
  return detail::verify_with_set(t, keys, options);
}

}  // namespace strata::auth::jwt
