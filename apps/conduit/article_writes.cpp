// POST /articles, PUT and DELETE /articles/:slug, POST and DELETE /articles/:slug/favorite.
// Every write drops the cached documents anonymous readers would otherwise still see.
#include "article_store.hpp"
#include "article_views.hpp"
#include "json_fields.hpp"
#include "routes.hpp"
#include "schemas.hpp"
#include "slug.hpp"
#include "tokens.hpp"

#include <strata/http/error.hpp>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>
#include <strata/orm/orm.hpp>
#include <strata/schema/validation.hpp>
#include <strata/sql/error.hpp>

#include <algorithm>
#include <functional>

namespace conduit {
namespace {

namespace http = strata::http;
namespace json = boost::json;
namespace orm = strata::orm;
namespace sql = strata::sql;
using orm::col;
using strata::task;

std::vector<std::string> tag_names(const json::object& in) {
  std::vector<std::string> names;
  if (const auto* list = in.if_contains("tagList"); list && list->is_array())
    for (const auto& t : list->get_array())
      if (t.is_string() && std::find(names.begin(), names.end(), t.get_string()) == names.end())
        names.emplace_back(t.get_string());
  return names;
}

// The article by slug without relations; 404 when missing, 403 when `author` is given and is not its author.
task<article> article_by_slug(context& ctx, std::string slug, std::optional<std::int64_t> author = std::nullopt) {
  auto q = orm::repo<article>(ctx.db).query();
  q.where(col(&article::slug) == slug);
  auto found = co_await q.first();
  if (!found) throw http::http_error(404, "Not Found", "No article has the slug '" + slug + "'.");
  if (author && found->author_id != *author)
    throw http::http_error(403, "Forbidden", "Only the article's author may change it.");
  co_return std::move(*found);
}

task<void> create(context& ctx, http::request& req, http::response& res) {
  const auto viewer = require_viewer(req);
  const auto& in = envelope_of(strata::schema::body(req), "article");
  article a{.slug = make_slug(*string_field(in, "title")),
            .title = *string_field(in, "title"),
            .description = *string_field(in, "description"),
            .body = *string_field(in, "body"),
            .author_id = viewer};
  const auto names = tag_names(in);
  // A named std::function, not a lambda in the co_await expression (GCC 12 frees that twice).
  std::function<task<void>(sql::transaction&)> write = [&](sql::transaction& tx) -> task<void> {
    a = co_await orm::repo<article>(tx).insert(a);
    std::vector<article_tag> links;
    for (const auto& name : names) {
      tag t{.name = name};
      t = co_await orm::repo<tag>(tx).upsert(t, &tag::name);
      links.push_back({.article_id = a.id, .tag_id = t.id});
    }
    co_await orm::repo<article_tag>(tx).insert_many(std::move(links));
  };
  co_await ctx.db.transaction(write);
  co_await forget_article(ctx, a.slug);
  auto doc = co_await article_for(ctx, a.slug, viewer);
  res.status(201).json(std::move(doc));
}

task<void> update(context& ctx, http::request& req, http::response& res) {
  const auto viewer = require_viewer(req);
  std::string old_slug(req.param("slug"));
  auto a = co_await article_by_slug(ctx, old_slug, viewer);
  const auto& in = envelope_of(strata::schema::body(req), "article");
  if (auto title = string_field(in, "title"); title && *title != a.title) {
    a.title = std::move(*title);
    a.slug = make_slug(a.title);
  }
  if (auto description = string_field(in, "description")) a.description = std::move(*description);
  if (auto body = string_field(in, "body")) a.body = std::move(*body);
  a = co_await orm::repo<article>(ctx.db).update(a);
  co_await forget_article(ctx, old_slug);
  auto doc = co_await article_for(ctx, a.slug, viewer);
  res.json(std::move(doc));
}

task<void> remove(context& ctx, http::request& req, http::response& res) {
  const auto viewer = require_viewer(req);
  std::string slug(req.param("slug"));
  auto a = co_await article_by_slug(ctx, slug, viewer);
  co_await orm::repo<article>(ctx.db).remove(a.id);  // comments, favorites and tag links cascade
  co_await forget_article(ctx, slug);
  res.no_content();
}

// favorites_count is recounted rather than incremented, so a repeated or concurrent request
// cannot make it drift.
task<void> set_favorite(context& ctx, http::request& req, http::response& res, bool favorite_it) {
  const auto viewer = require_viewer(req);
  std::string slug(req.param("slug"));
  auto a = co_await article_by_slug(ctx, slug);
  favorite mark{.user_id = viewer, .article_id = a.id};
  if (favorite_it) {
    co_await orm::repo<favorite>(ctx.db).upsert(mark, &favorite::user_id, &favorite::article_id);
  } else {
    const auto mine = col(&favorite::user_id) == viewer && col(&favorite::article_id) == a.id;
    co_await orm::repo<favorite>(ctx.db).remove_where(mine);
  }
  co_await ctx.db.query(
      "UPDATE articles SET favorites_count = (SELECT count(*) FROM favorites WHERE article_id = $1) WHERE id = $1", a.id);
  co_await forget_article(ctx, slug);
  auto doc = co_await article_for(ctx, slug, viewer);
  res.json(std::move(doc));
}

}  // namespace

void add_article_write_routes(http::scope& api, std::shared_ptr<context> ctx) {
  api.post(
      "/articles", [ctx](http::request& req, http::response& res) { return create(*ctx, req, res); },
      {.summary = "Write an article", .tags = {"Articles"}, .operation_id = "CreateArticle",
       .schema = schemas::article_create(), .auth = token_required()});
  api.put(
      "/articles/:slug", [ctx](http::request& req, http::response& res) { return update(*ctx, req, res); },
      {.summary = "Change an article (its author only)", .tags = {"Articles"}, .operation_id = "UpdateArticle",
       .schema = schemas::article_update(), .auth = token_required()});
  api.del(
      "/articles/:slug", [ctx](http::request& req, http::response& res) { return remove(*ctx, req, res); },
      {.summary = "Delete an article (its author only)", .tags = {"Articles"}, .operation_id = "DeleteArticle",
       .schema = schemas::article_delete(), .auth = token_required()});
  api.post(
      "/articles/:slug/favorite",
      [ctx](http::request& req, http::response& res) { return set_favorite(*ctx, req, res, true); },
      {.summary = "Favorite an article", .tags = {"Favorites"}, .operation_id = "CreateArticleFavorite",
       .schema = schemas::article_read(), .auth = token_required()});
  api.del(
      "/articles/:slug/favorite",
      [ctx](http::request& req, http::response& res) { return set_favorite(*ctx, req, res, false); },
      {.summary = "Unfavorite an article", .tags = {"Favorites"}, .operation_id = "DeleteArticleFavorite",
       .schema = schemas::article_read(), .auth = token_required()});
}

}  // namespace conduit
