// Names of the verification error codes.
#include <strata/auth/jwt_error.hpp>

namespace strata::auth::jwt {

std::string_view to_string(error e) {
  switch (e) {
    case error::none: return "none";
    case error::malformed: return "malformed";
    case error::alg_not_allowed: return "alg_not_allowed";
    case error::key_mismatch: return "key_mismatch";
    case error::key_not_found: return "key_not_found";
    case error::weak_key: return "weak_key";
    case error::keys_unavailable: return "keys_unavailable";
    case error::unsupported_crit: return "unsupported_crit";
    case error::bad_type: return "bad_type";
    case error::bad_signature: return "bad_signature";
    case error::expired: return "expired";
    case error::not_yet_valid: return "not_yet_valid";
    case error::too_old: return "too_old";
    case error::bad_issuer: return "bad_issuer";
    case error::bad_audience: return "bad_audience";
    case error::bad_subject: return "bad_subject";
    case error::missing_claim: return "missing_claim";
  }
  return "?";
}

}  // namespace strata::auth::jwt
