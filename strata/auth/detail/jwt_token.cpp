// Taking a compact JWS apart: three base64url parts, a JSON object header with a known alg, crit
// parameters all understood, the expected typ.
#include <strata/auth/detail/base64url.hpp>
#include <strata/auth/detail/jwt_token.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace strata::auth::jwt::detail {

namespace {

// Header parameters RFC 7515 and RFC 7518 define; crit may not name them (RFC 7515 §4.1.11).
constexpr std::string_view registered[] = {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256",
                                           "typ", "cty", "crit", "enc", "zip"};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 7515 §4.1.9: "application/" may be left out of a media type with no other '/'.
std::string_view media_type(std::string_view t) {
  if (t.size() > 12 && iequals(t.substr(0, 12), "application/") && t.find('/', 12) == std::string_view::npos)
    return t.substr(12);
  return t;
}

refusal malformed(std::string message) { return {error::malformed, std::move(message)}; }

// Text from the token for a message, cut short: anyone can put anything there.
std::string shown(std::string_view text) {
  return text.size() <= 40 ? std::string(text) : std::string(text.substr(0, 37)) + "...";
}

}  // namespace

// Decoded on the stack when small.
refusal decode_json_object(std::string_view part, const char* what, boost::json::object& out) {
  std::array<unsigned char, 2048> stack;
  std::string heap;
  unsigned char* buffer = stack.data();
  std::size_t capacity = stack.size();
  if (base64url_decoded_max(part.size()) > capacity) {
    heap.resize(base64url_decoded_max(part.size()));
    buffer = reinterpret_cast<unsigned char*>(heap.data());
    capacity = heap.size();
  }
  const auto size = base64url_decode(part, buffer, capacity);
  if (!size) return malformed(std::string("the ") + what + " is not base64url");
  boost::json::parse_options po;
  po.max_depth = 32;
  boost::system::error_code ec;
  auto value = boost::json::parse(std::string_view(reinterpret_cast<char*>(buffer), *size), ec, {}, po);
  if (ec) return malformed(std::string("the ") + what + " is not JSON: " + ec.message());
  if (!value.is_object()) return malformed(std::string("the ") + what + " is not a JSON object");
  out = std::move(value.get_object());
  return {};
}

refusal parse_token(std::string_view token, const verify_options& options, parsed_token& out) {
  if (token.size() > options.max_token_bytes)
    return malformed("token of " + std::to_string(token.size()) + " bytes: at most " +
                     std::to_string(options.max_token_bytes));
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return malformed("a JWS compact token has three parts separated by dots (a JWE's five are not accepted)");
  const std::string_view header_part = token.substr(0, dot1);
  out.signing_input = token.substr(0, dot2);
  out.payload = token.substr(dot1 + 1, dot2 - dot1 - 1);
  out.signature = token.substr(dot2 + 1);
  if (header_part.empty()) return malformed("the header is empty");
  if (auto r = decode_json_object(header_part, "header", out.header); r.code != error::none) return r;

  const auto* alg = out.header.if_contains("alg");
  if (!alg || !alg->is_string()) return malformed("the header has no alg string");
  const std::string_view alg_name = alg->get_string();
  if (iequals(alg_name, "none"))
    return {error::alg_not_allowed, "alg none: unsigned tokens are never accepted"};
  const auto a = parse_algorithm(alg_name);
  if (!a) return {error::alg_not_allowed, "unknown alg '" + shown(alg_name) + "'"};
  out.alg = *a;
  if (!options.algorithms.empty() &&
      std::find(options.algorithms.begin(), options.algorithms.end(), *a) == options.algorithms.end())
    return {error::alg_not_allowed, "alg " + std::string(alg_name) + " is not accepted here"};
  if (out.signature.empty()) return malformed("the signature is empty");

  out.kid = {};
  if (const auto* kid = out.header.if_contains("kid")) {
    if (!kid->is_string()) return malformed("the header's kid is not a string");
    out.kid = kid->get_string();
  }

  if (const auto* crit = out.header.if_contains("crit")) {
    const auto* names = crit->if_array();
    if (!names || names->empty()) return malformed("crit must be a non-empty array of header parameter names");
    for (const auto& n : *names) {
      if (!n.is_string() || n.get_string().empty()) return malformed("crit must list header parameter names");
      const std::string_view name = n.get_string();
      if (std::find(std::begin(registered), std::end(registered), name) != std::end(registered))
        return malformed("crit may not list the registered parameter '" + shown(name) + "'");
      if (!out.header.contains(name))
        return malformed("crit lists '" + shown(name) + "', absent from the header");
      // b64 (RFC 7797) changes what is signed; Strata does not implement it, whatever the caller says.
      if (name == "b64" || std::find(options.crit.begin(), options.crit.end(), name) == options.crit.end())
        return {error::unsupported_crit, "critical header parameter '" + shown(name) + "' is not understood"};
    }
  }

  if (!options.typ.empty()) {
    const auto* typ = out.header.if_contains("typ");
    if (!typ || !typ->is_string()) return {error::bad_type, "typ '" + options.typ + "' expected, the token has none"};
    if (!iequals(media_type(typ->get_string()), media_type(options.typ)))
      return {error::bad_type,
              "typ '" + options.typ + "' expected, the token has '" + shown(typ->get_string()) + "'"};
  }
  return {};
}

}  // namespace strata::auth::jwt::detail
