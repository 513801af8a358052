// oidc: logging users in with an OpenID Connect provider (authorization code + PKCE), the role of
// passport-openidconnect / openid-client. Two routes on the scope it is used on:
//
//   srv.use(auth::session({...}));
//   srv.use(auth::oidc({.issuer = "https://id.example", .client_id = "app", .client_secret = secret,
//                       .redirect_uri = "https://app.example/auth/callback", .secrets = {cookie_secret}}));
//
//   GET /auth/login     redirects to the provider (state, nonce and the PKCE verifier kept in a
//                       short-lived encrypted cookie)
//   GET /auth/callback  checks state, exchanges the code, verifies the ID token (signature with the
//                       provider's JWKS, iss, aud, azp, nonce, exp, iat), checks userinfo's sub, then
//                       auth::login(req, res, principal) and redirects to after_login
//
// The provider's metadata comes from issuer + "/.well-known/openid-configuration", fetched on first
// use and cached; its issuer must be the configured one (OIDC Discovery §4.3). Failures answer
// 401 problem+json (the provider's error, a bad state, a refused token), 502 when the provider
// cannot be reached.
#pragma once
#include <strata/auth/jwks.hpp>
#include <strata/auth/principal.hpp>
#include <strata/core/task.hpp>
#include <strata/http/client.hpp>
#include <strata/http/middleware.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::auth {

// How the client authenticates at the token endpoint (OIDC Core §9).
enum class client_auth { client_secret_basic, client_secret_post, none };

// What the provider said about the user, for to_principal.
struct oidc_identity {
  std::string subject;            // sub
  boost::json::object id_token;   // the verified ID token's claims
  boost::json::object userinfo;   // the userinfo answer (empty when not fetched)
  boost::json::object tokens;     // the token endpoint's answer: access_token, refresh_token, expires_in...
  // The ID token's claims with userinfo's added (userinfo never replaces iss, aud, sub, exp, iat).
  boost::json::object claims() const;
};

struct oidc_options {
  std::string issuer;  // exactly as the provider's metadata names it (no trailing slash added)
  std::string client_id;
  std::string client_secret;  // empty for a public client (with client_auth::none)
  client_auth auth_method = client_auth::client_secret_basic;
  // Where the provider sends the browser back. Absolute in production; a path ("/auth/callback")
  // is resolved against the login request's Host, for development behind no proxy.
  std::string redirect_uri = "/auth/callback";
  std::string login_path = "/auth/login";
  std::string callback_path;  // default: redirect_uri's path
  std::string scope = "openid profile email";
  // RFC 8707 resource indicator sent with the authorization and token requests (an API the access
  // token is for). Providers then usually refuse that token at userinfo: set fetch_userinfo = false.
  std::string resource;
  std::vector<std::pair<std::string, std::string>> authorization_params;  // prompt, acr_values...
  bool fetch_userinfo = true;  // when the provider has a userinfo endpoint

  // Seal the login transaction cookie (AES-256-GCM); 32 bytes or more each, the first seals.
  std::vector<std::string> secrets;
  std::string cookie_name = "oidc_tx";
  bool secure_cookie = false;  // set it for https deployments
  std::chrono::seconds login_timeout{600};  // the user has this long at the provider

  std::string after_login = "/";
  // Accept a `return_to` query parameter on the login route (same-site paths only).
  bool allow_return_to = true;

  std::chrono::seconds leeway{60};      // clock skew forgiven on exp, iat
  std::chrono::seconds metadata_ttl{std::chrono::hours(1)};
  http::client_options client;          // timeouts, a test CA (ca_pem / ca_file)
  // Keys for ID tokens; default: the provider's jwks_uri, refetched on an unknown kid.
  std::shared_ptr<jwt::key_source> keys;

  // The principal to log in; nullopt refuses the login (403). Default: sub → id, strategy "oidc",
  // claims() kept.
  std::function<task<std::optional<principal>>(const oidc_identity&)> to_principal;
};

// The login and callback routes. Needs auth::session() on the same scope or an outer one.
// Throws std::invalid_argument for missing issuer, client_id or secrets.
http::plugin_fn oidc(oidc_options options);

// The provider metadata (OpenID Provider Metadata) oidc() works with.
struct oidc_provider_metadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string userinfo_endpoint;
  std::string jwks_uri;
  std::string end_session_endpoint;
  boost::json::object document;  // all of it
};

// Fetches and checks issuer + "/.well-known/openid-configuration"; throws http_error 502 when it
// cannot be had or does not describe `issuer`.
task<oidc_provider_metadata> discover(http::client& client, const std::string& issuer);

}  // namespace strata::auth
