// statement_cache alone (no server): LRU order, fresh names, pending entries that are confirmed,
// forgotten, or evicted while their prepare is in flight.
#include <gtest/gtest.h>

#include <set>
#include <strata/sql/postgres/detail/statement_cache.hpp>

namespace strata::sql::postgres::detail {
namespace {

TEST(postgres_statement_cache, evicts_the_least_recently_used) {
  statement_cache c(2);
  std::vector<statement_cache::entry> evicted;
  auto a = c.insert("a", 1, evicted).name;
  auto b = c.insert("b", 1, evicted).name;
  EXPECT_NE(a, b);
  EXPECT_TRUE(c.confirm("a", a));
  EXPECT_TRUE(c.confirm("b", b));
  ASSERT_NE(c.find("a"), nullptr);  // a is now the most recently used
  c.insert("c", 2, evicted);
  ASSERT_EQ(evicted.size(), 1u);
  EXPECT_EQ(evicted[0].key, "b");
  EXPECT_EQ(evicted[0].name, b);
  EXPECT_TRUE(evicted[0].ready);
  EXPECT_EQ(c.find("b"), nullptr);
  EXPECT_NE(c.find("a"), nullptr);
  EXPECT_EQ(c.size(), 2u);
}

TEST(postgres_statement_cache, names_are_never_reused) {
  statement_cache c(1);
  std::vector<statement_cache::entry> evicted;
  std::set<std::string> names;
  for (int i = 0; i < 10; ++i) names.insert(c.insert("same sql", 1, evicted).name);
  EXPECT_EQ(names.size(), 10u);
  EXPECT_EQ(c.size(), 1u);
}

TEST(postgres_statement_cache, pending_entries_are_confirmed_or_forgotten) {
  statement_cache c(4);
  std::vector<statement_cache::entry> evicted;
  auto name = c.insert("k", 7, evicted).name;
  auto* e = c.find("k");
  ASSERT_NE(e, nullptr);
  EXPECT_FALSE(e->ready);
  EXPECT_EQ(e->batch, 7u);
  c.forget("k", "not its name");  // a stale name leaves the entry alone
  EXPECT_NE(c.find("k"), nullptr);
  c.forget("k", name);
  EXPECT_EQ(c.find("k"), nullptr);
  EXPECT_FALSE(c.confirm("k", name));  // evicted or forgotten: the caller deallocates it
}

TEST(postgres_statement_cache, keys_with_nul_bytes_are_distinct) {
  statement_cache c(4);
  std::vector<statement_cache::entry> evicted;
  std::string text_key = std::string("SELECT $1") + '\0' + "-";
  std::string bytea_key = std::string("SELECT $1") + '\0' + "b";
  auto t = c.insert(text_key, 1, evicted).name;
  auto b = c.insert(bytea_key, 1, evicted).name;
  EXPECT_NE(t, b);
  EXPECT_EQ(c.find(text_key)->name, t);
  EXPECT_EQ(c.find(bytea_key)->name, b);
}

}  // namespace
}  // namespace strata::sql::postgres::detail
