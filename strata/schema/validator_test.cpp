// The validator's own behaviour beyond the official suite: error lists and paths, options
// (all_errors, assert_format, coerce_types, use_defaults, schemas, resolve), schema errors and
// the limits that keep hostile schemas and instances from overflowing the stack.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <strata/schema/validator.hpp>

namespace strata::schema {
namespace {

using boost::json::parse;
using boost::json::value;

validator make(std::string_view schema, options o = {}) {
  return compile(parse(schema), std::move(o));
}

TEST(validator, reports_every_error_with_paths) {
  auto v = make(R"({
    "type": "object",
    "required": ["id", "name"],
    "properties": {
      "id": {"type": "integer", "minimum": 1},
      "name": {"type": "string"},
      "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}}
    },
    "additionalProperties": false
  })");
  auto r = v.validate(parse(R"({"id": 0, "tags": ["ok", "long one", 7], "extra/~x": true})"));
  ASSERT_FALSE(r.valid());
  std::vector<std::tuple<std::string, std::string, std::string>> got;
  for (const auto& e : r.errors) got.emplace_back(e.instance_path, e.keyword, e.message);
  std::vector<std::tuple<std::string, std::string, std::string>> want = {
      {"", "required", "must have required property 'name'"},
      {"/id", "minimum", "must be >= 1"},
      {"/tags/1", "maxLength", "must NOT have more than 3 characters"},
      {"/tags/2", "type", "must be string"},
      {"", "additionalProperties", "must NOT have additional property 'extra/~x'"},
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(r.errors[1].schema_path, "#/properties/id/minimum");
  EXPECT_FALSE(v.is_valid(parse(R"({"id": 0})")));
  EXPECT_TRUE(v.validate(parse(R"({"id": 3, "name": "x", "tags": ["a"]})")).valid());
}

TEST(validator, instance_paths_escape_pointer_tokens) {
  auto v = make(R"({"properties": {"a/b": {"properties": {"c~d": {"type": "null"}}}}})");
  auto r = v.validate(parse(R"({"a/b": {"c~d": 1}})"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].instance_path, "/a~1b/c~0d");
}

TEST(validator, stops_at_first_error_when_asked) {
  options o;
  o.all_errors = false;
  auto v = make(R"({"properties": {"a": {"type": "string"}, "b": {"type": "string"}}})", o);
  auto r = v.validate(parse(R"({"a": 1, "b": 2})"));
  EXPECT_EQ(r.errors.size(), 1u);
}

TEST(validator, combinators_report_once_not_per_branch) {
  auto v = make(R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})");
  auto r = v.validate(parse("1.5"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].keyword, "anyOf");
  EXPECT_TRUE(v.validate(parse("2.0")).valid()) << "2.0 is an integer";
}

TEST(validator, json_equality_for_const_enum_and_unique_items) {
  auto v = make(R"({"const": {"a": [1, {"b": 2.0}]}})");
  EXPECT_TRUE(v.is_valid(parse(R"({"a": [1.0, {"b": 2}]})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"a": [1, {"b": 2.5}]})")));
  auto u = make(R"({"uniqueItems": true})");
  EXPECT_FALSE(u.is_valid(parse(R"([{"x": 1, "y": 2}, {"y": 2, "x": 1.0}])")));
  EXPECT_TRUE(u.is_valid(parse(R"([1, true, "1", [1]])")));
  // Long arrays go through hashing: same answers, and no quadratic time on big bodies.
  boost::json::array many;
  for (int i = 0; i < 100000; ++i) many.push_back(boost::json::object{{"n", i}, {"tag", i % 2 ? "odd" : "even"}});
  EXPECT_TRUE(u.is_valid(many));
  many.push_back(boost::json::object{{"tag", "odd"}, {"n", 77777.0}});
  auto r = u.validate(many);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "must NOT have duplicate items (items ## 77777 and 100000 are identical)");
}

TEST(validator, formats_are_annotations_unless_asserted) {
  const char* schema = R"({"format": "date-time"})";
  EXPECT_TRUE(make(schema).is_valid(parse(R"("yesterday")")));
  options o;
  o.assert_format = true;
  auto v = make(schema, o);
  EXPECT_FALSE(v.is_valid(parse(R"("yesterday")")));
  EXPECT_TRUE(v.is_valid(parse(R"("2024-02-29T23:59:60Z")")));
  EXPECT_FALSE(v.is_valid(parse(R"("2023-02-29T10:00:00Z")"))) << "not a leap year";
  auto r = v.validate(parse(R"("2024-13-01T00:00:00Z")"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].keyword, "format");
}

TEST(validator, draft7_by_schema_keyword) {
  // In draft-07 a $ref hides its siblings; in 2020-12 both apply.
  const char* body = R"("definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s", "maxLength": 2)";
  auto d7 = make(std::string(R"({"$schema": "http://json-schema.org/draft-07/schema#", )") + body + "}");
  auto d2020 = make(std::string("{") + body + "}");
  EXPECT_TRUE(d7.is_valid(parse(R"("long")")));
  EXPECT_FALSE(d2020.is_valid(parse(R"("long")")));
  options o;
  o.default_draft = draft::draft7;
  EXPECT_TRUE(make(std::string("{") + body + "}", o).is_valid(parse(R"("long")")));
}

TEST(validator, metaschemas_are_built_in) {
  auto v = make(R"({"$ref": "https://json-schema.org/draft/2020-12/schema"})");
  EXPECT_TRUE(v.is_valid(parse(R"({"type": "object", "properties": {"a": {"minimum": 1}}})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"type": "objekt"})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"properties": {"a": {"minimum": "1"}}})")));
  auto d7 = make(R"({"$ref": "http://json-schema.org/draft-07/schema#"})");
  EXPECT_FALSE(d7.is_valid(parse(R"({"minLength": -1})")));
}

TEST(validator, extra_schemas_by_uri_and_resolver) {
  options o;
  o.schemas["https://example.test/id.json"] = parse(R"({"type": "string", "pattern": "^[a-f0-9]{4}$"})");
  std::vector<std::string> asked;
  o.resolve = [&](std::string_view uri) -> std::optional<value> {
    asked.emplace_back(uri);
    if (uri == "https://example.test/n.json") return parse(R"({"$defs": {"pos": {"exclusiveMinimum": 0}}})");
    return std::nullopt;
  };
  auto v = make(R"({"$id": "https://example.test/root.json", "properties": {
    "id": {"$ref": "id.json"}, "n": {"$ref": "n.json#/$defs/pos"}}})",
                o);
  EXPECT_TRUE(v.is_valid(parse(R"({"id": "ab12", "n": 3})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"id": "AB12"})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"n": 0})")));
  EXPECT_EQ(asked, std::vector<std::string>{"https://example.test/n.json"});
  EXPECT_THROW(make(R"({"$ref": "https://example.test/missing.json"})", o), schema_error);
}

TEST(validator, invalid_schemas_are_schema_errors) {
  for (const char* bad : {
           R"({"type": "strnig"})",
           R"({"type": 3})",
           R"({"minLength": -1})",
           R"({"minimum": "1"})",
           R"({"multipleOf": 0})",
           R"({"pattern": "(unclosed"})",
           R"({"pattern": "(?i)x"})",
           R"({"required": "a"})",
           R"({"allOf": []})",
           R"({"properties": {"a": 3}})",
           R"({"$ref": "#/$defs/missing"})",
           R"({"$ref": "#nowhere"})",
           R"({"$ref": 1})",
           R"(3)",
       }) {
    EXPECT_THROW(make(bad), schema_error) << bad;
  }
}

TEST(validator, ref_cycles_without_progress_are_refused) {
  EXPECT_THROW(make(R"({"$ref": "#"})"), schema_error);
  EXPECT_THROW(make(R"({"$defs": {"a": {"allOf": [{"$ref": "#/$defs/b"}]}, "b": {"not": {"$ref": "#/$defs/a"}}},
                       "$ref": "#/$defs/a"})"),
               schema_error);
  // Recursion through a property consumes input: fine.
  auto tree = make(R"({"type": "object", "properties": {"child": {"$ref": "#"}}, "required": ["v"]})");
  EXPECT_TRUE(tree.is_valid(parse(R"({"v": 1, "child": {"v": 2, "child": {"v": 3}}})")));
  EXPECT_FALSE(tree.is_valid(parse(R"({"v": 1, "child": {"child": {"v": 3}}})")));
}

TEST(validator, deep_instances_hit_max_depth_instead_of_the_stack) {
  options o;
  o.max_depth = 50;
  auto v = make(R"({"items": {"$ref": "#"}})", o);
  value deep = boost::json::array{};
  for (int i = 0; i < 200; ++i) deep = boost::json::array{std::move(deep)};
  auto r = v.validate(deep);
  ASSERT_FALSE(r.valid());
  EXPECT_NE(r.errors[0].message.find("max_depth"), std::string::npos);
  value shallow = parse("[[[]]]");
  EXPECT_TRUE(v.is_valid(shallow));
}

TEST(validator, deep_schemas_are_bounded_at_compile_and_at_run_time) {
  auto nested = [](int depth) {
    value s = boost::json::object{{"type", "null"}};
    for (int i = 0; i < depth; ++i) s = boost::json::object{{"allOf", boost::json::array{std::move(s)}}};
    return s;
  };
  EXPECT_THROW(compile(nested(2000)), schema_error);
  auto v = compile(nested(400));  // compiles, but evaluating it passes max_depth (256)
  auto r = v.validate(value(nullptr));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("max_depth"), std::string::npos);
  options o;
  o.max_depth = 1000;
  EXPECT_TRUE(compile(nested(400), o).is_valid(value(nullptr)));
  EXPECT_FALSE(compile(nested(400), o).is_valid(value(1)));
}

TEST(validator, coerce_types_changes_only_the_mutable_instance) {
  options o;
  o.coerce_types = true;
  auto v = make(R"({"properties": {
    "page": {"type": "integer", "minimum": 1},
    "ratio": {"type": "number"},
    "debug": {"type": "boolean"},
    "ids": {"type": "array", "items": {"type": "integer"}},
    "name": {"type": "string"}}})",
                o);
  const value text = parse(R"({"page": "2", "ratio": "0.5", "debug": "true", "ids": "7", "name": 12})");
  EXPECT_FALSE(v.validate(text).valid()) << "the const overload only checks";
  value query = text;
  auto r = v.validate(query);
  EXPECT_TRUE(r.valid()) << (r.errors.empty() ? "" : r.errors[0].message);
  EXPECT_EQ(query, parse(R"({"page": 2, "ratio": 0.5, "debug": true, "ids": [7], "name": "12"})"));
  value bad = parse(R"({"page": "two", "debug": "yes"})");
  auto rb = v.validate(bad);
  EXPECT_EQ(rb.errors.size(), 2u);
  EXPECT_EQ(bad, parse(R"({"page": "two", "debug": "yes"})"));
  value low = parse(R"({"page": "0"})");
  auto rl = v.validate(low);
  ASSERT_EQ(rl.errors.size(), 1u) << "coerced, then checked";
  EXPECT_EQ(rl.errors[0].keyword, "minimum");
}

TEST(validator, use_defaults_fills_missing_properties) {
  options o;
  o.use_defaults = true;
  auto v = make(R"({"type": "object", "properties": {
    "limit": {"type": "integer", "default": 20},
    "sort": {"default": {"by": "id"}, "properties": {"dir": {"default": "asc"}}}},
    "required": ["limit"]})",
                o);
  value q = parse(R"({"limit": 5})");
  EXPECT_TRUE(v.validate(q).valid());
  EXPECT_EQ(q, parse(R"({"limit": 5, "sort": {"by": "id", "dir": "asc"}})"));
  value empty = parse("{}");
  EXPECT_TRUE(v.validate(empty).valid()) << "the default satisfies required";
  EXPECT_EQ(empty.at("limit"), 20);
  const value untouched = parse("{}");
  EXPECT_FALSE(v.validate(untouched).valid());
  // Branches that only probe leave no defaults behind.
  auto probe = make(R"({"anyOf": [{"properties": {"x": {"default": 1}}, "required": ["y"]}, true]})", o);
  value plain = parse("{}");
  EXPECT_TRUE(probe.validate(plain).valid());
  EXPECT_EQ(plain, parse("{}"));
}

TEST(validator, unevaluated_properties_see_through_combinators) {
  auto v = make(R"({
    "properties": {"kind": {"enum": ["a", "b"]}},
    "if": {"properties": {"kind": {"const": "a"}}},
    "then": {"properties": {"alpha": true}},
    "else": {"properties": {"beta": true}},
    "unevaluatedProperties": false})");
  EXPECT_TRUE(v.is_valid(parse(R"({"kind": "a", "alpha": 1})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"kind": "a", "beta": 1})")));
  EXPECT_TRUE(v.is_valid(parse(R"({"kind": "b", "beta": 1})")));
  auto r = v.validate(parse(R"({"kind": "b", "alpha": 1})"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].keyword, "unevaluatedProperties");
}

TEST(validator, dynamic_ref_extends_a_recursive_schema) {
  options o;
  o.schemas["https://example.test/tree"] = parse(R"({
    "$id": "https://example.test/tree", "$dynamicAnchor": "node",
    "type": "object", "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}}})");
  auto v = make(R"({
    "$id": "https://example.test/strict-tree", "$dynamicAnchor": "node",
    "$ref": "tree", "unevaluatedProperties": false})",
                o);
  auto r = v.validate(parse(R"({"children": [{"daat": 1}]})"));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].instance_path, "/children/0");
  EXPECT_EQ(r.errors[0].schema_path, "https://example.test/strict-tree#/unevaluatedProperties");
  EXPECT_TRUE(v.is_valid(parse(R"({"children": [{"children": []}]})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"children": [{"daat": 1}]})"))) << "the strict node applies in depth";
}

TEST(validator, patterns_follow_ecma_262) {
  auto v = make(
      R"({"patternProperties": {"^\\p{Letter}+$": {"type": "integer"}}, "properties": {"s_": {"pattern": "^\\d\\s.$"}}})");
  EXPECT_FALSE(v.is_valid(parse(R"({"école": "x"})")));
  EXPECT_TRUE(v.is_valid(parse(R"({"école": 1})")));
  EXPECT_TRUE(v.is_valid(parse(R"({"s_": "1\u00a0\ud83d\udc32"})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"s_": "\u0664 x"})"))) << "\\d is ASCII only";
  EXPECT_FALSE(v.is_valid(parse(R"({"s_": "1 \n"})"))) << ". excludes line terminators";
}

TEST(validator, default_validator_accepts_everything) {
  validator v;
  EXPECT_TRUE(v.is_valid(parse("[1, 2]")));
  EXPECT_TRUE(v.validate(parse("null")).valid());
}

}  // namespace
}  // namespace strata::schema
