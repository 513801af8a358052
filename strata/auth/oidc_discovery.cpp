// OpenID Connect Discovery 1.0: the provider's metadata, checked against the configured issuer.
#include <strata/auth/oidc.hpp>
#include <strata/http/error.hpp>

#include <boost/json/serialize.hpp>

namespace strata::auth {

namespace {
std::string string_member(const boost::json::object& doc, std::string_view name) {
  const auto* v = doc.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
}  // namespace

task<oidc_provider_metadata> discover(http::client& client, const std::string& issuer) {
  std::string url = issuer;
  if (!url.empty() && url.back() == '/') url.pop_back();  // §4: remove a trailing "/" before appending
  url += "/.well-known/openid-configuration";
  http::client_response res;
  try {
    res = co_await client.get(url);
  } catch (const std::exception& e) {
    throw http::http_error(502, "Identity provider unreachable", e.what());
  }
  if (!res.ok())
    throw http::http_error(502, "Identity provider unreachable",
                           "discovery answered " + std::to_string(res.status));
  boost::json::value doc;
  try {
    doc = res.json();
  } catch (const std::exception&) {
    throw http::http_error(502, "Identity provider misconfigured", "the discovery document is not JSON");
  }
  if (!doc.is_object()) throw http::http_error(502, "Identity provider misconfigured", "the discovery document is not an object");
  oidc_provider_metadata m;
  m.document = doc.as_object();
  m.issuer = string_member(m.document, "issuer");
  // §4.3: the issuer must be exactly the one asked for, or tokens from another tenant would pass.
  if (m.issuer != issuer)
    throw http::http_error(502, "Identity provider misconfigured",
                           "the discovery document names issuer '" + m.issuer + "', not '" + issuer + "'");
  m.authorization_endpoint = string_member(m.document, "authorization_endpoint");
  m.token_endpoint = string_member(m.document, "token_endpoint");
  m.userinfo_endpoint = string_member(m.document, "userinfo_endpoint");
  m.jwks_uri = string_member(m.document, "jwks_uri");
  m.end_session_endpoint = string_member(m.document, "end_session_endpoint");
  if (m.authorization_endpoint.empty() || m.token_endpoint.empty() || m.jwks_uri.empty())
    throw http::http_error(502, "Identity provider misconfigured",
                           "the discovery document lacks authorization_endpoint, token_endpoint or jwks_uri");
  co_return m;
}

}  // namespace strata::auth
