// Article lists load their authors and tags by relation: the number of statements is the same
// for a page of 2 articles and a page of 40 (no N+1), on the real schema (the migrations).
#include "article_store.hpp"

#include <strata/core/block_on.hpp>
#include <strata/orm/testing/counting_executor.hpp>
#include <strata/sql/migrate.hpp>

#include <gtest/gtest.h>

#include <filesystem>

namespace conduit {
namespace {

namespace orm = strata::orm;
using strata::task;

std::filesystem::path migrations() {
  return std::filesystem::path(CONDUIT_BIN).parent_path() / "conduit-migrations" / "sqlite";
}

// n articles by n/2 authors, each with two tags, one favorite each.
task<void> seed(strata::sql::database& db, int n) {
  for (int u = 0; u < n / 2; ++u) {
    user row{.username = "u" + std::to_string(u), .email = "u" + std::to_string(u) + "@example.com", .password_hash = "x"};
    co_await orm::repo<user>(db).insert(row);
  }
  tag a{.name = "a"}, b{.name = "b"};
  a = co_await orm::repo<tag>(db).insert(a);
  b = co_await orm::repo<tag>(db).insert(b);
  for (int i = 0; i < n; ++i) {
    article row{.slug = "s" + std::to_string(i), .title = "t", .description = "d", .body = "b", .author_id = 1 + i % (n / 2)};
    row = co_await orm::repo<article>(db).insert(row);
    std::vector<article_tag> links{{row.id, a.id}, {row.id, b.id}};
    co_await orm::repo<article_tag>(db).insert_many(links);
    favorite f{.user_id = 1, .article_id = row.id};
    co_await orm::repo<favorite>(db).insert(f);
  }
}

struct counted {
  std::size_t statements = 0;
  std::size_t articles = 0;
  bool all_loaded = true;
};

counted list_page(strata::sql::database& db, std::int64_t limit, bool as_viewer) {
  return strata::block_on([&]() -> task<counted> {
    orm::testing::counting_executor ex(db);
    article_filter filter{.tag = "a", .limit = limit};
    auto page = co_await list_articles(ex, filter);
    if (as_viewer) co_await viewer_state_for(ex, 1, page.articles);
    counted c{ex.statements.size(), page.articles.size()};
    for (const auto& art : page.articles) c.all_loaded = c.all_loaded && art.author && art.tags.size() == 2;
    co_return c;
  });
}

TEST(article_store, a_page_costs_the_same_statements_whatever_its_size) {
  auto db = strata::sql::database::open("sqlite::memory:");
  strata::sql::migrator m(db, migrations());
  strata::block_on([&] { return m.up(); });
  strata::block_on([&] { return seed(db, 40); });

  auto small = list_page(db, 2, false), large = list_page(db, 40, false);
  EXPECT_EQ(small.articles, 2u);
  EXPECT_EQ(large.articles, 40u);
  EXPECT_TRUE(small.all_loaded && large.all_loaded);
  // tag lookup, count, page, authors, tags
  EXPECT_EQ(small.statements, 5u);
  EXPECT_EQ(large.statements, small.statements);
  // A viewer adds two: what they favorited and whom they follow.
  EXPECT_EQ(list_page(db, 40, true).statements, small.statements + 2);
}

}  // namespace
}  // namespace conduit
