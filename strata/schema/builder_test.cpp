// The Zod-style builder: the JSON Schema it emits, and that the validator enforces it.
#include <strata/schema/builder.hpp>
#include <strata/schema/validator.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace strata::schema {
namespace {

TEST(builder, emits_json_schema) {
  auto user = s::object({{"email", s::string().format("email")},
                         {"age", s::integer().min(0).optional()},
                         {"name", s::string().min(1).max(50).nullable()},
                         {"tags", s::array(s::string()).max(3).unique().optional()},
                         {"role", s::enumeration({"admin", "user"}).default_value("user").optional()}})
                  .strict();
  EXPECT_EQ(boost::json::value(user), boost::json::parse(R"({
    "type": "object",
    "properties": {
      "email": {"type": "string", "format": "email"},
      "age": {"type": "integer", "minimum": 0},
      "name": {"type": ["string", "null"], "minLength": 1, "maxLength": 50},
      "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3, "uniqueItems": true},
      "role": {"enum": ["admin", "user"], "default": "user"}
    },
    "required": ["email", "name"],
    "additionalProperties": false
  })"));
  EXPECT_EQ(boost::json::value(s::number().gt(0).lt(1.5)), boost::json::parse(R"({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5})"));
  EXPECT_EQ(boost::json::value(s::ref("User").nullable()),
            boost::json::parse(R"({"anyOf": [{"$ref": "#/components/schemas/User"}, {"type": "null"}]})"));
}

TEST(builder, the_validator_enforces_what_it_builds) {
  auto v = compile(s::object({{"email", s::string().format("email")},
                              {"age", s::integer().min(0).optional()},
                              {"kind", s::any_of({s::literal("a"), s::literal(1)})}})
                       .strict(),
                   {.assert_format = true});
  EXPECT_TRUE(v.is_valid(boost::json::parse(R"({"email": "ada@example.com", "kind": "a"})")));
  EXPECT_TRUE(v.is_valid(boost::json::parse(R"({"email": "ada@example.com", "age": 3, "kind": 1})")));
  EXPECT_FALSE(v.is_valid(boost::json::parse(R"({"email": "ada@example.com", "age": -1, "kind": 1})")));
  EXPECT_FALSE(v.is_valid(boost::json::parse(R"({"email": "not mail", "kind": 1})")));
  EXPECT_FALSE(v.is_valid(boost::json::parse(R"({"email": "ada@example.com", "kind": 2})")));
  EXPECT_FALSE(v.is_valid(boost::json::parse(R"({"email": "ada@example.com", "kind": 1, "extra": true})")));
  EXPECT_FALSE(v.is_valid(boost::json::parse(R"({"kind": 1})")));
}

}  // namespace
}  // namespace strata::schema
