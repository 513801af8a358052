// The schema serializer: declared properties only, in declared order; nested objects and arrays;
// $refs (recursive too); nullable; additionalProperties; escaping and numbers; scalar coercions;
// mismatches refused; shapes it does not handle written as is.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <strata/schema/serializer.hpp>

namespace strata::schema {
namespace {

using boost::json::parse;

std::string write(std::string_view schema, std::string_view payload) {
  return compile_serializer(parse(schema)).to_string(parse(payload));
}

TEST(serializer, drops_unknown_fields_and_keeps_declared_order) {
  const auto schema = R"({"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string"}}})";
  EXPECT_EQ(write(schema, R"({"password_hash": "x", "email": "a@b.c", "id": 7, "role": "admin"})"),
            R"({"id":7,"email":"a@b.c"})");
  // Absent properties are left out, not invented.
  EXPECT_EQ(write(schema, R"({"email": "a@b.c"})"), R"({"email":"a@b.c"})");
  EXPECT_EQ(write(schema, "{}"), "{}");
}

TEST(serializer, nested_objects_and_arrays) {
  const auto schema = R"({"type": "object", "properties": {
      "articles": {"type": "array", "items": {"type": "object", "properties": {
          "slug": {"type": "string"},
          "author": {"type": "object", "properties": {"username": {"type": "string"}}},
          "tagList": {"type": "array", "items": {"type": "string"}}}}},
      "articlesCount": {"type": "integer"}}})";
  EXPECT_EQ(write(schema, R"({"articlesCount": 2, "articles": [
      {"slug": "a", "secret": 1, "author": {"username": "jake", "email": "j@x"}, "tagList": ["x", "y"]},
      {"tagList": [], "slug": "b", "author": {"username": "ann"}}]})"),
            R"({"articles":[{"slug":"a","author":{"username":"jake"},"tagList":["x","y"]},)"
            R"({"slug":"b","author":{"username":"ann"},"tagList":[]}],"articlesCount":2})");
}

TEST(serializer, refs_within_the_document_also_recursive) {
  const auto schema = R"({"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "properties": {
      "label": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}})";
  EXPECT_EQ(write(schema, R"({"label": "a", "x": 1, "children": [{"label": "b", "y": 2, "children": []}]})"),
            R"({"label":"a","children":[{"label":"b","children":[]}]})");
  // A $ref to another document is written as is.
  EXPECT_EQ(write(R"({"$ref": "other.json"})", R"({"a": 1})"), R"({"a":1})");
}

TEST(serializer, nullable_and_null) {
  const auto schema = R"({"type": "object", "properties": {
      "bio": {"type": ["string", "null"]},
      "image": {"anyOf": [{"type": "object", "properties": {"url": {"type": "string"}}}, {"type": "null"}]},
      "plain": {"type": "string"}}})";
  EXPECT_EQ(write(schema, R"({"bio": null, "image": null, "plain": null})"),
            R"({"bio":null,"image":null,"plain":null})");
  EXPECT_EQ(write(schema, R"({"bio": "hi", "image": {"url": "u", "size": 3}})"), R"({"bio":"hi","image":{"url":"u"}})");
}

TEST(serializer, additional_properties_keep_extras) {
  EXPECT_EQ(write(R"({"type": "object", "properties": {"id": {"type": "integer"}}, "additionalProperties": true})",
                  R"({"x": [1, {"y": "z"}], "id": 1})"),
            R"({"id":1,"x":[1,{"y":"z"}]})");
  // A schema for the extras applies to them.
  EXPECT_EQ(
      write(
          R"({"type": "object", "additionalProperties": {"type": "object", "properties": {"n": {"type": "integer"}}}})",
          R"({"a": {"n": 1, "drop": 2}, "b": {"n": 2}})"),
      R"({"a":{"n":1},"b":{"n":2}})");
  // false drops them, as no additionalProperties does.
  EXPECT_EQ(write(R"({"type": "object", "properties": {"id": {"type": "integer"}}, "additionalProperties": false})",
                  R"({"x": 1, "id": 1})"),
            R"({"id":1})");
  // An object schema without properties is free-form.
  EXPECT_EQ(write(R"({"type": "object"})", R"({"x": 1, "y": [true]})"), R"({"x":1,"y":[true]})");
}

TEST(serializer, strings_are_escaped_and_numbers_exact) {
  const auto schema = R"({"type": "object", "properties": {"s": {"type": "string"}, "n": {"type": "number"},
                           "i": {"type": "integer"}, "u": {"type": "integer"}, "b": {"type": "boolean"}}})";
  boost::json::object payload{{"s", std::string("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f \xc3\xa9 \xe2\x80\xa8")},
                              {"n", 0.1},
                              {"i", -9007199254740993LL},
                              {"u", 18446744073709551615ULL},
                              {"b", false}};
  const auto out = compile_serializer(parse(schema)).to_string(payload);
  EXPECT_EQ(out,
            "{\"s\":\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f \xc3\xa9 \xe2\x80\xa8\",\"n\":0.1,"
            "\"i\":-9007199254740993,\"u\":18446744073709551615,\"b\":false}");
  // What is written reads back as the same value.
  EXPECT_EQ(parse(out), boost::json::value(payload));
  EXPECT_EQ(write(R"({"type": "number"})", "1e300"), "1e+300");
  EXPECT_EQ(write(R"({"type": "number"})", "-0.000001"), "-1e-06");
  EXPECT_EQ(parse(write(R"({"type": "number"})", "123456789.125")), parse("123456789.125"));
  // Non-finite doubles (not JSON) are null, as JSON.stringify writes them.
  EXPECT_EQ(compile_serializer(parse(R"({"type": "number"})")).to_string(boost::json::value(1.0 / 0.0)), "null");
}

TEST(serializer, scalars_convert_as_fast_json_stringify_does) {
  EXPECT_EQ(write(R"({"type": "string"})", "42"), R"("42")");
  EXPECT_EQ(write(R"({"type": "string"})", "true"), R"("true")");
  EXPECT_EQ(write(R"({"type": "integer"})", R"("42")"), "42");
  EXPECT_EQ(write(R"({"type": "integer"})", "1.7"), "1");
  EXPECT_EQ(write(R"({"type": "number"})", R"("2.5")"), "2.5");
  EXPECT_THROW(write(R"({"type": "integer"})", R"("many")"), serialize_error);
  EXPECT_THROW(write(R"({"type": "boolean"})", R"("yes")"), serialize_error);
}

TEST(serializer, structure_that_contradicts_the_schema_is_refused) {
  // A whole object where a string is declared could leak what the schema meant to drop.
  const auto schema = R"({"type": "object", "properties": {"author": {"type": "string"}}})";
  try {
    write(schema, R"({"author": {"username": "jake", "password_hash": "x"}})");
    FAIL() << "written";
  } catch (const serialize_error& e) {
    EXPECT_NE(std::string(e.what()).find("'/author'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(write(R"({"type": "array", "items": {"type": "integer"}})", R"({"a": 1})"), serialize_error);
  EXPECT_THROW(write(R"({"type": "object", "properties": {"a": {"type": "integer"}}})", "[1]"), serialize_error);
}

TEST(serializer, unsupported_shapes_fall_back_to_generic) {
  for (const char* schema :
       {R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})",
        R"({"allOf": [{"type": "object", "properties": {"a": {"type": "integer"}}}]})",
        R"({"type": "object", "patternProperties": {"^x": {"type": "integer"}}})", R"({"type": ["object", "array"]})",
        R"({"type": "array", "prefixItems": [{"type": "integer"}]})", "true", "{}"}) {
    const auto payload = R"({"a": 1, "b": [true, null, "s\"", 1.5]})";
    EXPECT_EQ(write(schema, payload), R"({"a":1,"b":[true,null,"s\"",1.5]})") << schema;
  }
  // The default serializer writes everything.
  EXPECT_EQ(serializer().to_string(parse(R"({"z": 1, "a": [1, 2]})")), R"({"z":1,"a":[1,2]})");
}

}  // namespace
}  // namespace strata::schema
