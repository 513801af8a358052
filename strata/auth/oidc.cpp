// auth::oidc: the login and callback routes of the authorization code flow with PKCE (OIDC Core
// §3.1, RFC 7636), on auth::session for the login that results.
#include <strata/auth/cookie_seal.hpp>
#include <strata/auth/detail/oidc_keys.hpp>
#include <strata/auth/detail/oidc_pkce.hpp>
#include <strata/auth/jwt.hpp>
#include <strata/auth/oidc.hpp>
#include <strata/auth/session.hpp>
#include <strata/http/error.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <ctime>
#include <mutex>
#include <stdexcept>

namespace strata::auth {

boost::json::object oidc_identity::claims() const {
  boost::json::object all = id_token;
  for (const auto& [k, v] : userinfo) {
    // The ID token's protocol claims are the verified ones; userinfo only adds profile claims.
    if (k == "iss" || k == "aud" || k == "sub" || k == "exp" || k == "iat" || k == "nonce" || k == "azp") continue;
    all[k] = v;
  }
  return all;
}

namespace {

using boost::json::object;

struct oidc_state {
  oidc_options o;
  http::client client;
  cookie_sealer sealer;
  std::string callback_path;

  std::mutex mutex;  // the routes run on every loop
  std::shared_ptr<const oidc_provider_metadata> meta;
  std::chrono::steady_clock::time_point meta_fetched{};
  std::shared_ptr<jwt::key_source> keys;

  explicit oidc_state(oidc_options opts)
      : o(std::move(opts)), client(o.client), sealer(o.secrets, /*encrypt=*/true) {}

  task<std::shared_ptr<const oidc_provider_metadata>> metadata() {
    std::shared_ptr<const oidc_provider_metadata> cached;
    {
      std::lock_guard lock(mutex);
      cached = meta;
      if (cached && std::chrono::steady_clock::now() - meta_fetched < o.metadata_ttl) co_return cached;
    }
    std::optional<http::http_error> failure;
    std::shared_ptr<const oidc_provider_metadata> fresh;
    try {
      fresh = std::make_shared<const oidc_provider_metadata>(co_await discover(client, o.issuer));
    } catch (const http::http_error& e) {
      failure = e;
    }
    if (!fresh) {
      if (cached) co_return cached;  // a provider hiccup does not stop logins while we know its metadata
      throw *failure;
    }
    std::lock_guard lock(mutex);
    meta = fresh;
    meta_fetched = std::chrono::steady_clock::now();
    if (!keys) keys = std::make_shared<detail::oidc_jwks_source>(client, fresh->jwks_uri);
    co_return fresh;
  }

  std::shared_ptr<jwt::key_source> key_source() {
    std::lock_guard lock(mutex);
    return keys;
  }

  http::cookie_options cookie() const {
    return {.path = callback_path, .max_age = o.login_timeout, .http_only = true, .secure = o.secure_cookie,
            .same_site = "Lax"};  // Lax: the provider's redirect back is a top-level GET navigation
  }
};

// A same-site path to return to after login; anything else (another origin, "//host", "/\host",
// header injection) is ignored.
bool safe_return_to(std::string_view p) {
  if (p.empty() || p.front() != '/' || p.size() > 2048) return false;
  if (p.size() > 1 && (p[1] == '/' || p[1] == '\\')) return false;
  return std::none_of(p.begin(), p.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string string_of(const object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void fail(http::response& res, int status, std::string_view title, std::string_view detail, object extra = {}) {
  res.problem(status, title, detail, std::move(extra));
}

// The provider's OAuth error members ("error", "error_description"), for a problem's extensions.
object oauth_error(std::string_view error, std::string_view description) {
  object e{{"error", error}};
  if (!description.empty()) e["error_description"] = description;
  return e;
}

task<void> login_route(std::shared_ptr<oidc_state> st, http::request& req, http::response& res) {
  auto meta = co_await st->metadata();
  std::string redirect_uri = st->o.redirect_uri;
  if (redirect_uri.starts_with("/")) {
    std::string host(req.host());
    if (host.empty()) host = std::string(req.header("Host").value_or(""));
    if (host.empty()) throw http::http_error(400, "Bad Request", "no Host to resolve the redirect_uri against");
    redirect_uri = (st->o.secure_cookie ? "https://" : "http://") + host + redirect_uri;
  }
  std::string return_to = st->o.after_login;
  if (auto r = req.query("return_to"); st->o.allow_return_to && r && safe_return_to(*r)) return_to = std::string(*r);

  const std::string state = detail::oidc_random(), nonce = detail::oidc_random(), verifier = detail::oidc_random();
  object tx{{"s", state}, {"n", nonce}, {"v", verifier}, {"r", redirect_uri}, {"t", return_to},
            {"e", static_cast<std::int64_t>(std::time(nullptr) + st->o.login_timeout.count())}};
  set_sealed_cookie(res, st->sealer, st->o.cookie_name, boost::json::serialize(tx), st->cookie());

  std::vector<std::pair<std::string, std::string>> q{
      {"response_type", "code"}, {"client_id", st->o.client_id}, {"redirect_uri", redirect_uri},
      {"scope", st->o.scope},    {"state", state},               {"nonce", nonce},
      {"code_challenge", detail::pkce_challenge(verifier)},      {"code_challenge_method", "S256"}};
  if (!st->o.resource.empty()) q.emplace_back("resource", st->o.resource);
  for (const auto& p : st->o.authorization_params) q.push_back(p);
  const auto& ep = meta->authorization_endpoint;
  res.redirect(ep + (ep.find('?') == std::string::npos ? "?" : "&") + http::form_encode(q), 302);
}

task<void> callback_route(std::shared_ptr<oidc_state> st, http::request& req, http::response& res) {
  const auto& o = st->o;
  // The transaction is single-use: cleared whatever happens next.
  auto sealed = read_sealed_cookie(req, st->sealer, o.cookie_name);
  res.clear_cookie(o.cookie_name, st->cookie());
  object tx;
  if (sealed) {
    boost::system::error_code ec;
    auto v = boost::json::parse(*sealed, ec);
    if (!ec && v.is_object()) tx = v.as_object();
  }
  const auto* exp = tx.if_contains("e");
  if (tx.empty() || !exp || !exp->is_int64() || exp->get_int64() < std::time(nullptr)) {
    fail(res, 401, "Login failed", "no login in progress here: the login cookie is missing or expired");
    co_return;
  }
  const auto state = req.query("state");
  if (!state || !detail::oidc_equal(*state, string_of(tx, "s"))) {
    fail(res, 401, "Login failed", "the state does not match the login in progress");
    co_return;
  }
  if (auto err = req.query("error")) {
    fail(res, 401, "Login refused by the identity provider",
         req.query("error_description").value_or(*err), oauth_error(*err, req.query("error_description").value_or("")));
    co_return;
  }
  const auto code = req.query("code");
  if (!code || code->empty()) {
    fail(res, 401, "Login failed", "the identity provider sent no authorization code");
    co_return;
  }
  auto meta = co_await st->metadata();

  // The code for tokens: the verifier proves we started this login (PKCE), the client
  // authentication that we are the client.
  http::client_request treq{.method = "POST", .url = meta->token_endpoint};
  std::vector<std::pair<std::string, std::string>> form{{"grant_type", "authorization_code"},
                                                        {"code", std::string(*code)},
                                                        {"redirect_uri", string_of(tx, "r")},
                                                        {"code_verifier", string_of(tx, "v")}};
  if (!o.resource.empty()) form.emplace_back("resource", o.resource);
  switch (o.auth_method) {
    case client_auth::client_secret_basic:
      // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined.
      treq.basic_auth(http::form_encode_component(o.client_id), http::form_encode_component(o.client_secret));
      break;
    case client_auth::client_secret_post:
      form.emplace_back("client_id", o.client_id);
      form.emplace_back("client_secret", o.client_secret);
      break;
    case client_auth::none: form.emplace_back("client_id", o.client_id); break;
  }
  treq.form(form).header("Accept", "application/json");
  std::optional<http::client_response> tres;
  std::string unreachable;
  try {
    tres = co_await st->client.fetch(std::move(treq));
  } catch (const std::exception& e) {
    unreachable = e.what();
  }
  if (!tres) {
    fail(res, 502, "Identity provider unreachable", unreachable);
    co_return;
  }
  object tokens;
  {
    boost::system::error_code ec;
    auto v = boost::json::parse(tres->body, ec);
    if (!ec && v.is_object()) tokens = v.as_object();
  }
  if (!tres->ok()) {
    fail(res, 401, "Login failed", "the token endpoint refused the code: " + string_of(tokens, "error_description"),
         oauth_error(string_of(tokens, "error"), string_of(tokens, "error_description")));
    co_return;
  }
  const std::string id_token = string_of(tokens, "id_token"), access_token = string_of(tokens, "access_token");
  if (id_token.empty() || access_token.empty() || !iequals(string_of(tokens, "token_type"), "Bearer")) {
    fail(res, 502, "Identity provider misbehaved", "the token answer lacks an id_token, an access_token or a Bearer token_type");
    co_return;
  }

  // The ID token (OIDC Core §3.1.3.7). Only asymmetric algorithms: the keys are the provider's
  // public JWKS, and a client secret must not double as a way to forge ID tokens.
  jwt::verify_options vo{.algorithms = {jwt::algorithm::rs256, jwt::algorithm::rs384, jwt::algorithm::rs512,
                                        jwt::algorithm::ps256, jwt::algorithm::ps384, jwt::algorithm::ps512,
                                        jwt::algorithm::es256, jwt::algorithm::es384, jwt::algorithm::es512,
                                        jwt::algorithm::eddsa},
                         .issuers = {o.issuer},
                         .audiences = {o.client_id},
                         .required_claims = {"sub", "iat", "exp"},
                         .leeway = o.leeway};
  auto keys = o.keys ? o.keys : st->key_source();
  auto verified = co_await jwt::verify(id_token, *keys, vo);
  if (!verified) {
    fail(res, 401, "Login failed", "the ID token was refused: " + verified.message);
    co_return;
  }
  const object& claims = verified->claims;
  const auto* aud = claims.if_contains("aud");
  const std::string azp = string_of(claims, "azp");
  // Several audiences: azp must name us; an azp present must be us whatever the audience.
  if ((aud && aud->is_array() && aud->as_array().size() > 1 && azp.empty()) || (!azp.empty() && azp != o.client_id)) {
    fail(res, 401, "Login failed", "the ID token was issued to another party (azp)");
    co_return;
  }
  if (!detail::oidc_equal(string_of(claims, "nonce"), string_of(tx, "n"))) {
    fail(res, 401, "Login failed", "the ID token's nonce does not match the login in progress");
    co_return;
  }
  if (auto at_hash = string_of(claims, "at_hash"); !at_hash.empty()) {
    auto expect = detail::oidc_half_hash(string_of(verified->header, "alg"), access_token);
    if (!detail::oidc_equal(at_hash, expect)) {
      fail(res, 401, "Login failed", "the ID token's at_hash does not match the access token");
      co_return;
    }
  }

  oidc_identity who;
  who.subject = string_of(claims, "sub");
  who.id_token = claims;
  who.tokens = tokens;
  if (o.fetch_userinfo && !meta->userinfo_endpoint.empty()) {
    http::client_request ureq{.url = meta->userinfo_endpoint};
    ureq.bearer(access_token).header("Accept", "application/json");
    std::optional<http::client_response> ures;
    try {
      ures = co_await st->client.fetch(std::move(ureq));
    } catch (const std::exception& e) {
      unreachable = e.what();
    }
    if (!ures) {
      fail(res, 502, "Identity provider unreachable", unreachable);
      co_return;
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(ures->body, ec);
    if (!ures->ok() || ec || !v.is_object()) {
      fail(res, 401, "Login failed",
           ures->ok() ? "the userinfo answer is not a JSON object (signed userinfo is not supported)"
                      : "the userinfo endpoint answered " + std::to_string(ures->status));
      co_return;
    }
    // §5.3.2: a userinfo answer about someone else (a substituted token) must not be used.
    if (string_of(v.as_object(), "sub") != who.subject) {
      fail(res, 401, "Login failed", "the userinfo answer is about another subject");
      co_return;
    }
    who.userinfo = std::move(v.as_object());
  }

  std::optional<principal> p;
  if (o.to_principal) {
    p = co_await o.to_principal(who);
  } else {
    p = principal{.id = who.subject, .strategy = "oidc", .claims = who.claims()};
  }
  if (!p) {
    fail(res, 403, "Forbidden", "this account may not log in here");
    co_return;
  }
  login(req, res, std::move(*p));
  res.redirect(string_of(tx, "t"), 302);
}

}  // namespace

http::plugin_fn oidc(oidc_options options) {
  if (options.issuer.empty() || options.client_id.empty())
    throw std::invalid_argument("auth::oidc: issuer and client_id are required");
  if (options.auth_method != client_auth::none && options.client_secret.empty())
    throw std::invalid_argument("auth::oidc: a client_secret is required unless auth_method is none");
  if (options.secrets.empty()) throw std::invalid_argument("auth::oidc: secrets are required to seal the login cookie");
  auto st = std::make_shared<oidc_state>(std::move(options));  // the sealer checks the secrets' length
  st->callback_path = st->o.callback_path;
  if (st->callback_path.empty()) {
    auto u = boost::urls::parse_uri_reference(st->o.redirect_uri);
    if (!u || u->path().empty()) throw std::invalid_argument("auth::oidc: redirect_uri has no path");
    st->callback_path = std::string(u->path());
  }
  return [st](http::scope& s) {
    s.get(st->o.login_path, [st](http::request& req, http::response& res) { return login_route(st, req, res); });
    s.get(st->callback_path, [st](http::request& req, http::response& res) { return callback_route(st, req, res); });
  };
}

}  // namespace strata::auth
