// GET /tags: the tags articles use, cached until an article write changes them.
#include "cache_keys.hpp"
#include "models.hpp"
#include "routes.hpp"
#include "schemas.hpp"

#include <strata/http/request.hpp>
#include <strata/http/response.hpp>
#include <strata/orm/orm.hpp>

#include <boost/json/serialize.hpp>

#include <functional>

namespace conduit {
namespace {

namespace http = strata::http;
namespace json = boost::json;
namespace orm = strata::orm;
using orm::col;
using strata::task;

task<std::string> load_tags(context& ctx) {
  auto q = orm::repo<tag>(ctx.db).query();
  q.join<article_tag>(col(&article_tag::tag_id) == col(&tag::id)).distinct().order_by(col(&tag::name).asc());
  auto used = co_await q.all();
  json::array names;
  for (const auto& t : used) names.emplace_back(t.name);
  co_return json::serialize(json::object{{"tags", std::move(names)}});
}

task<void> list(context& ctx, http::request&, http::response& res) {
  strata::cache::entry_options options{.ttl = ctx.cache_ttl, .tags = {std::string(keys::tag_list)}};
  std::function<task<std::string>()> load = [&ctx] { return load_tags(ctx); };
  std::string key(keys::tag_list);
  std::string text = co_await ctx.cache->get_or_set(std::move(key), std::move(options), std::move(load));
  res.type("application/json; charset=utf-8");
  res.send(std::move(text));
}

}  // namespace

void add_tag_routes(http::scope& api, std::shared_ptr<context> ctx) {
  api.get(
      "/tags", [ctx](http::request& req, http::response& res) { return list(*ctx, req, res); },
      {.summary = "The tags in use", .tags = {"Tags"}, .operation_id = "GetTags", .schema = schemas::tags()});
}

}  // namespace conduit
