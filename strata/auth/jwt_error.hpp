// Why a token was refused: one code per reason a caller may treat differently (401 vs 503, a
// refresh prompt for `expired`), each with a readable message in the result.
#pragma once
#include <cstdint>
#include <string_view>

namespace strata::auth::jwt {

enum class error : std::uint8_t {
  none,              // verified
  malformed,         // not three base64url parts, header or claims not a JSON object, bad claim types
  alg_not_allowed,   // `none`, an unknown algorithm, or one the options or the key do not allow
  key_mismatch,      // the key is of the wrong type or curve for the token's algorithm, or not for verifying
  key_not_found,     // no key in the set has the token's kid (or fits its algorithm)
  weak_key,          // RSA under 2048 bits, an HMAC secret shorter than the hash
  keys_unavailable,  // the key source could not supply keys (remote key set down)
  unsupported_crit,  // a `crit` header parameter Strata (or the caller) does not understand
  bad_type,          // the header's `typ` is not the expected one
  bad_signature,     // the signature does not verify
  expired,           // now >= exp (+ leeway)
  not_yet_valid,     // now < nbf (- leeway), or iat in the future
  too_old,           // issued (iat) longer ago than max_age
  bad_issuer,        // iss is not one of the accepted issuers
  bad_audience,      // aud names none of the accepted audiences
  bad_subject,       // sub is not the expected one
  missing_claim,     // a required claim is absent
};

// The code's name, "bad_signature": stable, for logs and metrics.
std::string_view to_string(error e);

}  // namespace strata::auth::jwt
