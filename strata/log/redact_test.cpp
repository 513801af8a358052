// Tests for redaction: path syntax, nested paths, one-level wildcards, arrays, quoted keys, the
// censor, and that fields, bindings and errors are all covered.
#include <strata/log/detail/redact.hpp>
#include <strata/log/logger.hpp>
#include <strata/log/testing/capture.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace strata::log {
namespace {

namespace json = boost::json;
using detail::redactor;
using testing::capture;
using segments = std::vector<std::string>;

options redacting(std::vector<std::string> paths) {
  options o;
  o.redact = std::move(paths);
  return o;
}

TEST(redact_paths, split_like_pino) {
  EXPECT_EQ(redactor::split("password"), (segments{"password"}));
  EXPECT_EQ(redactor::split("req.headers.authorization"), (segments{"req", "headers", "authorization"}));
  EXPECT_EQ(redactor::split("*.password"), (segments{"*", "password"}));
  EXPECT_EQ(redactor::split("users[*].token"), (segments{"users", "*", "token"}));
  EXPECT_EQ(redactor::split("a[0]"), (segments{"a", "0"}));
  EXPECT_EQ(redactor::split(R"(headers["x-api-key"])"), (segments{"headers", "x-api-key"}));
  EXPECT_EQ(redactor::split("headers['a.b'].c"), (segments{"headers", "a.b", "c"}));
}

TEST(redact_paths, malformed_paths_are_rejected) {
  for (const char* bad : {"", ".a", "a.", "a..b", "a[", "a[]", "a[x]", "a[\"b]", "a]b", "a[0]b"})
    EXPECT_THROW(redactor::split(bad), std::invalid_argument) << bad;
  EXPECT_THROW(configure(redacting({"ok", "a..b"})), std::invalid_argument);
}

TEST(redaction, top_level_and_nested_paths) {
  capture c(redacting({"password", "user.card.number"}));
  root().info("login", {{"password", "hunter2"},
                        {"user", {{"name", "ann"}, {"card", {{"number", "4111"}, {"expiry", "12/30"}}}}},
                        {"other", {{"password", "kept: not a top-level key"}}}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("password").as_string(), "[Redacted]");
  EXPECT_EQ(r[0].at("user").at("name").as_string(), "ann");
  EXPECT_EQ(r[0].at("user").at("card").at("number").as_string(), "[Redacted]");
  EXPECT_EQ(r[0].at("user").at("card").at("expiry").as_string(), "12/30");
  EXPECT_EQ(r[0].at("other").at("password").as_string(), "kept: not a top-level key");
  EXPECT_EQ(r[0].at("msg").as_string(), "login");  // the message itself is never redacted
}

TEST(redaction, a_whole_object_is_replaced) {
  capture c(redacting({"secrets"}));
  root().info("x", {{"secrets", {{"a", 1}, {"b", {1, 2}}}}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("secrets").as_string(), "[Redacted]");
}

TEST(redaction, wildcard_matches_one_level) {
  capture c(redacting({"*.password"}));
  root().info("x", {{"a", {{"password", "p1"}, {"user", "u"}}},
                    {"b", {{"password", "p2"}}},
                    {"password", "top level is not matched by *.password"},
                    {"c", {{"d", {{"password", "two levels down is not matched"}}}}}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("a").at("password").as_string(), "[Redacted]");
  EXPECT_EQ(r[0].at("a").at("user").as_string(), "u");
  EXPECT_EQ(r[0].at("b").at("password").as_string(), "[Redacted]");
  EXPECT_EQ(r[0].at("password").as_string(), "top level is not matched by *.password");
  EXPECT_EQ(r[0].at("c").at("d").at("password").as_string(), "two levels down is not matched");
}

TEST(redaction, arrays_and_quoted_keys) {
  capture c(redacting({"users[*].token", "list[1]", R"(headers["x-api-key"])", "tail.*"}));
  root().info("x", {{"users", {{{"id", 1}, {"token", "t1"}}, {{"id", 2}, {"token", "t2"}}}},
                    {"list", {"a", "b", "c"}},
                    {"headers", {{"x-api-key", "k"}, {"accept", "*/*"}}},
                    {"tail", {{"p", 1}, {"q", 2}}}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  const auto& o = r[0];
  EXPECT_EQ(o.at("users").at(0).at("token").as_string(), "[Redacted]");
  EXPECT_EQ(o.at("users").at(1).at("token").as_string(), "[Redacted]");
  EXPECT_EQ(o.at("users").at(1).at("id").as_int64(), 2);
  EXPECT_EQ(o.at("list"), json::value(json::array{"a", "[Redacted]", "c"}));
  EXPECT_EQ(o.at("headers").at("x-api-key").as_string(), "[Redacted]");
  EXPECT_EQ(o.at("headers").at("accept").as_string(), "*/*");
  EXPECT_EQ(o.at("tail").at("p").as_string(), "[Redacted]");
  EXPECT_EQ(o.at("tail").at("q").as_string(), "[Redacted]");
}

TEST(redaction, bindings_are_redacted_when_the_child_is_made) {
  capture c(redacting({"token", "user.email"}));
  auto kid = root().child({{"token", "abc"}, {"user", {{"id", 3}, {"email", "a@b.c"}}}});
  auto kid2 = root().child("token", "xyz");
  kid.info("x");
  kid2.info("y");
  auto r = c.records();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].at("token").as_string(), "[Redacted]");
  EXPECT_EQ(r[0].at("user").at("email").as_string(), "[Redacted]");
  EXPECT_EQ(r[0].at("user").at("id").as_int64(), 3);
  EXPECT_EQ(r[1].at("token").as_string(), "[Redacted]");
}

TEST(redaction, error_fields_and_a_custom_censor) {
  options o = redacting({"err.message", "pin"});
  o.censor = "***";
  capture c(o);
  root().error(std::runtime_error("secret inside"), "failed", {{"pin", 1234}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].at("err").at("message").as_string(), "***");
  EXPECT_EQ(r[0].at("err").at("type").as_string(), "std::runtime_error");
  EXPECT_EQ(r[0].at("pin").as_string(), "***");
}

TEST(redaction, absent_paths_add_nothing) {
  capture c(redacting({"password", "a.b.c"}));
  root().info("x", {{"a", {{"b", 1}}}});
  auto r = c.records();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].contains("password"));
  EXPECT_EQ(r[0].at("a").at("b").as_int64(), 1);  // a scalar where the path goes on is left alone
}

}  // namespace
}  // namespace strata::log
