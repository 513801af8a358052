// Default table names and model metadata: snake_case plurals, overrides, special fields.
#include <strata/orm/testing/models.hpp>

#include <gtest/gtest.h>

namespace strata::orm {
namespace {

struct BlogPost {
  std::int64_t id;
};
BOOST_DESCRIBE_STRUCT(BlogPost, (), (id))
struct category {
  std::int64_t id;
};
BOOST_DESCRIBE_STRUCT(category, (), (id))
struct no_key {
  std::string name;
};
BOOST_DESCRIBE_STRUCT(no_key, (), (name))

TEST(orm_naming, snake_case_and_plural) {
  EXPECT_EQ(snake_case("BlogPost"), "blog_post");
  EXPECT_EQ(snake_case("blog_post"), "blog_post");
  EXPECT_EQ(snake_case("HTTPServer"), "http_server");
  EXPECT_EQ(snake_case("userID"), "user_id");
  EXPECT_EQ(pluralize("user"), "users");
  EXPECT_EQ(pluralize("category"), "categories");
  EXPECT_EQ(pluralize("day"), "days");
  EXPECT_EQ(pluralize("box"), "boxes");
  EXPECT_EQ(pluralize("status"), "statuses");
  EXPECT_EQ(pluralize("match"), "matches");
}

TEST(orm_naming, type_name_drops_namespaces) {
  EXPECT_EQ(detail::type_name<testing::user>(), "user");
  EXPECT_EQ(detail::type_name<BlogPost>(), "BlogPost");
}

TEST(orm_model, defaults_from_the_description) {
  const auto& m = model<testing::user>();
  EXPECT_EQ(m.table, "users");
  EXPECT_EQ(m.columns, (std::vector<std::string>{"id", "email", "name", "bio", "active", "created_at", "updated_at", "deleted_at"}));
  EXPECT_EQ(m.primary_key_column(), "id");
  EXPECT_TRUE(m.auto_increment);
  EXPECT_EQ(m.created_at, 5u);
  EXPECT_EQ(m.updated_at, 6u);
  EXPECT_EQ(m.deleted_at, 7u);
  EXPECT_EQ(model<BlogPost>().table, "blog_posts");
  EXPECT_EQ(model<category>().table, "categories");
  EXPECT_FALSE(model<testing::post>().deleted_at);
  EXPECT_FALSE(model<testing::post>().created_at);
}

TEST(orm_model, overridden_names) {
  const auto& m = model<testing::person>();
  EXPECT_EQ(m.table, "people");
  EXPECT_EQ(m.columns, (std::vector<std::string>{"person_id", "full_name"}));
  EXPECT_EQ(m.primary_key_column(), "person_id");
  EXPECT_EQ(col(&testing::person::fullName).name(), "full_name");
}

TEST(orm_model, a_model_without_its_key_fails_clearly) {
  try {
    (void)model<no_key>();
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("no primary key field 'id'"), std::string::npos) << e.what();
  }
}

TEST(orm_model, column_indexes_follow_members) {
  EXPECT_EQ(field_index(&testing::user::email), 1u);
  EXPECT_EQ(field_index(&testing::user::deleted_at), 7u);
  EXPECT_THROW(field_index(&testing::user::posts), std::logic_error);  // not described: not a column
}

}  // namespace
}  // namespace strata::orm
