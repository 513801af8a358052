// Tables for the test models (models.hpp) in each dialect.
#pragma once
#include <strata/sql/database.hpp>

#include <string>
#include <vector>

namespace strata::orm::testing {

inline std::vector<std::string> schema(sql::dialect d) {
  if (d == sql::dialect::sqlite) {
    return {
        "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
        "bio TEXT, active INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT)",
        "CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL REFERENCES users(id), "
        "title TEXT NOT NULL, likes INTEGER NOT NULL)",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE)",
        "CREATE TABLE post_tags (post_id INTEGER NOT NULL, tag_id INTEGER NOT NULL, PRIMARY KEY (post_id, tag_id))",
        "CREATE TABLE people (person_id INTEGER PRIMARY KEY AUTOINCREMENT, full_name TEXT NOT NULL)",
    };
  }
  return {
      "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, bio TEXT, "
      "active BOOLEAN NOT NULL, created_at TIMESTAMPTZ NOT NULL, updated_at TIMESTAMPTZ NOT NULL, deleted_at TIMESTAMPTZ)",
      "CREATE TABLE posts (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id), title TEXT NOT NULL, "
      "likes BIGINT NOT NULL)",
      "CREATE TABLE tags (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
      "CREATE TABLE post_tags (post_id BIGINT NOT NULL, tag_id BIGINT NOT NULL, PRIMARY KEY (post_id, tag_id))",
      "CREATE TABLE people (person_id BIGSERIAL PRIMARY KEY, full_name TEXT NOT NULL)",
  };
}

}  // namespace strata::orm::testing
