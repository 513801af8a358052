// The tables of Conduit as ORM models, and the relations an article list loads in one statement
// each (author, tags) instead of one per article.
#pragma once
#include <strata/orm/orm.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace conduit {

struct user {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  std::string password_hash;
  std::optional<std::string> bio;
  std::optional<std::string> image;
  strata::sql::timestamp created_at{};
  strata::sql::timestamp updated_at{};
};
BOOST_DESCRIBE_STRUCT(user, (), (id, username, email, password_hash, bio, image, created_at, updated_at))

struct follow {
  std::int64_t follower_id = 0;
  std::int64_t followee_id = 0;
};
BOOST_DESCRIBE_STRUCT(follow, (), (follower_id, followee_id))

struct tag {
  std::int64_t id = 0;
  std::string name;
};
BOOST_DESCRIBE_STRUCT(tag, (), (id, name))

struct article_tag {
  std::int64_t article_id = 0;
  std::int64_t tag_id = 0;
};
BOOST_DESCRIBE_STRUCT(article_tag, (), (article_id, tag_id))

struct article {
  std::int64_t id = 0;
  std::string slug;
  std::string title;
  std::string description;
  std::string body;
  std::int64_t author_id = 0;
  std::int64_t favorites_count = 0;  // kept by favorite/unfavorite, so lists need no count query
  strata::sql::timestamp created_at{};
  strata::sql::timestamp updated_at{};
  std::optional<user> author;  // relations, not columns: left out of the description
  std::vector<tag> tags;
};
BOOST_DESCRIBE_STRUCT(article, (), (id, slug, title, description, body, author_id, favorites_count, created_at,
                                    updated_at))

struct favorite {
  std::int64_t user_id = 0;
  std::int64_t article_id = 0;
};
BOOST_DESCRIBE_STRUCT(favorite, (), (user_id, article_id))

struct comment {
  std::int64_t id = 0;
  std::string body;
  std::int64_t article_id = 0;
  std::int64_t author_id = 0;
  strata::sql::timestamp created_at{};
  strata::sql::timestamp updated_at{};
  std::optional<user> author;
};
BOOST_DESCRIBE_STRUCT(comment, (), (id, body, article_id, author_id, created_at, updated_at))

inline constexpr auto article_author = strata::orm::belongs_to(&article::author_id, &user::id, &article::author);
inline constexpr auto article_tags =
    strata::orm::many_to_many(&article::id, &article_tag::article_id, &article_tag::tag_id, &tag::id, &article::tags);
inline constexpr auto comment_author = strata::orm::belongs_to(&comment::author_id, &user::id, &comment::author);

}  // namespace conduit

// Join tables: keyed by their first column for the ORM (the table's key is the pair).
template <>
struct strata::orm::model_traits<conduit::follow> : strata::orm::default_model_traits<conduit::follow> {
  static constexpr std::string_view primary_key = "follower_id";
  static constexpr bool auto_increment = false;
};
template <>
struct strata::orm::model_traits<conduit::article_tag> : strata::orm::default_model_traits<conduit::article_tag> {
  static constexpr std::string_view primary_key = "article_id";
  static constexpr bool auto_increment = false;
};
template <>
struct strata::orm::model_traits<conduit::favorite> : strata::orm::default_model_traits<conduit::favorite> {
  static constexpr std::string_view primary_key = "user_id";
  static constexpr bool auto_increment = false;
};
