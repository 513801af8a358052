// GET /profiles/:username, POST and DELETE /profiles/:username/follow.
#include "article_store.hpp"
#include "article_views.hpp"
#include "cache_keys.hpp"
#include "routes.hpp"
#include "schemas.hpp"
#include "tokens.hpp"
#include "views.hpp"

#include <strata/http/error.hpp>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>
#include <strata/orm/orm.hpp>
#include <strata/sql/error.hpp>

#include <boost/json/serialize.hpp>

namespace conduit {
namespace {

namespace http = strata::http;
namespace orm = strata::orm;
using orm::col;
using strata::task;

task<user> profile_user(context& ctx, std::string username) {
  auto q = orm::repo<user>(ctx.db).query();
  q.where(col(&user::username) == username);
  auto found = co_await q.first();
  if (!found) throw http::http_error(404, "Not Found", "No user is called '" + username + "'.");
  co_return std::move(*found);
}

task<void> get_profile(context& ctx, http::request& req, http::response& res) {
  std::string username(req.param("username"));
  const auto viewer = viewer_id(req);
  std::string key = keys::profile(username);
  if (!viewer) {
    // Anonymous readers all see the same document: cached until the user changes.
    if (auto text = co_await ctx.cache->get(key)) {
      send_json_text(res, std::move(*text));
      co_return;
    }
  }
  auto u = co_await profile_user(ctx, username);
  bool following = false;
  if (viewer) following = co_await is_following(ctx.db, *viewer, u.id);
  boost::json::object doc{{"profile", profile_view(u, following)}};
  if (!viewer) {
    std::string text = boost::json::serialize(doc);
    strata::cache::entry_options options{.ttl = ctx.cache_ttl, .tags = {keys::user(u.id)}};
    co_await ctx.cache->set(std::move(key), text, std::move(options));
    send_json_text(res, std::move(text));
    co_return;
  }
  res.json(std::move(doc));
}

// Following twice, or unfollowing someone not followed, is not an error: the state is what counts.
task<void> set_following(context& ctx, http::request& req, http::response& res, bool follow_them) {
  const auto viewer = require_viewer(req);
  std::string username(req.param("username"));
  auto u = co_await profile_user(ctx, username);
  if (follow_them) {
    if (u.id == viewer) throw http::http_error(422, "Unprocessable Entity", "You cannot follow yourself.");
    try {
      follow edge{.follower_id = viewer, .followee_id = u.id};
      co_await orm::repo<follow>(ctx.db).insert(edge);
    } catch (const strata::sql::error& e) {
      if (!e.is_unique_violation()) throw;
    }
  } else {
    const auto edge = col(&follow::follower_id) == viewer && col(&follow::followee_id) == u.id;
    co_await orm::repo<follow>(ctx.db).remove_where(edge);
  }
  res.json(boost::json::object{{"profile", profile_view(u, follow_them)}});
}

}  // namespace

void add_profile_routes(http::scope& api, std::shared_ptr<context> ctx) {
  api.get(
      "/profiles/:username", [ctx](http::request& req, http::response& res) { return get_profile(*ctx, req, res); },
      {.summary = "A user's profile", .tags = {"Profile"}, .operation_id = "GetProfileByUsername",
       .schema = schemas::profile_response(), .auth = token_optional()});
  api.post(
      "/profiles/:username/follow",
      [ctx](http::request& req, http::response& res) { return set_following(*ctx, req, res, true); },
      {.summary = "Follow a user", .tags = {"Profile"}, .operation_id = "FollowUserByUsername",
       .schema = schemas::profile_response(), .auth = token_required()});
  api.del(
      "/profiles/:username/follow",
      [ctx](http::request& req, http::response& res) { return set_following(*ctx, req, res, false); },
      {.summary = "Unfollow a user", .tags = {"Profile"}, .operation_id = "UnfollowUserByUsername",
       .schema = schemas::profile_response(), .auth = token_required()});
}

}  // namespace conduit
