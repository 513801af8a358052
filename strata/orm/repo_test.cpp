// repo<T> against real databases: CRUD, upsert, soft delete, timestamps, transactions, and
// hostile values stored as data.
#include <strata/orm/testing/database_fixture.hpp>
#include <strata/orm/testing/models.hpp>

#include <gtest/gtest.h>

namespace strata::orm {
namespace {

using namespace testing;
using sql::dialect;

class orm_repo : public database_fixture {};

user make_user(std::string email, std::string name = "Ann") {
  user u;
  u.email = std::move(email);
  u.name = std::move(name);
  return u;
}

TEST_P(orm_repo, insert_find_update_and_query) {
  with_db([&](sql::database& db) -> task<void> {
    repo<user> users(db);
    const auto before = now();
    auto ann = co_await users.insert(make_user("ann@example.com"));
    EXPECT_GT(ann.id, 0);
    EXPECT_EQ(ann.email, "ann@example.com");
    EXPECT_EQ(ann.bio, std::nullopt);
    EXPECT_TRUE(ann.active);
    EXPECT_GE(ann.created_at, before);
    EXPECT_EQ(ann.updated_at, ann.created_at);
    auto bob = co_await users.insert(make_user("bob@example.com", "Bob"));
    EXPECT_NE(bob.id, ann.id);

    auto found = co_await users.find(ann.id);
    EXPECT_TRUE(found.has_value());
    if (found) {
      EXPECT_EQ(found->email, ann.email);
      EXPECT_EQ(found->created_at, ann.created_at);  // microseconds survive the round trip
    }
    EXPECT_EQ(co_await users.find(std::int64_t{999999}), std::nullopt);

    ann.bio = "hello";
    ann.name = "Ann B";
    auto updated = co_await users.update(ann);
    EXPECT_EQ(updated.bio, "hello");
    EXPECT_EQ(updated.name, "Ann B");
    EXPECT_EQ(updated.created_at, ann.created_at);
    EXPECT_GE(updated.updated_at, ann.created_at);

    auto ghost = make_user("ghost@example.com");
    ghost.id = 424242;
    bool threw = false;
    try {
      co_await users.update(ghost);
    } catch (const not_found& e) {
      threw = true;
      EXPECT_EQ(e.http_status(), 404);
    }
    EXPECT_TRUE(threw);

    auto list = co_await users.query().where(col(&user::email).like("%@example.com")).order_by(col(&user::email).desc()).all();
    EXPECT_EQ(list.size(), 2u);
    if (list.size() == 2) {
      EXPECT_EQ(list[0].email, "bob@example.com");
      EXPECT_EQ(list[1].email, "ann@example.com");
    }
    auto first = co_await users.query().order_by(col(&user::id)).first();
    EXPECT_TRUE(first && first->id == ann.id);
    EXPECT_EQ(co_await users.count(), 2);
    EXPECT_EQ(co_await users.count(col(&user::bio) == "hello"), 1);
    auto with_bio = co_await users.find_where(col(&user::bio).is_not_null());
    EXPECT_EQ(with_bio.size(), 1u);
  });
}

TEST_P(orm_repo, insert_many_and_where_updates) {
  with_db([&](sql::database& db) -> task<void> {
    repo<user> users(db);
    std::vector<user> batch{make_user("a@x.io", "A"), make_user("b@x.io", "B"), make_user("c@y.io", "C")};
    auto stored = co_await users.insert_many(batch);
    EXPECT_EQ(stored.size(), 3u);
    for (const auto& u : stored) EXPECT_GT(u.id, 0);

    auto changed = co_await users.update_where(col(&user::email).like("%@x.io"), set(&user::bio, "x team"), set(&user::active, false));
    EXPECT_EQ(changed, 2);
    EXPECT_EQ(co_await users.count(col(&user::active) == false), 2);
    EXPECT_EQ(co_await users.count(col(&user::bio) == "x team"), 2);
    EXPECT_EQ(co_await users.update_where(col(&user::email) == "nobody", set(&user::bio, std::nullopt)), 0);
    EXPECT_EQ(co_await users.remove_where(col(&user::active) == false), 2);
    EXPECT_EQ(co_await users.count(), 1);
  });
}

TEST_P(orm_repo, upsert_inserts_then_updates_keeping_key_and_created_at) {
  with_db([&](sql::database& db) -> task<void> {
    repo<user> users(db);
    auto first = co_await users.upsert(make_user("up@example.com", "First"), &user::email);
    EXPECT_GT(first.id, 0);
    EXPECT_EQ(first.name, "First");
    auto again = make_user("up@example.com", "Second");
    again.bio = "changed";
    auto second = co_await users.upsert(again, &user::email);
    EXPECT_EQ(second.id, first.id);
    EXPECT_EQ(second.name, "Second");
    EXPECT_EQ(second.bio, "changed");
    EXPECT_EQ(second.created_at, first.created_at);
    EXPECT_GE(second.updated_at, first.updated_at);
    EXPECT_EQ(co_await users.count(), 1);

    repo<post_tag> links(db);  // every column in the conflict target
    const post_tag link{1, 2};
    auto l1 = co_await links.upsert(link, &post_tag::post_id, &post_tag::tag_id);
    auto l2 = co_await links.upsert(link, &post_tag::post_id, &post_tag::tag_id);
    EXPECT_EQ(l1.tag_id, 2);
    EXPECT_EQ(l2.tag_id, 2);
    EXPECT_EQ(co_await links.count(), 1);
  });
}

TEST_P(orm_repo, soft_delete_hides_rows_until_restored) {
  with_db([&](sql::database& db) -> task<void> {
    repo<user> users(db);
    auto u = co_await users.insert(make_user("soft@example.com"));
    auto keep = co_await users.insert(make_user("keep@example.com"));
    EXPECT_TRUE(co_await users.remove(u.id));
    EXPECT_FALSE(co_await users.remove(u.id));  // already gone
    EXPECT_EQ(co_await users.find(u.id), std::nullopt);
    EXPECT_EQ(co_await users.count(), 1);

    auto all = co_await users.query().with_deleted().order_by(col(&user::id)).all();
    EXPECT_EQ(all.size(), 2u);
    auto gone = co_await users.query().only_deleted().all();
    EXPECT_EQ(gone.size(), 1u);
    if (!gone.empty()) {
      EXPECT_EQ(gone[0].id, u.id);
      EXPECT_TRUE(gone[0].deleted_at.has_value());
    }
    // Updates skip soft-deleted rows.
    EXPECT_EQ(co_await users.update_where(col(&user::id) == u.id, set(&user::name, "zombie")), 0);

    EXPECT_TRUE(co_await users.restore(u.id));
    auto back = co_await users.find(u.id);
    EXPECT_TRUE(back && !back->deleted_at);

    EXPECT_TRUE(co_await users.force_remove(keep.id));
    EXPECT_EQ(co_await users.query().with_deleted().count(), 1);

    repo<post> posts(db);  // no deleted_at: remove() is a DELETE
    auto p = co_await posts.insert([&] {
      post x;
      x.user_id = u.id;
      x.title = "t";
      return x;
    }());
    EXPECT_TRUE(co_await posts.remove(p.id));
    auto raw = co_await db.query("SELECT count(*) FROM posts");
    EXPECT_EQ(raw.scalar<std::int64_t>(), 0);
  });
}

TEST_P(orm_repo, works_inside_a_transaction_and_rolls_back) {
  with_db([&](sql::database& db) -> task<void> {
    repo<user> users(db);
    co_await users.insert(make_user("outside@example.com"));
    bool threw = false;
    try {
      co_await db.transaction([&](sql::transaction& tx) -> task<void> {
        repo<user> in_tx(tx);
        co_await in_tx.insert(make_user("inside@example.com"));
        EXPECT_EQ(co_await in_tx.count(), 2);
        throw std::runtime_error("abort");
      });
    } catch (const std::runtime_error&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
    EXPECT_EQ(co_await users.count(), 1);
    co_await db.transaction([&](sql::transaction& tx) -> task<void> {
      repo<user> in_tx(tx);
      co_await in_tx.insert(make_user("committed@example.com"));
    });
    EXPECT_EQ(co_await users.count(), 2);
  });
}

TEST_P(orm_repo, hostile_values_are_stored_as_data) {
  with_db([&](sql::database& db) -> task<void> {
    repo<user> users(db);
    const std::string evil = "x'); DROP TABLE users; --";
    auto u = make_user(evil, "\" OR 1=1 --");
    u.bio = "$1 $2 '\\";
    auto stored = co_await users.insert(u);
    auto found = co_await users.find_where(col(&user::email) == evil);
    EXPECT_EQ(found.size(), 1u);
    if (!found.empty()) {
      EXPECT_EQ(found[0].name, "\" OR 1=1 --");
      EXPECT_EQ(found[0].bio, "$1 $2 '\\");
    }
    EXPECT_EQ((co_await users.find_where(col(&user::name) == "' OR '1'='1")).size(), 0u);
    EXPECT_EQ((co_await users.find_where(col(&user::bio).like("$1 $2%"))).size(), 1u);
    EXPECT_EQ(co_await users.count(), 1);  // the table is still there
    EXPECT_GT(stored.id, 0);
  });
}

TEST_P(orm_repo, overridden_table_and_column_names) {
  with_db([&](sql::database& db) -> task<void> {
    repo<person> people(db);
    person p;
    p.fullName = "Grace Hopper";
    auto stored = co_await people.insert(p);
    EXPECT_GT(stored.personId, 0);
    auto found = co_await people.find(stored.personId);
    EXPECT_TRUE(found && found->fullName == "Grace Hopper");
    auto raw = co_await db.query("SELECT full_name FROM people");
    EXPECT_EQ(raw[0].get<std::string>(0), "Grace Hopper");
  });
}

INSTANTIATE_TEST_SUITE_P(db, orm_repo, ::testing::Values(dialect::sqlite, dialect::postgres), dialect_name);

}  // namespace
}  // namespace strata::orm
