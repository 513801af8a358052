// Eager loading against real databases: each relation costs exactly one statement, whatever the
// number of rows, and the rows land on the right owners.
#include <strata/orm/testing/counting_executor.hpp>
#include <strata/orm/testing/database_fixture.hpp>
#include <strata/orm/testing/models.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace strata::orm {
namespace {

using namespace testing;
using sql::dialect;

class orm_relations : public database_fixture {};

// Three users (the third soft-deleted later), posts for the first two, tags on some posts.
task<void> seed(sql::executor& db) {
  repo<user> users(db);
  repo<post> posts(db);
  repo<tag> tags(db);
  repo<post_tag> links(db);
  std::vector<user> us;
  // (Named vectors, not braced lists, in coroutines: GCC 12 miscompiles initializer_list
  // temporaries that live across a co_await.)
  const std::vector<std::string> names{"ann", "bob", "cy", "dee"};
  for (const auto& name : names) {
    user u;
    u.email = name + "@example.com";
    u.name = name;
    us.push_back(co_await users.insert(u));
  }
  std::vector<post> ps;
  for (int i = 0; i < 5; ++i) {
    post p;
    p.user_id = us[i < 3 ? 0 : 1].id;  // ann: 3 posts, bob: 2, cy and dee: none
    p.title = "post " + std::to_string(i);
    p.likes = i * 10;
    ps.push_back(co_await posts.insert(p));
  }
  tag red_tag{0, "red"}, blue_tag{0, "blue"};  // named: GCC 12 mishandles braced temporaries in co_await
  auto red = co_await tags.insert(red_tag);
  auto blue = co_await tags.insert(blue_tag);
  std::vector<post_tag> pairs{{ps[0].id, red.id}, {ps[0].id, blue.id}, {ps[1].id, blue.id}, {ps[4].id, red.id}};
  co_await links.insert_many(pairs);
  co_await users.remove(us[3].id);  // dee is soft-deleted
}

TEST_P(orm_relations, has_many_loads_in_one_statement) {
  with_db([&](sql::database& db) -> task<void> {
    co_await seed(db);
    counting_executor counted(db);
    repo<user> users(counted);
    auto list = co_await users.query().with(user_posts).order_by(col(&user::id)).all();
    EXPECT_EQ(counted.statements.size(), 2u) << "one for users, one for all their posts";
    EXPECT_EQ(list.size(), 3u);  // dee is soft-deleted
    if (list.size() == 3) {
      EXPECT_EQ(list[0].posts.size(), 3u);
      EXPECT_EQ(list[1].posts.size(), 2u);
      EXPECT_TRUE(list[2].posts.empty());
      for (const auto& u : list)
        for (const auto& p : u.posts) EXPECT_EQ(p.user_id, u.id);
      if (list[0].posts.size() == 3) {
        EXPECT_EQ(list[0].posts[0].title, "post 0");
      }
    }

    // load() on rows already fetched: again one statement, and the per-owner result.
    counted.statements.clear();
    auto per_user = co_await users.load(list, user_posts);
    EXPECT_EQ(counted.statements.size(), 1u);
    EXPECT_EQ(per_user.size(), 3u);
    if (per_user.size() == 3) {
      EXPECT_EQ(per_user[1].size(), 2u);
    }
    // Nothing to load for no rows: no statement at all.
    counted.statements.clear();
    std::vector<user> none;
    co_await users.load(none, user_posts);
    EXPECT_TRUE(counted.statements.empty());
  });
}

TEST_P(orm_relations, belongs_to_and_many_to_many_in_one_statement_each) {
  with_db([&](sql::database& db) -> task<void> {
    co_await seed(db);
    counting_executor counted(db);
    repo<post> posts(counted);
    auto list = co_await posts.query().with(post_author).with(post_tags).order_by(col(&post::id)).all();
    EXPECT_EQ(counted.statements.size(), 3u) << "posts, their authors, their tags";
    EXPECT_EQ(list.size(), 5u);
    if (list.size() == 5) {
      for (const auto& p : list) {
        EXPECT_TRUE(p.author.has_value());
        if (p.author) {
          EXPECT_EQ(p.author->id, p.user_id);
        }
      }
      EXPECT_EQ(list[0].author->name, "ann");
      EXPECT_EQ(list[4].author->name, "bob");
      auto names = [](const post& p) {
        std::vector<std::string> out;
        for (const auto& t : p.tags) out.push_back(t.name);
        std::sort(out.begin(), out.end());
        return out;
      };
      EXPECT_EQ(names(list[0]), (std::vector<std::string>{"blue", "red"}));
      EXPECT_EQ(names(list[1]), (std::vector<std::string>{"blue"}));
      EXPECT_TRUE(list[2].tags.empty());
      EXPECT_EQ(names(list[4]), (std::vector<std::string>{"red"}));
    }
    for (const auto& s : counted.statements) EXPECT_EQ(s.find("LIMIT"), std::string::npos) << s;
  });
}

TEST_P(orm_relations, joins_and_aggregates) {
  struct likes_per_user {
    std::int64_t user_id;
    std::int64_t posts;
    std::int64_t likes;
  };
  with_db([&](sql::database& db) -> task<void> {
    co_await seed(db);
    repo<post> posts(db);
    // Posts of users whose name is ann, through a join.
    auto anns = co_await posts.query().join<user>(col(&user::id) == col(&post::user_id)).where(col(&user::name) == "ann").all();
    EXPECT_EQ(anns.size(), 3u);
    // Users with more than one post and at least 30 likes in total.
    auto r = co_await posts.query()
                 .select(col(&post::user_id), count().as("posts"), sum(col(&post::likes)).as("likes"))
                 .group_by(col(&post::user_id))
                 .having(count() > 1 && sum(col(&post::likes)) >= 30)
                 .order_by(col(&post::user_id))
                 .rows();
    EXPECT_EQ(r.size(), 2u);
    if (r.size() == 2) {
      EXPECT_EQ(r[0].get<std::int64_t>("posts"), 3);
      EXPECT_EQ(r[0].get<std::int64_t>("likes"), 30);  // 0 + 10 + 20
      EXPECT_EQ(r[1].get<std::int64_t>("likes"), 70);  // 30 + 40
    }
    auto avg_likes = co_await posts.query().select(avg(col(&post::likes)).as("a")).rows();
    EXPECT_DOUBLE_EQ(avg_likes[0].get<double>("a"), 20.0);
    // Users without posts, by a left join.
    repo<user> users(db);
    auto lonely = co_await users.query().left_join<post>(col(&post::user_id) == col(&user::id)).where(col(&post::id).is_null()).all();
    EXPECT_EQ(lonely.size(), 1u);
    if (!lonely.empty()) {
      EXPECT_EQ(lonely[0].name, "cy");
    }
    // Distinct users with a liked post, counted once each.
    auto q = users.query().join<post>(col(&post::user_id) == col(&user::id)).where(col(&post::likes) > 0).distinct();
    EXPECT_EQ(co_await q.count(), 2);
    EXPECT_EQ((co_await q.all()).size(), 2u);
  });
}

INSTANTIATE_TEST_SUITE_P(db, orm_relations, ::testing::Values(dialect::sqlite, dialect::postgres), dialect_name);

}  // namespace
}  // namespace strata::orm
