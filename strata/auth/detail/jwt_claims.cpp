// The registered claim checks (RFC 7519 §4.1): times with leeway, issuer, audience, subject,
// required claims and maximum age. Only run once the signature has verified.
#include <strata/auth/detail/jwt_token.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace strata::auth::jwt::detail {

namespace {

using boost::json::object;

// A claim's number as whole seconds for a message; clamped, since a token may say exp: 1e300.
long long whole(double s) {
  constexpr double limit = 9e18;
  return s >= limit ? static_cast<long long>(limit) : s <= -limit ? -static_cast<long long>(limit)
                                                                  : static_cast<long long>(std::floor(s));
}

std::string seconds_text(double s) { return std::to_string(whole(s + 0.5)) + " s"; }
std::string date_text(double t) { return std::to_string(whole(t)); }

// A NumericDate claim: nullopt when absent; `bad` set when present but not a finite number.
std::optional<double> numeric_date(const object& claims, const char* name, refusal& bad) {
  const auto* v = claims.if_contains(name);
  if (!v) return std::nullopt;
  double d = 0;
  if (v->is_int64()) d = static_cast<double>(v->get_int64());
  else if (v->is_uint64()) d = static_cast<double>(v->get_uint64());
  else if (v->is_double()) d = v->get_double();
  else {
    bad = {error::malformed, std::string("claim '") + name + "' must be a NumericDate (seconds since 1970)"};
    return std::nullopt;
  }
  if (!std::isfinite(d)) {
    bad = {error::malformed, std::string("claim '") + name + "' must be a finite number"};
    return std::nullopt;
  }
  return d;
}

refusal missing(const char* name, const char* why) {
  return {error::missing_claim, std::string("claim '") + name + "' is required" + why};
}

// A claim's value for a message: JSON, cut short (it comes from the token, so from anyone).
std::string shown(const boost::json::value& v) {
  std::string text = boost::json::serialize(v);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

bool listed(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

refusal check_claims(const object& claims, const verify_options& o) {
  const auto now_point = o.clock ? o.clock() : std::chrono::system_clock::now();
  const double now = std::chrono::duration<double>(now_point.time_since_epoch()).count();
  const double leeway = static_cast<double>(o.leeway.count());

  refusal bad;
  const auto exp = numeric_date(claims, "exp", bad);
  if (bad.code != error::none) return bad;
  const auto nbf = numeric_date(claims, "nbf", bad);
  if (bad.code != error::none) return bad;
  const auto iat = numeric_date(claims, "iat", bad);
  if (bad.code != error::none) return bad;

  // RFC 7519 §4.1.4: the current time must be before exp.
  if (exp && now >= *exp + leeway)
    return {error::expired, "the token expired " + seconds_text(now - *exp) + " ago (exp " + date_text(*exp) + ")"};
  if (nbf && now + leeway < *nbf)
    return {error::not_yet_valid, "the token is not valid for another " + seconds_text(*nbf - now) + " (nbf " +
                                      date_text(*nbf) + ")"};
  if (iat && now + leeway < *iat)
    return {error::not_yet_valid, "the token was issued " + seconds_text(*iat - now) + " in the future (iat " +
                                      date_text(*iat) + ")"};

  if (!o.issuers.empty()) {
    const auto* iss = claims.if_contains("iss");
    if (!iss) return missing("iss", " (an issuer is expected)");
    if (!iss->is_string() || !listed(o.issuers, iss->get_string()))
      return {error::bad_issuer, "issuer " + shown(*iss) + " is not accepted"};
  }

  if (!o.audiences.empty()) {
    const auto* aud = claims.if_contains("aud");
    if (!aud) return missing("aud", " (an audience is expected)");
    bool match = false;
    if (aud->is_string()) {
      match = listed(o.audiences, aud->get_string());
    } else if (aud->is_array()) {
      for (const auto& a : aud->get_array()) {
        if (!a.is_string()) return {error::malformed, "claim 'aud' must be a string or an array of strings"};
        match = match || listed(o.audiences, a.get_string());
      }
    } else {
      return {error::malformed, "claim 'aud' must be a string or an array of strings"};
    }
    if (!match) return {error::bad_audience, "audience " + shown(*aud) + " is not accepted here"};
  }

  if (!o.subject.empty()) {
    const auto* sub = claims.if_contains("sub");
    if (!sub) return missing("sub", " (a subject is expected)");
    if (!sub->is_string() || sub->get_string() != o.subject)
      return {error::bad_subject, "subject " + shown(*sub) + " is not the expected one"};
  }

  for (const auto& name : o.required_claims)
    if (!claims.contains(name)) return {error::missing_claim, "claim '" + name + "' is required"};

  if (o.max_age) {
    if (!iat) return missing("iat", " to check the token's age");
    const double age = now - *iat, max = static_cast<double>(o.max_age->count());
    if (age > max + leeway)
      return {error::too_old, "the token was issued " + seconds_text(age) + " ago; at most " + seconds_text(max) +
                                  " are accepted"};
  }
  return {};
}

}  // namespace strata::auth::jwt::detail
