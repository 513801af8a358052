// conduit: the RealWorld API ("Conduit", a Medium clone's backend) on Strata's public API.
// Embedded defaults: SQLite file conduit.db and an in-process cache. DATABASE_URL=postgres://...
// and REDIS_URL=redis://... switch to PostgreSQL and a Redis-backed cache and login limit, shared
// by every instance. The API is under /api; docs at /docs, /openapi.json; /metrics, /health/*.
#include "context.hpp"
#include "database_component.hpp"
#include "errors.hpp"
#include "routes.hpp"
#include "settings.hpp"
#include "tokens.hpp"

#include <strata/app/app.hpp>
#include <strata/auth/authentication.hpp>
#include <strata/cache/open.hpp>
#include <strata/cache/redis/tiered_store.hpp>
#include <strata/http/middleware.hpp>
#include <strata/openapi/docs.hpp>
#include <strata/ratelimit/middleware.hpp>
#include <strata/ratelimit/redis_store.hpp>
#include <strata/redis/client.hpp>
#include <strata/schema/json_limits.hpp>

namespace {

namespace auth = strata::auth;
namespace ratelimit = strata::ratelimit;

strata::auth::jwt::key token_key(const conduit::settings& s, strata::log::logger& log) {
  if (!s.jwt_secret.empty()) return strata::auth::jwt::key::from_secret(s.jwt_secret);
  log.warn("auth.jwt_secret is not set: tokens are signed with a random key and die with this process");
  return strata::auth::jwt::key::generate(strata::auth::jwt::algorithm::hs256);
}

// With Redis, entries live there and each instance keeps short-lived local copies.
std::shared_ptr<strata::cache::store> cache_store(const conduit::settings& s) {
  if (!s.cache_url.starts_with("redis://") && !s.cache_url.starts_with("rediss://"))
    return strata::cache::open_store(s.cache_url);
  strata::cache::tiered_options options;
  options.local_ttl = std::chrono::seconds(2);
  return std::make_shared<strata::cache::tiered_store>(strata::redis::client::open(s.cache_url), std::move(options));
}

// Registration and login share one limit per client IP; through Redis every instance counts together.
strata::http::plugin_fn login_limit(const conduit::settings& s) {
  ratelimit::rate_limit_options o{
      .name = "login",
      .limits = {ratelimit::limit{.points = s.login_limit_max,
                                  .window = s.login_limit_window,
                                  .algorithm = ratelimit::algorithm::sliding_window}}};
  if (s.redis_url) o.store = std::make_shared<ratelimit::redis_store>(strata::redis::client::open(*s.redis_url));
  return ratelimit::rate_limit(std::move(o));
}

}  // namespace

int main(int argc, char** argv) {
  strata::app app(argc, argv, {.name = "conduit", .schema_properties = conduit::settings_schema()});
  const auto s = conduit::read_settings(app.config(), argc > 0 ? argv[0] : "conduit");

  auto ctx = std::make_shared<conduit::context>(conduit::context{
      .db = strata::sql::database::open(s.database_url, {.max_connections = s.db_pool}),
      .cache = std::make_shared<strata::cache::cache>(cache_store(s)),
      .token_key = token_key(s, app.log()),
      .token_ttl = s.token_ttl,
      .cache_ttl = s.cache_ttl});
  app.add(std::make_shared<conduit::database_component>(ctx->db, s.migrations, app.log()));

  auto& srv = app.http();
  srv.use(strata::http::security_headers());
  srv.use(strata::openapi::docs({.about = {.title = "Conduit API",
                                           .version = "1.0.0",
                                           .description = "The RealWorld API on Strata."}}));

  auto api = srv.group("/api");
  api.use(strata::http::cors());
  // Depth, string, array and member limits on every JSON body, before validation sees it.
  api.use(strata::schema::json_body_limits());
  conduit::use_realworld_errors(api);
  api.use(auth::authentication({.strategies = {conduit::token_strategy(*ctx)}}));

  auto limited = api.group("");
  limited.use(login_limit(s));

  conduit::add_user_routes(api, limited, ctx);
  conduit::add_profile_routes(api, ctx);
  conduit::add_article_routes(api, ctx);
  conduit::add_article_write_routes(api, ctx);
  conduit::add_comment_routes(api, ctx);
  conduit::add_tag_routes(api, ctx);

  return app.run();
}
