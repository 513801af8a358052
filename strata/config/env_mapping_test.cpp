// Tests for environment variable names → config keys.
#include <strata/config/env_mapping.hpp>

#include <gtest/gtest.h>

namespace {

using namespace strata::config;

std::optional<std::string> key(std::string_view name) { return env_key(name, "STRATA_", default_env_aliases()); }

TEST(env_mapping, prefix_and_double_underscore_nesting) {
  EXPECT_EQ(key("STRATA_HTTP__PORT"), "http.port");
  EXPECT_EQ(key("STRATA_DB__POOL_SIZE"), "db.pool_size");  // a single underscore stays in the key
  EXPECT_EQ(key("STRATA_A__B__C"), "a.b.c");
  EXPECT_EQ(key("STRATA_ENV"), "env");
  EXPECT_EQ(key("STRATA_Mixed__Case"), "mixed.case");
}

TEST(env_mapping, common_names) {
  EXPECT_EQ(key("PORT"), "http.port");
  EXPECT_EQ(key("HOST"), "http.host");
  EXPECT_EQ(key("DATABASE_URL"), "database.url");
  EXPECT_EQ(key("REDIS_URL"), "redis.url");
  EXPECT_EQ(key("LOG_LEVEL"), "log.level");
  EXPECT_EQ(key("NODE_ENV"), "env");
}

TEST(env_mapping, other_names_are_not_config) {
  for (auto name :
       {"PATH", "HOME", "STRATA_", "STRATA__X", "STRATA_A___B", "STRATA_A__", "STRATA_A-B", "strata_x", "XSTRATA_A"})
    EXPECT_FALSE(key(name).has_value()) << name;
}

TEST(env_mapping, custom_prefix_and_aliases) {
  EXPECT_EQ(env_key("APP_CACHE__TTL", "APP_", {}), "cache.ttl");
  EXPECT_FALSE(env_key("PORT", "APP_", {}).has_value());
  EXPECT_EQ(env_key("MY_PORT", "APP_", {{"MY_PORT", "http.port"}}), "http.port");
  EXPECT_FALSE(env_key("STRATA_X", "", {}).has_value());  // no prefix: only the aliases
}

TEST(env_mapping, file_variables) {
  auto none = [](std::string_view) { return false; };
  auto b = bind_env("DATABASE_URL_FILE", "STRATA_", default_env_aliases(), none);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->key, "database.url");
  EXPECT_TRUE(b->from_file);
  b = bind_env("STRATA_DB__PASSWORD_FILE", "STRATA_", default_env_aliases(), none);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->key, "db.password");
  EXPECT_TRUE(b->from_file);
  b = bind_env("PORT_FILE", "STRATA_", default_env_aliases(), none);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->key, "http.port");
}

TEST(env_mapping, a_key_ending_in_file_is_not_a_secret_file) {
  auto none = [](std::string_view) { return false; };
  // `__FILE` is a segment of its own: the key log.file.
  auto b = bind_env("STRATA_LOG__FILE", "STRATA_", {}, none);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->key, "log.file");
  EXPECT_FALSE(b->from_file);
  // A key the application knows keeps its name.
  auto known = [](std::string_view k) { return k == "log.output_file"; };
  b = bind_env("STRATA_LOG__OUTPUT_FILE", "STRATA_", {}, known);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->key, "log.output_file");
  EXPECT_FALSE(b->from_file);
  // Otherwise _FILE means "read log.output from this file".
  b = bind_env("STRATA_LOG__OUTPUT_FILE", "STRATA_", {}, none);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->key, "log.output");
  EXPECT_TRUE(b->from_file);
  EXPECT_FALSE(bind_env("SOME_FILE", "STRATA_", {}, none).has_value());
}

}  // namespace
