// INSERT / UPSERT / UPDATE / DELETE generation for both dialects, timestamps and soft delete.
#include <strata/orm/testing/models.hpp>

#include <gtest/gtest.h>

namespace strata::orm {
namespace {

using namespace testing;
using sql::dialect;

const sql::timestamp t0{std::chrono::seconds(1000)};

user sample() {
  user u;
  u.email = "a@b.c";
  u.name = "Ann";
  return u;
}

TEST(orm_crud_sql, insert_leaves_out_a_generated_key_and_returns_the_row) {
  auto u = sample();
  detail::touch(u, t0, true);
  for (auto d : {dialect::sqlite, dialect::postgres}) {
    auto st = detail::render(build::insert<user>({u}), d);
    EXPECT_EQ(st.sql, R"(INSERT INTO "users" ("email", "name", "bio", "active", "created_at", "updated_at", "deleted_at") )"
                      R"(VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id", "email", "name", "bio", "active", "created_at", )"
                      R"("updated_at", "deleted_at")");
    EXPECT_EQ(st.params, (std::vector<sql::param>{std::string("a@b.c"), std::string("Ann"), std::monostate{}, true, t0, t0,
                                                  std::monostate{}}));
  }
  u.id = 5;  // a key given by the caller is written
  EXPECT_EQ(detail::render(build::insert<user>({u}), dialect::postgres).params.front(), sql::param(std::int64_t{5}));
}

TEST(orm_crud_sql, insert_many_is_one_statement) {
  post a, b;
  a.title = "a";
  b.title = "b";
  auto st = detail::render(build::insert<post>({a, b}), dialect::sqlite);
  EXPECT_EQ(st.sql, R"(INSERT INTO "posts" ("user_id", "title", "likes") VALUES ($1, $2, $3), ($4, $5, $6) )"
                    R"(RETURNING "id", "user_id", "title", "likes")");
  EXPECT_EQ(st.params.size(), 6u);
}

TEST(orm_crud_sql, timestamps) {
  auto u = sample();
  detail::touch(u, t0, true);
  EXPECT_EQ(u.created_at, t0);
  EXPECT_EQ(u.updated_at, t0);
  const sql::timestamp t1{std::chrono::seconds(2000)};
  detail::touch(u, t1, true);  // created_at already set: kept
  EXPECT_EQ(u.created_at, t0);
  EXPECT_EQ(u.updated_at, t1);
  post p;
  detail::touch(p, t1, true);  // no timestamp fields: nothing to do
}

TEST(orm_crud_sql, upsert_updates_all_but_key_conflict_and_created_at) {
  auto u = sample();
  detail::touch(u, t0, true);
  auto st = detail::render(build::upsert<user>(u, {field_index(&user::email)}), dialect::postgres);
  EXPECT_EQ(st.sql, R"(INSERT INTO "users" ("email", "name", "bio", "active", "created_at", "updated_at", "deleted_at") )"
                    R"(VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("email") DO UPDATE SET "name" = excluded."name", )"
                    R"("bio" = excluded."bio", "active" = excluded."active", "updated_at" = excluded."updated_at", )"
                    R"("deleted_at" = excluded."deleted_at" RETURNING "id", "email", "name", "bio", "active", "created_at", )"
                    R"("updated_at", "deleted_at")");
  EXPECT_EQ(detail::render(build::upsert<user>(u, {field_index(&user::email)}), dialect::sqlite).sql, st.sql);
  // Every column is in the conflict target: a no-op update still returns the row.
  post_tag pt{1, 2};
  auto link = detail::render(build::upsert<post_tag>(pt, {0, 1}), dialect::sqlite);
  EXPECT_EQ(link.sql, R"(INSERT INTO "post_tags" ("post_id", "tag_id") VALUES ($1, $2) ON CONFLICT ("post_id", "tag_id") )"
                      R"(DO UPDATE SET "post_id" = excluded."post_id" RETURNING "post_id", "tag_id")");
}

TEST(orm_crud_sql, update_by_key_skips_key_and_created_at) {
  auto u = sample();
  u.id = 7;
  detail::touch(u, t0, true);
  auto st = detail::render(build::update<user>(u), dialect::sqlite);
  EXPECT_EQ(st.sql, R"(UPDATE "users" SET "email" = $1, "name" = $2, "bio" = $3, "active" = $4, "updated_at" = $5, )"
                    R"("deleted_at" = $6 WHERE "id" = $7 AND "deleted_at" IS NULL RETURNING "id", "email", "name", "bio", )"
                    R"("active", "created_at", "updated_at", "deleted_at")");
  EXPECT_EQ(st.params.back(), sql::param(std::int64_t{7}));
}

TEST(orm_crud_sql, update_where_sets_updated_at) {
  auto st = detail::render(build::update_where<user>(col(&user::email) == "a@b.c", {set(&user::bio, "hi")}, t0),
                           dialect::postgres);
  EXPECT_EQ(st.sql, R"(UPDATE "users" SET "bio" = $1, "updated_at" = $2 WHERE "email" = $3 AND "deleted_at" IS NULL)");
  EXPECT_EQ(st.params, (std::vector<sql::param>{std::string("hi"), t0, std::string("a@b.c")}));
  auto clear = detail::render(build::update_where<post>(col(&post::id) == 1, {set(&post::likes, 0), set(&post::title, "t")}, t0),
                              dialect::sqlite);
  EXPECT_EQ(clear.sql, R"(UPDATE "posts" SET "likes" = $1, "title" = $2 WHERE "id" = $3)");
  auto null_bio = detail::render(build::update_where<user>({}, {set(&user::bio, std::nullopt)}, t0), dialect::sqlite);
  EXPECT_EQ(null_bio.sql, R"(UPDATE "users" SET "bio" = $1, "updated_at" = $2 WHERE "deleted_at" IS NULL)");
  EXPECT_EQ(null_bio.params.front(), sql::param(std::monostate{}));
}

TEST(orm_crud_sql, soft_and_hard_delete_and_restore) {
  auto soft = detail::render(build::soft_remove<user>(build::by_key<user>(3), t0), dialect::postgres);
  EXPECT_EQ(soft.sql, R"(UPDATE "users" SET "deleted_at" = $1 WHERE "id" = $2 AND "deleted_at" IS NULL)");
  auto hard = detail::render(build::hard_remove<post>(build::by_key<post>(3)), dialect::sqlite);
  EXPECT_EQ(hard.sql, R"(DELETE FROM "posts" WHERE "id" = $1)");
  auto back = detail::render(build::restore<user>(build::by_key<user>(3)), dialect::sqlite);
  EXPECT_EQ(back.sql, R"(UPDATE "users" SET "deleted_at" = $1 WHERE "id" = $2 AND "deleted_at" IS NOT NULL)");
}

TEST(orm_crud_sql, relation_statements) {
  auto children = user_posts.query_for({std::int64_t{1}, std::int64_t{2}});
  EXPECT_EQ(children.to_sql(dialect::postgres).sql,
            R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "user_id" = ANY($1) ORDER BY "user_id" ASC, "id" ASC)");
  EXPECT_EQ(children.to_sql(dialect::sqlite).sql,
            R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "user_id" IN (SELECT value FROM json_each($1)) )"
            R"(ORDER BY "user_id" ASC, "id" ASC)");
  EXPECT_EQ(children.to_sql(dialect::sqlite).params, (std::vector<sql::param>{std::vector<std::int64_t>{1, 2}}));
  auto authors = post_author.query_for({std::int64_t{4}});
  EXPECT_EQ(authors.to_sql(dialect::postgres).sql,
            R"(SELECT "id", "email", "name", "bio", "active", "created_at", "updated_at", "deleted_at" FROM "users" )"
            R"(WHERE "id" = ANY($1) AND "deleted_at" IS NULL)");
  auto tags = detail::render(post_tags.spec_for({std::int64_t{1}}), dialect::postgres);
  EXPECT_EQ(tags.sql, R"(SELECT "tags"."id", "tags"."name", "post_tags"."post_id" AS "strata_owner_key" FROM "tags" )"
                      R"(INNER JOIN "post_tags" ON "post_tags"."tag_id" = "tags"."id" WHERE "post_tags"."post_id" = ANY($1) )"
                      R"(ORDER BY "post_tags"."post_id" ASC, "tags"."id" ASC)");
}

}  // namespace
}  // namespace strata::orm
