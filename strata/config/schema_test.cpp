// Tests for the schema subset: expected-value texts, violations, defaults, secrets, bad schemas.
#include <strata/config/schema.hpp>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace {

namespace json = boost::json;
using strata::config::schema;

json::object obj(std::string_view text) { return json::parse(text).as_object(); }

std::string expected(std::string_view node) { return schema::expected(obj(node)); }

TEST(schema, expected_texts) {
  EXPECT_EQ(expected(R"({"type":"integer","minimum":1,"maximum":65535})"), "integer 1..65535");
  EXPECT_EQ(expected(R"({"type":"integer","minimum":1})"), "integer >= 1");
  EXPECT_EQ(expected(R"({"type":"number","maximum":1.5})"), "number <= 1.5E0");
  EXPECT_EQ(expected(R"({"type":"number","exclusiveMinimum":0})"), "number > 0");
  EXPECT_EQ(expected(R"({"enum":["debug","info"]})"), R"(one of "debug", "info")");
  EXPECT_EQ(expected(R"({"type":"string","minLength":1})"), "non-empty string");
  EXPECT_EQ(expected(R"({"type":"string","minLength":2,"maxLength":8})"), "string of 2..8 characters");
  EXPECT_EQ(expected(R"({"type":["string","null"]})"), "string or null");
  EXPECT_EQ(expected(R"({"type":"string","format":"duration"})"), "duration (e.g. 30s, 5m, 1h, 250ms)");
  EXPECT_EQ(expected(R"({"type":"array","items":{"type":"string"}})"), "array of string");
  EXPECT_EQ(expected(R"({})"), "a value");
}

const schema app(obj(R"({
  "type": "object",
  "properties": {
    "http": {"type": "object", "properties": {
      "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 8080},
      "host": {"type": "string", "default": "0.0.0.0"}}},
    "log": {"type": "object", "properties": {
      "level": {"enum": ["debug", "info", "warn", "error"], "default": "info"}}},
    "database": {"type": "object", "required": ["url"], "properties": {
      "url": {"type": "string", "minLength": 1},
      "password": {"type": "string", "secret": true}}},
    "origins": {"type": "array", "items": {"type": "string"}},
    "timeout": {"format": "duration"},
    "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
    "strict": {"type": "object", "additionalProperties": false, "properties": {"a": {}, "b": {}}}
  },
  "required": ["database"]
})"));

TEST(schema, defaults_nest) {
  EXPECT_EQ(json::serialize(app.defaults()), R"({"http":{"port":8080,"host":"0.0.0.0"},"log":{"level":"info"}})");
}

TEST(schema, nodes_and_secrets) {
  ASSERT_NE(app.node("http.port"), nullptr);
  EXPECT_EQ(app.node("http.port")->at("type"), "integer");
  EXPECT_EQ(app.node("limits.anything")->at("type"), "integer");
  EXPECT_EQ(app.node("http.nope"), nullptr);
  EXPECT_TRUE(app.secret("database.password"));
  EXPECT_FALSE(app.secret("database.url"));
  EXPECT_FALSE(schema().secret("x"));
}

TEST(schema, valid_configuration_has_no_violations) {
  const auto v = app.validate(obj(R"({"http":{"port":80},"database":{"url":"sqlite:app.db"},"origins":["a"],
                                      "timeout":"30s","limits":{"rps":5},"strict":{"a":1}})"));
  EXPECT_TRUE(v.empty()) << v.front().key;
}

TEST(schema, every_violation_at_once) {
  const auto v = app.validate(obj(R"({"http":{"port":70000,"host":5},"log":{"level":"verbose"},
      "database":{"url":""},"origins":["a",2],"timeout":"soon","limits":{"rps":"x"},"strict":{"c":1}})"));
  ASSERT_EQ(v.size(), 8u);
  EXPECT_EQ(v[0].key, "http.port");
  EXPECT_EQ(v[0].expected, "integer 1..65535");
  EXPECT_EQ(json::serialize(*v[0].got), "70000");
  EXPECT_EQ(v[1].key, "http.host");
  EXPECT_EQ(v[1].expected, "string");
  EXPECT_EQ(v[2].key, "log.level");
  EXPECT_EQ(v[2].expected, R"(one of "debug", "info", "warn", "error")");
  EXPECT_EQ(v[3].key, "database.url");
  EXPECT_EQ(v[3].expected, "non-empty string");
  EXPECT_EQ(v[4].key, "origins[1]");
  EXPECT_EQ(v[5].key, "timeout");
  EXPECT_EQ(v[6].key, "limits.rps");
  EXPECT_EQ(v[7].key, "strict.c");
  EXPECT_EQ(v[7].expected, "one of the keys a, b");
}

TEST(schema, missing_required_reports_the_innermost_key) {
  const auto v = app.validate(obj(R"({})"));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].key, "database.url");
  EXPECT_EQ(v[0].expected, "non-empty string");
  EXPECT_FALSE(v[0].got.has_value());
}

TEST(schema, integers_may_be_written_as_whole_floats) {
  const schema s(obj(R"({"properties":{"n":{"type":"integer"}}})"));
  EXPECT_TRUE(s.validate(obj(R"({"n":3.0})")).empty());
  EXPECT_EQ(s.validate(obj(R"({"n":3.5})")).size(), 1u);
}

TEST(schema, malformed_schema_is_a_programming_error) {
  EXPECT_THROW(schema(obj(R"({"type":"int"})")), std::invalid_argument);
  EXPECT_THROW(schema(obj(R"({"properties":{"a":{"minimum":"1"}}})")), std::invalid_argument);
  EXPECT_THROW(schema(obj(R"({"properties":{"a":5}})")), std::invalid_argument);
  EXPECT_THROW(schema(obj(R"({"properties":{"a.b":{}}})")), std::invalid_argument);
  EXPECT_THROW(schema(obj(R"({"required":"a"})")), std::invalid_argument);
  EXPECT_THROW(schema(obj(R"({"enum":[]})")), std::invalid_argument);
  try {
    schema(obj(R"({"properties":{"http":{"properties":{"port":{"type":"port"}}}}})"));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'http.port'"), std::string::npos) << e.what();
  }
}

}  // namespace
