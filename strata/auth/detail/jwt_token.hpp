// The first half of verification: a compact JWS taken apart and its header checked (alg, crit,
// typ), before any key is chosen. The key_source overload needs the kid from here before it can
// ask for keys, so this step stands on its own.
#pragma once
#include <strata/auth/detail/jwt_key_check.hpp>
#include <strata/auth/jwt.hpp>

#include <boost/json/object.hpp>

#include <string_view>

namespace strata::auth::jwt::detail {

struct parsed_token {
  std::string_view signing_input;  // BASE64URL(header) '.' BASE64URL(payload)
  std::string_view payload;        // base64url
  std::string_view signature;      // base64url
  boost::json::object header;
  algorithm alg = algorithm::hs256;
  std::string_view kid;  // the header's kid (points into `header`), empty when none
};

// Splits and checks the token's form and header; `out` is filled when the refusal's code is none.
refusal parse_token(std::string_view token, const verify_options& options, parsed_token& out);

// The signature, then the payload and its claims, with the first of `keys[0..count)` that the
// token's algorithm and (with `match_kid`) kid select.
verify_result verify_parsed(parsed_token& token, const key* keys, std::size_t count, bool match_kid,
                            const verify_options& options);

// verify_parsed over a key set's keys; a key_not_found names the set's skipped key of that kid.
verify_result verify_with_set(parsed_token& token, const key_set& keys, const verify_options& options);

// The base64url text `part` as a JSON object (`what` names it in messages: "header", "payload").
refusal decode_json_object(std::string_view part, const char* what, boost::json::object& out);

// The claim checks of `options` on a payload whose signature verified.
refusal check_claims(const boost::json::object& claims, const verify_options& options);

}  // namespace strata::auth::jwt::detail
