#include "article_views.hpp"

#include "cache_keys.hpp"
#include "views.hpp"

#include <strata/http/error.hpp>

namespace conduit {

namespace json = boost::json;
using strata::task;

json::object page_view(const article_page& page, const viewer_state& state) {
  json::array list;
  list.reserve(page.articles.size());
  for (const auto& a : page.articles) {
    auto item = article_view(a, state.favorited.contains(a.id), state.following.contains(a.author_id));
    item.erase("body");  // the spec's list items leave the body out: lists stay small
    list.emplace_back(std::move(item));
  }
  return {{"articles", std::move(list)}, {"articlesCount", page.count}};
}

json::object single_view(const article& a, const viewer_state& state) {
  return {{"article", article_view(a, state.favorited.contains(a.id), state.following.contains(a.author_id))}};
}

task<json::object> article_for(context& ctx, std::string slug, std::optional<std::int64_t> viewer) {
  auto found = co_await find_article(ctx.db, slug);
  if (!found) throw strata::http::http_error(404, "Not Found", "No article has the slug '" + slug + "'.");
  viewer_state state;
  if (viewer) {
    std::vector<article> one{*found};
    state = co_await viewer_state_for(ctx.db, *viewer, one);
  }
  co_return single_view(*found, state);
}

void send_json_text(strata::http::response& res, std::string text) {
  res.type("application/json; charset=utf-8");
  res.send(std::move(text));
}

task<void> forget_article(context& ctx, std::string slug) {
  std::string key = keys::article(slug), lists(keys::article_lists), tags(keys::tag_list);
  co_await ctx.cache->del(std::move(key));
  co_await ctx.cache->invalidate_tag(std::move(lists));
  co_await ctx.cache->invalidate_tag(std::move(tags));
}

}  // namespace conduit
