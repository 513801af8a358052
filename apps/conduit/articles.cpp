// GET /articles (filters, pages), GET /articles/feed, GET /articles/:slug. Anonymous readers get
// cached documents; a viewer's favorited/following flags cost one statement each on top.
#include "article_store.hpp"
#include "article_views.hpp"
#include "cache_keys.hpp"
#include "json_fields.hpp"
#include "routes.hpp"
#include "schemas.hpp"
#include "tokens.hpp"

#include <strata/http/error.hpp>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>
#include <strata/schema/validation.hpp>

#include <boost/json/serialize.hpp>

namespace conduit {
namespace {

namespace http = strata::http;
namespace json = boost::json;
using strata::task;

article_filter filter_of(http::request& req) {
  const auto& q = strata::schema::query(req).as_object();
  return {.tag = string_field(q, "tag"),
          .author = string_field(q, "author"),
          .favorited = string_field(q, "favorited"),
          .limit = q.at("limit").to_number<std::int64_t>(),
          .offset = q.at("offset").to_number<std::int64_t>()};
}

json::value or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

std::string list_key(const article_filter& f) {
  return "articles:" + json::serialize(json::array{or_null(f.tag), or_null(f.author), or_null(f.favorited), f.limit, f.offset});
}

task<void> list(context& ctx, http::request& req, http::response& res) {
  auto filter = filter_of(req);
  const auto viewer = viewer_id(req);
  if (viewer) {
    auto page = co_await list_articles(ctx.db, filter);
    auto state = co_await viewer_state_for(ctx.db, *viewer, page.articles);
    res.json(page_view(page, state));
    co_return;
  }
  std::string key = list_key(filter);
  if (auto text = co_await ctx.cache->get(key)) {
    send_json_text(res, std::move(*text));
    co_return;
  }
  auto page = co_await list_articles(ctx.db, filter);
  std::string text = json::serialize(page_view(page, {}));
  strata::cache::entry_options options{.ttl = ctx.cache_ttl, .tags = {std::string(keys::article_lists)}};
  co_await ctx.cache->set(std::move(key), text, std::move(options));
  send_json_text(res, std::move(text));
}

task<void> feed(context& ctx, http::request& req, http::response& res) {
  const auto viewer = require_viewer(req);
  const auto& q = strata::schema::query(req).as_object();
  auto page = co_await feed_articles(ctx.db, viewer, q.at("limit").to_number<std::int64_t>(),
                                     q.at("offset").to_number<std::int64_t>());
  auto state = co_await viewer_state_for(ctx.db, viewer, page.articles);
  res.json(page_view(page, state));
}

task<void> get(context& ctx, http::request& req, http::response& res) {
  std::string slug(req.param("slug"));
  const auto viewer = viewer_id(req);
  if (viewer) {
    auto doc = co_await article_for(ctx, slug, viewer);
    res.json(std::move(doc));
    co_return;
  }
  std::string key = keys::article(slug);
  if (auto text = co_await ctx.cache->get(key)) {
    send_json_text(res, std::move(*text));
    co_return;
  }
  auto found = co_await find_article(ctx.db, slug);
  if (!found) throw http::http_error(404, "Not Found", "No article has the slug '" + slug + "'.");
  std::string text = json::serialize(single_view(*found, {}));
  // Tagged with its author: a profile change rewrites the author part of the document.
  strata::cache::entry_options options{.ttl = ctx.cache_ttl, .tags = {keys::user(found->author_id)}};
  co_await ctx.cache->set(std::move(key), text, std::move(options));
  send_json_text(res, std::move(text));
}

}  // namespace

void add_article_routes(http::scope& api, std::shared_ptr<context> ctx) {
  api.get(
      "/articles", [ctx](http::request& req, http::response& res) { return list(*ctx, req, res); },
      {.summary = "Recent articles, filtered by tag, author or who favorited them", .tags = {"Articles"},
       .operation_id = "GetArticles", .schema = schemas::article_list(), .auth = token_optional()});
  api.get(
      "/articles/feed", [ctx](http::request& req, http::response& res) { return feed(*ctx, req, res); },
      {.summary = "Recent articles by the users the viewer follows", .tags = {"Articles"},
       .operation_id = "GetArticlesFeed", .schema = schemas::feed(), .auth = token_required()});
  api.get(
      "/articles/:slug", [ctx](http::request& req, http::response& res) { return get(*ctx, req, res); },
      {.summary = "One article", .tags = {"Articles"}, .operation_id = "GetArticle",
       .schema = schemas::article_read(), .auth = token_optional()});
}

}  // namespace conduit
