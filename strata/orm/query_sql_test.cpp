// SELECT generation for both dialects: exact SQL text and parameter lists.
#include <strata/orm/testing/models.hpp>

#include <gtest/gtest.h>

namespace strata::orm {
namespace {

using namespace testing;
using sql::dialect;

constexpr std::string_view user_columns =
    R"("id", "email", "name", "bio", "active", "created_at", "updated_at", "deleted_at")";

std::string users_select(std::string_view rest) {
  return "SELECT " + std::string(user_columns) + " FROM \"users\"" + std::string(rest);
}

TEST(orm_query_sql, plain_select_excludes_soft_deleted_rows) {
  query<user> q;
  auto st = q.to_sql(dialect::postgres);
  EXPECT_EQ(st.sql, users_select(R"( WHERE "deleted_at" IS NULL)"));
  EXPECT_TRUE(st.params.empty());
  EXPECT_EQ(query<user>().with_deleted().to_sql(dialect::sqlite).sql, users_select(""));
  EXPECT_EQ(query<user>().only_deleted().to_sql(dialect::sqlite).sql, users_select(R"( WHERE "deleted_at" IS NOT NULL)"));
  EXPECT_EQ(query<post>().to_sql(dialect::sqlite).sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts")");
}

TEST(orm_query_sql, comparisons_are_parameters) {
  auto q = query<post>().where(col(&post::title) == "hello" && col(&post::likes) >= 10 && col(&post::likes) < 100 &&
                               col(&post::id) != 3 && col(&post::likes) <= 50 && col(&post::user_id) > 1);
  for (auto d : {dialect::sqlite, dialect::postgres}) {
    auto st = q.to_sql(d);
    EXPECT_EQ(st.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "title" = $1 AND "likes" >= $2 AND )"
                      R"("likes" < $3 AND "id" <> $4 AND "likes" <= $5 AND "user_id" > $6)");
    EXPECT_EQ(st.params, (std::vector<sql::param>{std::string("hello"), std::int64_t{10}, std::int64_t{100},
                                                  std::int64_t{3}, std::int64_t{50}, std::int64_t{1}}));
  }
}

TEST(orm_query_sql, grouping_with_and_or_not) {
  auto c = col(&post::likes) > 5 && (col(&post::title) == "a" || col(&post::title) == "b");
  auto st = query<post>().where(c).to_sql(dialect::postgres);
  EXPECT_EQ(st.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "likes" > $1 AND ("title" = $2 OR "title" = $3))");
  auto st2 = query<post>().where((col(&post::likes) > 5 && col(&post::likes) < 9) || !(col(&post::id) == 1)).to_sql(dialect::sqlite);
  EXPECT_EQ(st2.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE ("likes" > $1 AND "likes" < $2) OR NOT ("id" = $3))");
  EXPECT_EQ(st2.params.size(), 3u);
}

TEST(orm_query_sql, successive_where_calls_and_empty_conditions) {
  condition none;
  auto st = query<post>().where(none).where(col(&post::id) == 1).where(none && col(&post::likes) == 2).to_sql(dialect::sqlite);
  EXPECT_EQ(st.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "id" = $1 AND "likes" = $2)");
}

TEST(orm_query_sql, null_checks) {
  auto st = query<user>().with_deleted().where(col(&user::bio).is_null() || col(&user::bio).is_not_null()).to_sql(dialect::sqlite);
  EXPECT_EQ(st.sql, users_select(R"( WHERE "bio" IS NULL OR "bio" IS NOT NULL)"));
  // Comparing with an empty optional / nullopt means IS NULL, never "= NULL".
  std::optional<std::string> none;
  auto st2 = query<user>().with_deleted().where(col(&user::bio) == none && col(&user::bio) != std::nullopt).to_sql(dialect::postgres);
  EXPECT_EQ(st2.sql, users_select(R"( WHERE "bio" IS NULL AND "bio" IS NOT NULL)"));
  EXPECT_TRUE(st2.params.empty());
  std::optional<std::string> some = "x";
  auto st3 = query<user>().with_deleted().where(col(&user::bio) == some).to_sql(dialect::postgres);
  EXPECT_EQ(st3.sql, users_select(R"( WHERE "bio" = $1)"));
}

TEST(orm_query_sql, like_and_ilike_per_dialect) {
  auto q = query<post>().where(col(&post::title).like("a%") && col(&post::title).ilike("%B%"));
  EXPECT_EQ(q.to_sql(dialect::postgres).sql,
            R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "title" LIKE $1 ESCAPE '\' AND "title" ILIKE $2 ESCAPE '\')");
  EXPECT_EQ(q.to_sql(dialect::sqlite).sql,
            R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "title" LIKE $1 ESCAPE '\' AND lower("title") LIKE lower($2) ESCAPE '\')");
  EXPECT_EQ(escape_like(R"(50%_off\)"), R"(50\%\_off\\)");
}

TEST(orm_query_sql, in_lists_per_dialect) {
  auto q = query<post>().where(col(&post::id).in({1, 2, 3}) && col(&post::title).not_in({"x", "y"}));
  auto pg = q.to_sql(dialect::postgres);
  EXPECT_EQ(pg.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "id" = ANY($1) AND "title" <> ALL($2))");
  EXPECT_EQ(pg.params, (std::vector<sql::param>{std::vector<std::int64_t>{1, 2, 3}, std::vector<std::string>{"x", "y"}}));
  auto lite = q.to_sql(dialect::sqlite);
  EXPECT_EQ(lite.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "id" IN (SELECT value FROM json_each($1)) )"
                      R"(AND "title" NOT IN (SELECT value FROM json_each($2)))");
  EXPECT_EQ(lite.params, pg.params);
}

TEST(orm_query_sql, in_lists_of_other_types_expand_and_empty_lists_are_constant) {
  auto ts = sql::timestamp{std::chrono::seconds(1)};
  auto st = query<user>().with_deleted().where(col(&user::created_at).in(std::vector<sql::timestamp>{ts, ts})).to_sql(dialect::postgres);
  EXPECT_EQ(st.sql, users_select(R"( WHERE "created_at" IN ($1, $2))"));
  auto empty = query<post>().where(col(&post::id).in(std::vector<std::int64_t>{}) || col(&post::id).not_in(std::vector<std::int64_t>{}));
  EXPECT_EQ(empty.to_sql(dialect::postgres).sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE FALSE OR TRUE)");
  EXPECT_EQ(empty.to_sql(dialect::sqlite).sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE 0 OR 1)");
}

TEST(orm_query_sql, between_and_booleans) {
  auto st = query<user>().where(col(&user::id).between(10, 20) && col(&user::active) == true).to_sql(dialect::sqlite);
  EXPECT_EQ(st.sql, users_select(R"( WHERE "id" BETWEEN $1 AND $2 AND "active" = $3 AND "deleted_at" IS NULL)"));
  EXPECT_EQ(st.params, (std::vector<sql::param>{std::int64_t{10}, std::int64_t{20}, true}));
}

TEST(orm_query_sql, order_limit_offset) {
  auto q = query<post>().order_by(col(&post::likes).desc()).order_by(col(&post::id)).limit(10).offset(20);
  auto st = q.to_sql(dialect::postgres);
  EXPECT_EQ(st.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" ORDER BY "likes" DESC, "id" ASC LIMIT $1 OFFSET $2)");
  EXPECT_EQ(st.params, (std::vector<sql::param>{std::int64_t{10}, std::int64_t{20}}));
  // SQLite has no OFFSET without LIMIT.
  EXPECT_EQ(query<post>().offset(5).to_sql(dialect::sqlite).sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" LIMIT -1 OFFSET $1)");
  EXPECT_EQ(query<post>().offset(5).to_sql(dialect::postgres).sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" OFFSET $1)");
}

TEST(orm_query_sql, keyset_pagination) {
  auto one = query<post>().order_by(col(&post::id)).after(42).limit(10).to_sql(dialect::postgres);
  EXPECT_EQ(one.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "id" > $1 ORDER BY "id" ASC LIMIT $2)");
  EXPECT_EQ(one.params, (std::vector<sql::param>{std::int64_t{42}, std::int64_t{10}}));
  auto two = query<post>()
                 .where(col(&post::user_id) == 7)
                 .order_by(col(&post::likes).desc())
                 .order_by(col(&post::id).desc())
                 .after(5, 99)
                 .to_sql(dialect::sqlite);
  EXPECT_EQ(two.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "user_id" = $1 AND ("likes", "id") < ($2, $3) )"
                     R"(ORDER BY "likes" DESC, "id" DESC)");
  EXPECT_THROW(query<post>().order_by(col(&post::likes).desc()).order_by(col(&post::id)).after(1, 2).to_sql(dialect::sqlite),
               std::logic_error);
  EXPECT_THROW(query<post>().after(1).to_sql(dialect::sqlite), std::logic_error);
}

TEST(orm_query_sql, joins_qualify_columns_and_filter_soft_deleted_joined_rows) {
  auto q = query<post>().join<user>(col(&user::id) == col(&post::user_id)).where(col(&user::email) == "a@b.c").distinct();
  EXPECT_EQ(q.to_sql(dialect::postgres).sql,
            R"(SELECT DISTINCT "posts"."id", "posts"."user_id", "posts"."title", "posts"."likes" FROM "posts" )"
            R"(INNER JOIN "users" ON "users"."id" = "posts"."user_id" AND "users"."deleted_at" IS NULL WHERE "users"."email" = $1)");
  auto left = query<user>().left_join<post>(col(&post::user_id) == col(&user::id)).where(col(&post::id).is_null());
  EXPECT_EQ(left.to_sql(dialect::sqlite).sql,
            R"(SELECT "users"."id", "users"."email", "users"."name", "users"."bio", "users"."active", "users"."created_at", )"
            R"("users"."updated_at", "users"."deleted_at" FROM "users" LEFT JOIN "posts" ON "posts"."user_id" = "users"."id" )"
            R"(WHERE "posts"."id" IS NULL AND "users"."deleted_at" IS NULL)");
}

TEST(orm_query_sql, group_by_aggregates_having) {
  auto q = query<post>()
               .select(col(&post::user_id), count().as("posts"), sum(col(&post::likes)).as("likes"),
                       avg(col(&post::likes)).as("average"), min(col(&post::likes)).as("least"), max(col(&post::likes)).as("most"))
               .group_by(col(&post::user_id))
               .having(count() > 1 && sum(col(&post::likes)) >= 10)
               .order_by(count().desc());
  auto st = q.to_sql(dialect::postgres);
  EXPECT_EQ(st.sql, R"(SELECT "user_id", count(*) AS "posts", sum("likes") AS "likes", avg("likes") AS "average", )"
                    R"(min("likes") AS "least", max("likes") AS "most" FROM "posts" GROUP BY "user_id" )"
                    R"(HAVING count(*) > $1 AND sum("likes") >= $2 ORDER BY count(*) DESC)");
  EXPECT_EQ(st.params, (std::vector<sql::param>{std::int64_t{1}, std::int64_t{10}}));
  EXPECT_EQ(query<post>().select(count_distinct(col(&post::user_id)).as("n")).to_sql(dialect::sqlite).sql,
            R"(SELECT count(DISTINCT "user_id") AS "n" FROM "posts")");
}

TEST(orm_query_sql, count_drops_order_and_paging) {
  auto q = query<user>().where(col(&user::name) == "x").order_by(col(&user::id)).limit(5);
  auto st = q.count_sql(dialect::postgres);
  EXPECT_EQ(st.sql, R"(SELECT count(*) FROM "users" WHERE "name" = $1 AND "deleted_at" IS NULL)");
  EXPECT_EQ(st.params.size(), 1u);
}

TEST(orm_query_sql, raw_fragments_are_renumbered) {
  auto q = query<post>().where(col(&post::likes) > 1 && raw("lower(\"title\") = lower($1) OR \"likes\" = $2", "Hi", 3) &&
                               col(&post::id) == 9);
  auto st = q.to_sql(dialect::sqlite);
  EXPECT_EQ(st.sql, R"(SELECT "id", "user_id", "title", "likes" FROM "posts" WHERE "likes" > $1 AND )"
                    R"((lower("title") = lower($2) OR "likes" = $3) AND "id" = $4)");
  EXPECT_EQ(st.params, (std::vector<sql::param>{std::int64_t{1}, std::string("Hi"), std::int64_t{3}, std::int64_t{9}}));
  // Placeholders inside quoted text are text, not parameters.
  EXPECT_EQ(detail::shift_placeholders(R"(a = $1 AND b = '$1' AND "$2" = $12)", 3), R"(a = $4 AND b = '$1' AND "$2" = $15)");
}

TEST(orm_query_sql, order_by_field_accepts_only_model_fields) {
  EXPECT_EQ(query<post>().order_by_field("likes", true).to_sql(dialect::sqlite).sql,
            R"(SELECT "id", "user_id", "title", "likes" FROM "posts" ORDER BY "likes" DESC)");
  EXPECT_EQ(query<person>().order_by_field("fullName").to_sql(dialect::sqlite).sql,
            R"(SELECT "person_id", "full_name" FROM "people" ORDER BY "full_name" ASC)");
  EXPECT_THROW(query<post>().order_by_field("likes; DROP TABLE posts"), std::invalid_argument);
  EXPECT_THROW(query<post>().order_by_field("author"), std::invalid_argument);
}

}  // namespace
}  // namespace strata::orm
