#include "article_store.hpp"

namespace conduit {

namespace orm = strata::orm;
using orm::col;
using strata::task;

namespace {

task<std::optional<std::int64_t>> user_id_of(strata::sql::executor& ex, std::string username) {
  // Named before awaiting: GCC 12 destroys temporaries in a co_await expression twice.
  auto q = orm::repo<user>(ex).query();
  q.where(col(&user::username) == username);
  auto found = co_await q.first();
  co_return found ? std::optional<std::int64_t>(found->id) : std::nullopt;
}

task<std::optional<std::int64_t>> tag_id_of(strata::sql::executor& ex, std::string name) {
  auto q = orm::repo<tag>(ex).query();
  q.where(col(&tag::name) == name);
  auto found = co_await q.first();
  co_return found ? std::optional<std::int64_t>(found->id) : std::nullopt;
}

// Newest first, a page of it, with author and tags.
task<article_page> page_of(orm::query<article> q, std::int64_t limit, std::int64_t offset) {
  article_page page;
  page.count = co_await q.count();
  if (page.count == 0 || offset >= page.count) co_return page;
  q.order_by(col(&article::created_at).desc()).order_by(col(&article::id).desc()).limit(limit).offset(offset);
  q.with(article_author).with(article_tags);
  page.articles = co_await q.all();
  co_return page;
}

}  // namespace

task<article_page> list_articles(strata::sql::executor& ex, article_filter filter) {
  orm::query<article> q(ex);
  // A filter naming a user or tag that does not exist matches nothing; no join needed to say so.
  if (filter.tag) {
    auto id = co_await tag_id_of(ex, *filter.tag);
    if (!id) co_return article_page{};
    q.join<article_tag>(col(&article_tag::article_id) == col(&article::id)).where(col(&article_tag::tag_id) == *id);
  }
  if (filter.author) {
    auto id = co_await user_id_of(ex, *filter.author);
    if (!id) co_return article_page{};
    q.where(col(&article::author_id) == *id);
  }
  if (filter.favorited) {
    auto id = co_await user_id_of(ex, *filter.favorited);
    if (!id) co_return article_page{};
    q.join<favorite>(col(&favorite::article_id) == col(&article::id)).where(col(&favorite::user_id) == *id);
  }
  co_return co_await page_of(std::move(q), filter.limit, filter.offset);
}

task<article_page> feed_articles(strata::sql::executor& ex, std::int64_t viewer, std::int64_t limit,
                                 std::int64_t offset) {
  orm::query<article> q(ex);
  q.join<follow>(col(&follow::followee_id) == col(&article::author_id)).where(col(&follow::follower_id) == viewer);
  co_return co_await page_of(std::move(q), limit, offset);
}

task<std::optional<article>> find_article(strata::sql::executor& ex, std::string slug) {
  auto q = orm::repo<article>(ex).query();
  q.where(col(&article::slug) == slug).with(article_author).with(article_tags);
  co_return co_await q.first();
}

task<viewer_state> viewer_state_for(strata::sql::executor& ex, std::int64_t viewer, const std::vector<article>& articles) {
  viewer_state state;
  if (articles.empty()) co_return state;
  std::vector<std::int64_t> ids, authors;
  for (const auto& a : articles) {
    ids.push_back(a.id);
    authors.push_back(a.author_id);
  }
  const auto mine = col(&favorite::user_id) == viewer && col(&favorite::article_id).in(ids);
  auto favorites = co_await orm::repo<favorite>(ex).find_where(mine);
  for (const auto& f : favorites) state.favorited.insert(f.article_id);
  const auto followed = col(&follow::follower_id) == viewer && col(&follow::followee_id).in(authors);
  auto follows = co_await orm::repo<follow>(ex).find_where(followed);
  for (const auto& f : follows) state.following.insert(f.followee_id);
  co_return state;
}

task<bool> is_following(strata::sql::executor& ex, std::int64_t follower, std::int64_t followee) {
  const auto edge = col(&follow::follower_id) == follower && col(&follow::followee_id) == followee;
  auto n = co_await orm::repo<follow>(ex).count(edge);
  co_return n > 0;
}

}  // namespace conduit
