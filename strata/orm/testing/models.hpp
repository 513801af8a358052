// Models shared by the ORM's tests: users with timestamps and soft delete, their posts, tags
// through a join table, and a model whose names are overridden.
#pragma once
#include <strata/orm/orm.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::orm::testing {

struct post;
struct tag;

struct user {
  std::int64_t id = 0;
  std::string email;
  std::string name;
  std::optional<std::string> bio;
  bool active = true;
  sql::timestamp created_at{};
  sql::timestamp updated_at{};
  std::optional<sql::timestamp> deleted_at;
  std::vector<post> posts;  // a relation, not a column: left out of the description
};
BOOST_DESCRIBE_STRUCT(user, (), (id, email, name, bio, active, created_at, updated_at, deleted_at))

struct post {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string title;
  std::int64_t likes = 0;
  std::optional<user> author;
  std::vector<tag> tags;
};
BOOST_DESCRIBE_STRUCT(post, (), (id, user_id, title, likes))

struct tag {
  std::int64_t id = 0;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(tag, (), (id, name))

struct post_tag {
  std::int64_t post_id = 0;
  std::int64_t tag_id = 0;
};
BOOST_DESCRIBE_STRUCT(post_tag, (), (post_id, tag_id))

// Names from elsewhere: a legacy table with camelCase fields mapped to snake_case columns.
struct person {
  std::int64_t personId = 0;
  std::string fullName;
};
BOOST_DESCRIBE_STRUCT(person, (), (personId, fullName))

}  // namespace strata::orm::testing

template <>
struct strata::orm::model_traits<strata::orm::testing::post_tag>
    : strata::orm::default_model_traits<strata::orm::testing::post_tag> {
  static constexpr std::string_view primary_key = "post_id";  // composite in the table; one part is enough here
  static constexpr bool auto_increment = false;
};

template <>
struct strata::orm::model_traits<strata::orm::testing::person>
    : strata::orm::default_model_traits<strata::orm::testing::person> {
  static std::string table_name() { return "people"; }
  static constexpr std::string_view primary_key = "personId";
  static std::string column_name(std::string_view field) { return snake_case(field); }
};

namespace strata::orm::testing {

inline constexpr auto user_posts = has_many(&user::id, &post::user_id, &user::posts);
inline constexpr auto post_author = belongs_to(&post::user_id, &user::id, &post::author);
inline constexpr auto post_tags = many_to_many(&post::id, &post_tag::post_id, &post_tag::tag_id, &tag::id, &post::tags);

}  // namespace strata::orm::testing
