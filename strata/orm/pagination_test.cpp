// Filters and keyset pagination against real databases: pages follow each other with no row
// missed or repeated, in either direction and on a two-column key.
#include <strata/orm/testing/database_fixture.hpp>
#include <strata/orm/testing/models.hpp>

#include <gtest/gtest.h>

#include <set>

// GCC 12 reports Asio's awaitable frame (its own operator new/delete pair) as mismatched once the
// test lambda is inlined into std::function; a false positive.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace strata::orm {
namespace {

using namespace testing;
using sql::dialect;

class orm_pagination : public database_fixture {};

task<std::int64_t> seed_posts(sql::executor& db, int n) {
  repo<user> users(db);
  user u;
  u.email = "author@example.com";
  u.name = "Author";
  auto author = co_await users.insert(u);
  std::vector<post> batch;
  for (int i = 0; i < n; ++i) {
    post p;
    p.user_id = author.id;
    p.title = (i % 2 ? "Even Post " : "odd post ") + std::to_string(i);
    p.likes = i % 5;  // many ties: the second key decides
    batch.push_back(p);
  }
  co_await repo<post>(db).insert_many(batch);
  co_return author.id;
}

TEST_P(orm_pagination, keyset_on_the_key) {
  with_db([&](sql::database& db) -> task<void> {
    co_await seed_posts(db, 25);
    repo<post> posts(db);
    std::vector<std::int64_t> seen;
    std::optional<std::int64_t> cursor;
    std::vector<std::size_t> sizes;
    for (int guard = 0; guard < 10; ++guard) {
      auto q = posts.query().order_by(col(&post::id)).limit(10);
      if (cursor) q.after(*cursor);
      auto page = co_await q.all();
      if (page.empty()) break;
      sizes.push_back(page.size());
      for (const auto& p : page) seen.push_back(p.id);
      cursor = page.back().id;
    }
    EXPECT_EQ(sizes, (std::vector<std::size_t>{10, 10, 5}));
    EXPECT_EQ(seen.size(), 25u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(), 25u);
  });
}

TEST_P(orm_pagination, keyset_on_two_columns_descending) {
  with_db([&](sql::database& db) -> task<void> {
    co_await seed_posts(db, 23);
    repo<post> posts(db);
    std::vector<std::pair<std::int64_t, std::int64_t>> seen;  // (likes, id)
    std::optional<std::pair<std::int64_t, std::int64_t>> cursor;
    for (int guard = 0; guard < 10; ++guard) {
      auto q = posts.query().order_by(col(&post::likes).desc()).order_by(col(&post::id).desc()).limit(7);
      if (cursor) q.after(cursor->first, cursor->second);
      auto page = co_await q.all();
      if (page.empty()) break;
      for (const auto& p : page) seen.emplace_back(p.likes, p.id);
      cursor = seen.back();
    }
    EXPECT_EQ(seen.size(), 23u);
    EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
    EXPECT_EQ(std::set(seen.begin(), seen.end()).size(), 23u);
  });
}

TEST_P(orm_pagination, filters_on_real_rows) {
  with_db([&](sql::database& db) -> task<void> {
    co_await seed_posts(db, 10);
    repo<post> posts(db);
    // ILIKE matches both cases in both dialects; LIKE is exact on PostgreSQL (SQLite's LIKE
    // ignores ASCII case, so only the ILIKE count is compared across dialects).
    EXPECT_EQ(co_await posts.count(col(&post::title).ilike("%post%")), 10);
    EXPECT_EQ(co_await posts.count(col(&post::title).ilike("EVEN%")), 5);
    EXPECT_EQ(co_await posts.count(col(&post::title).like("odd post %")), 5);
    // Braced lists are built before the co_await: GCC 12 miscompiles them across one.
    const auto one_or_three = col(&post::likes).in({1, 3}), neither = col(&post::likes).not_in({1, 3});
    const auto none = col(&post::likes).in(std::vector<std::int64_t>{});
    const auto titled = col(&post::title).in({"odd post 0", "Even Post 1", "nope"});
    EXPECT_EQ(co_await posts.count(one_or_three), 4);
    EXPECT_EQ(co_await posts.count(neither), 6);
    EXPECT_EQ(co_await posts.count(none), 0);
    EXPECT_EQ(co_await posts.count(titled), 2);
    EXPECT_EQ(co_await posts.count(col(&post::likes).between(1, 2)), 4);
    EXPECT_EQ(co_await posts.count(col(&post::likes) >= 4 || col(&post::likes) == 0), 4);
    EXPECT_EQ(co_await posts.count(!(col(&post::likes) > 0)), 2);
    EXPECT_EQ(co_await posts.count(raw("\"likes\" + $1 > $2", 1, 4)), 2);  // likes > 3: i = 4, 9
    // A literal % in a search term, escaped.
    EXPECT_EQ(co_await posts.count(col(&post::title).like("%" + escape_like("100%") + "%")), 0);
    auto page2 = co_await posts.query().order_by(col(&post::id)).limit(3).offset(3).all();
    EXPECT_EQ(page2.size(), 3u);
    auto tail = co_await posts.query().order_by(col(&post::id)).offset(8).all();
    EXPECT_EQ(tail.size(), 2u);
  });
}

INSTANTIATE_TEST_SUITE_P(db, orm_pagination, ::testing::Values(dialect::sqlite, dialect::postgres), dialect_name);

}  // namespace
}  // namespace strata::orm
