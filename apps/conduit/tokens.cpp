#include "tokens.hpp"

#include <strata/auth/bearer_jwt.hpp>
#include <strata/auth/jwks.hpp>
#include <strata/auth/principal.hpp>
#include <strata/http/error.hpp>

#include <charconv>

namespace conduit {

namespace auth = strata::auth;
namespace jwt = strata::auth::jwt;

std::string issue_token(const context& ctx, const user& u) {
  return jwt::sign({{"sub", std::to_string(u.id)}, {"username", u.username}}, ctx.token_key,
                   {.alg = jwt::algorithm::hs256, .expires_in = ctx.token_ttl});
}

std::shared_ptr<auth::strategy> token_strategy(const context& ctx) {
  auto keys = std::make_shared<jwt::static_keys>(jwt::key_set({ctx.token_key}));
  return auth::bearer_jwt({.name = token_strategy_name,
                           .scheme = "Token",
                           .realm = "conduit",
                           .keys = std::move(keys),
                           .verify = {.algorithms = {jwt::algorithm::hs256}, .required_claims = {"sub", "exp"}}});
}

std::optional<std::int64_t> viewer_id(strata::http::request& req) {
  const auto* who = auth::user(req);
  if (!who) return std::nullopt;
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(who->id.data(), who->id.data() + who->id.size(), id);
  if (ec != std::errc{} || end != who->id.data() + who->id.size()) return std::nullopt;
  return id;
}

std::int64_t require_viewer(strata::http::request& req) {
  auth::require_user(req);
  auto id = viewer_id(req);
  if (!id) throw strata::http::http_error(401, "Unauthorized", "The token does not name a user.");
  return *id;
}

std::string presented_token(strata::http::request& req) {
  auto h = req.header("Authorization").value_or("");
  auto space = h.find(' ');
  return space == std::string_view::npos ? std::string() : std::string(h.substr(space + 1));
}

}  // namespace conduit
