// GET and POST /articles/:slug/comments, DELETE /articles/:slug/comments/:id.
#include "article_store.hpp"
#include "json_fields.hpp"
#include "routes.hpp"
#include "schemas.hpp"
#include "tokens.hpp"
#include "views.hpp"

#include <strata/http/error.hpp>
#include <strata/http/request.hpp>
#include <strata/http/response.hpp>
#include <strata/orm/orm.hpp>
#include <strata/schema/validation.hpp>

#include <set>

namespace conduit {
namespace {

namespace http = strata::http;
namespace json = boost::json;
namespace orm = strata::orm;
using orm::col;
using strata::task;

task<std::int64_t> article_id_of(context& ctx, std::string slug) {
  auto q = orm::repo<article>(ctx.db).query();
  q.where(col(&article::slug) == slug);
  auto found = co_await q.first();
  if (!found) throw http::http_error(404, "Not Found", "No article has the slug '" + slug + "'.");
  co_return found->id;
}

task<void> list(context& ctx, http::request& req, http::response& res) {
  std::string slug(req.param("slug"));
  const auto article_id = co_await article_id_of(ctx, slug);
  auto q = orm::repo<comment>(ctx.db).query();
  q.where(col(&comment::article_id) == article_id).order_by(col(&comment::created_at).asc()).with(comment_author);
  auto comments = co_await q.all();
  std::set<std::int64_t> following;
  if (auto viewer = viewer_id(req); viewer && !comments.empty()) {
    std::vector<std::int64_t> authors;
    for (const auto& c : comments) authors.push_back(c.author_id);
    const auto followed = col(&follow::follower_id) == *viewer && col(&follow::followee_id).in(authors);
    auto follows = co_await orm::repo<follow>(ctx.db).find_where(followed);
    for (const auto& f : follows) following.insert(f.followee_id);
  }
  json::array out;
  for (const auto& c : comments) out.emplace_back(comment_view(c, following.contains(c.author_id)));
  res.json(json::object{{"comments", std::move(out)}});
}

task<void> add(context& ctx, http::request& req, http::response& res) {
  const auto viewer = require_viewer(req);
  std::string slug(req.param("slug"));
  const auto article_id = co_await article_id_of(ctx, slug);
  const auto& in = envelope_of(strata::schema::body(req), "comment");
  comment c{.body = *string_field(in, "body"), .article_id = article_id, .author_id = viewer};
  c = co_await orm::repo<comment>(ctx.db).insert(c);
  c.author = co_await orm::repo<user>(ctx.db).find(viewer);
  res.json(json::object{{"comment", comment_view(c, false)}});
}

task<void> remove(context& ctx, http::request& req, http::response& res) {
  const auto viewer = require_viewer(req);
  std::string slug(req.param("slug"));
  const auto article_id = co_await article_id_of(ctx, slug);
  const auto id = strata::schema::params(req).at("id").to_number<std::int64_t>();
  auto found = co_await orm::repo<comment>(ctx.db).find(id);
  if (!found || found->article_id != article_id)
    throw http::http_error(404, "Not Found", "The article has no such comment.");
  if (found->author_id != viewer) throw http::http_error(403, "Forbidden", "Only the comment's author may delete it.");
  co_await orm::repo<comment>(ctx.db).remove(id);
  res.no_content();
}

}  // namespace

void add_comment_routes(http::scope& api, std::shared_ptr<context> ctx) {
  api.get(
      "/articles/:slug/comments", [ctx](http::request& req, http::response& res) { return list(*ctx, req, res); },
      {.summary = "An article's comments", .tags = {"Comments"}, .operation_id = "GetArticleComments",
       .schema = schemas::comment_list(), .auth = token_optional()});
  api.post(
      "/articles/:slug/comments", [ctx](http::request& req, http::response& res) { return add(*ctx, req, res); },
      {.summary = "Comment on an article", .tags = {"Comments"}, .operation_id = "CreateArticleComment",
       .schema = schemas::comment_create(), .auth = token_required()});
  api.del(
      "/articles/:slug/comments/:id", [ctx](http::request& req, http::response& res) { return remove(*ctx, req, res); },
      {.summary = "Delete a comment (its author only)", .tags = {"Comments"}, .operation_id = "DeleteArticleComment",
       .schema = schemas::comment_delete(), .auth = token_required()});
}

}  // namespace conduit
