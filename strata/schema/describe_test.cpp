// Schemas and JSON conversion from described structs: the type mapping, refinements, $defs for
// nested and recursive structs, inline schemas, and values that round-trip and validate.
#include <gtest/gtest.h>

#include <array>
#include <boost/describe.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <strata/schema/convert.hpp>
#include <strata/schema/describe.hpp>
#include <strata/schema/validator.hpp>
#include <string>
#include <vector>

namespace app {

BOOST_DEFINE_ENUM_CLASS(role, reader, writer, admin)

struct profile {
  std::string username;
  std::optional<std::string> bio;
  bool following = false;
};
BOOST_DESCRIBE_STRUCT(profile, (), (username, bio, following))

struct article {
  std::string slug, title;
  std::vector<std::string> tag_list;
  std::chrono::sys_time<std::chrono::milliseconds> created_at;
  int favorites_count = 0;
  profile author;
  static constexpr std::string_view schema_name = "Article";
  static void refine(strata::schema::refinements<article>& r) {
    r.camel_case();
    r[&article::title].min(1).max(200).example("How to train your dragon");
    r[&article::favorites_count].min(0).optional();
    r.object().description("A published article");
  }
};
BOOST_DESCRIBE_STRUCT(article, (), (slug, title, tag_list, created_at, favorites_count, author))

struct scalars {
  std::uint8_t small = 0;
  std::int16_t mid = 0;
  std::int32_t normal = 0;
  std::int64_t big = 0;
  std::uint64_t huge = 0;
  float ratio = 0;
  double precise = 0;
  role level = role::reader;
  std::array<int, 2> pair{};
  std::set<std::string> tags;
  std::map<std::string, double> scores;
  std::vector<std::optional<int>> gaps;
  std::chrono::sys_days day{};
  boost::json::value extra;
};
BOOST_DESCRIBE_STRUCT(scalars, (),
                      (small, mid, normal, big, huge, ratio, precise, level, pair, tags, scores, gaps, day, extra))

// A recursive struct: its children refer to itself.
struct tree {
  std::string label;
  std::vector<tree> children;
};
BOOST_DESCRIBE_STRUCT(tree, (), (label, children))

}  // namespace app

// Refinements for a type one cannot edit, through the traits.
template <>
struct strata::schema::schema_traits<app::profile> : strata::schema::default_schema_traits<app::profile> {
  static std::string name() { return "Profile"; }
  static void refine(refinements<app::profile>& r) { r[&app::profile::username].min(1).description("public name"); }
};

namespace strata::schema {
namespace {

using boost::json::parse;

TEST(describe, members_become_properties_and_nested_structs_components) {
  const auto s = of<app::article>();
  const auto& root = s.as_object();
  EXPECT_EQ(root.at("$ref"), "#/$defs/Article");
  const auto& defs = root.at("$defs").as_object();
  ASSERT_TRUE(defs.contains("Article"));
  ASSERT_TRUE(defs.contains("Profile"));
  const auto& a = defs.at("Article").as_object();
  EXPECT_EQ(a.at("type"), "object");
  EXPECT_EQ(a.at("description"), "A published article");
  const auto& props = a.at("properties").as_object();
  // camelCase names, in member order.
  std::vector<std::string> names;
  for (const auto& kv : props) names.emplace_back(kv.key());
  EXPECT_EQ(names, (std::vector<std::string>{"slug", "title", "tagList", "createdAt", "favoritesCount", "author"}));
  EXPECT_EQ(props.at("title"), parse(R"({"type":"string","minLength":1,"maxLength":200,
                                           "examples":["How to train your dragon"]})"));
  EXPECT_EQ(props.at("tagList"), parse(R"({"type":"array","items":{"type":"string"}})"));
  EXPECT_EQ(props.at("createdAt"), parse(R"({"type":"string","format":"date-time"})"));
  EXPECT_EQ(props.at("author"), parse(R"({"$ref":"#/$defs/Profile"})"));
  // A plain member made optional says its C++ default.
  EXPECT_EQ(props.at("favoritesCount").at("default"), 0);
  EXPECT_EQ(props.at("favoritesCount").at("minimum"), 0);
  EXPECT_EQ(a.at("required"), parse(R"(["slug","title","tagList","createdAt","author"])"));
  // std::optional: not required, not nullable.
  const auto& p = defs.at("Profile").as_object();
  EXPECT_EQ(p.at("required"), parse(R"(["username","following"])"));
  EXPECT_EQ(p.at("properties").at("bio"), parse(R"({"type":"string"})"));
  EXPECT_EQ(p.at("properties").at("username").at("description"), "public name");
  EXPECT_EQ(component_name<app::article>(), "Article");
}

TEST(describe, scalar_and_container_mapping) {
  const auto s = of<app::scalars>();
  const auto& props = s.at("$defs").at("scalars").at("properties").as_object();
  EXPECT_EQ(props.at("small"), parse(R"({"type":"integer","minimum":0,"maximum":255})"));
  EXPECT_EQ(props.at("mid"), parse(R"({"type":"integer","minimum":-32768,"maximum":32767})"));
  EXPECT_EQ(props.at("normal"),
            parse(R"({"type":"integer","format":"int32","minimum":-2147483648,"maximum":2147483647})"));
  EXPECT_EQ(props.at("big"), parse(R"({"type":"integer","format":"int64"})"));
  EXPECT_EQ(props.at("huge"), parse(R"({"type":"integer","minimum":0})"));
  EXPECT_EQ(props.at("ratio"), parse(R"({"type":"number","format":"float"})"));
  EXPECT_EQ(props.at("precise"), parse(R"({"type":"number","format":"double"})"));
  EXPECT_EQ(props.at("level"), parse(R"({"type":"string","enum":["reader","writer","admin"]})"));
  EXPECT_EQ(props.at("pair"), parse(R"({"type":"array","items":{"type":"integer","format":"int32",
                                         "minimum":-2147483648,"maximum":2147483647},"minItems":2,"maxItems":2})"));
  EXPECT_EQ(props.at("tags"), parse(R"({"type":"array","items":{"type":"string"},"uniqueItems":true})"));
  EXPECT_EQ(props.at("scores"),
            parse(R"({"type":"object","additionalProperties":{"type":"number","format":"double"}})"));
  // An optional inside an array is written as null, so it is nullable there.
  EXPECT_EQ(props.at("gaps").at("items").at("type"), parse(R"(["integer","null"])"));
  EXPECT_EQ(props.at("day"), parse(R"({"type":"string","format":"date"})"));
  EXPECT_EQ(props.at("extra"), parse("{}"));
}

TEST(describe, recursive_structs_refer_to_themselves) {
  const auto s = of<app::tree>();
  EXPECT_EQ(s.at("$defs").at("tree").at("properties").at("children").at("items"), parse(R"({"$ref":"#/$defs/tree"})"));
  auto v = compile(s);
  EXPECT_TRUE(v.is_valid(parse(R"({"label":"a","children":[{"label":"b","children":[]}]})")));
  EXPECT_FALSE(v.is_valid(parse(R"({"label":"a","children":[{"label":1,"children":[]}]})")));
  // Inline: the recursive struct keeps its $ref and definition.
  const auto in = of<app::tree>({.inline_structs = true});
  EXPECT_EQ(in.at("type"), "object");
  EXPECT_EQ(in.at("properties").at("children").at("items"), parse(R"({"$ref":"#/$defs/tree"})"));
  EXPECT_TRUE(compile(in).is_valid(parse(R"({"label":"a","children":[{"label":"b","children":[]}]})")));
}

TEST(describe, inline_structs_on_request) {
  const auto s = of<app::article>({.inline_structs = true});
  EXPECT_FALSE(s.as_object().contains("$defs"));
  EXPECT_EQ(s.at("properties").at("author").at("type"), "object");
  EXPECT_EQ(s.at("properties").at("author").at("properties").at("username").at("minLength"), 1);
}

TEST(describe, of_any_supported_type) {
  const auto list = of<std::vector<app::profile>>();
  EXPECT_EQ(list.at("type"), "array");
  EXPECT_EQ(list.at("items"), parse(R"({"$ref":"#/$defs/Profile"})"));
  EXPECT_TRUE(list.at("$defs").as_object().contains("Profile"));
  EXPECT_EQ(of<int>().at("type"), "integer");
}

TEST(describe, values_round_trip_and_validate_against_their_schema) {
  app::article a;
  a.slug = "dragons";
  a.title = "How to \"train\" your dragon";
  a.tag_list = {"dragons", "training"};
  a.created_at = std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(1700000000123));
  a.favorites_count = 3;
  a.author = {"jake", std::nullopt, true};
  const auto j = to_json(a);
  EXPECT_EQ(j, parse(R"({"slug":"dragons","title":"How to \"train\" your dragon","tagList":["dragons","training"],
                         "createdAt":"2023-11-14T22:13:20.123Z","favoritesCount":3,
                         "author":{"username":"jake","following":true}})"));
  auto v = compile(of<app::article>(), {.assert_format = true});
  EXPECT_TRUE(v.is_valid(j)) << boost::json::serialize(j);
  const auto back = from_json<app::article>(j);
  EXPECT_EQ(back.title, a.title);
  EXPECT_EQ(back.tag_list, a.tag_list);
  EXPECT_EQ(back.created_at, a.created_at);
  EXPECT_EQ(back.author.username, "jake");
  EXPECT_FALSE(back.author.bio);
  EXPECT_TRUE(back.author.following);

  app::scalars x;
  x.small = 255;
  x.level = app::role::admin;
  x.pair = {1, 2};
  x.tags = {"b", "a"};
  x.scores = {{"x", 1.5}};
  x.gaps = {1, std::nullopt};
  x.day = std::chrono::sys_days(std::chrono::year(2024) / 2 / 29);
  x.extra = parse(R"({"anything": [1, "two"]})");
  const auto xj = to_json(x);
  EXPECT_EQ(xj.at("level"), "admin");
  EXPECT_EQ(xj.at("gaps"), parse("[1,null]"));
  EXPECT_EQ(xj.at("day"), "2024-02-29");
  EXPECT_EQ(xj.at("tags"), parse(R"(["a","b"])"));
  EXPECT_TRUE(compile(of<app::scalars>()).is_valid(xj)) << boost::json::serialize(xj);
  const auto xb = from_json<app::scalars>(xj);
  EXPECT_EQ(xb.small, 255);
  EXPECT_EQ(xb.level, app::role::admin);
  EXPECT_EQ(xb.gaps, x.gaps);
  EXPECT_EQ(xb.day, x.day);
  EXPECT_EQ(xb.scores, x.scores);
  EXPECT_EQ(xb.extra, x.extra);
}

TEST(describe, the_validator_enforces_ranges_and_names) {
  auto v = compile(of<app::scalars>());
  auto base = to_json(app::scalars{});
  EXPECT_TRUE(v.is_valid(base));
  auto bad = base;
  bad.as_object()["small"] = 256;
  EXPECT_FALSE(v.is_valid(bad));
  bad = base;
  bad.as_object()["level"] = "root";
  EXPECT_FALSE(v.is_valid(bad));
  bad = base;
  bad.as_object().erase("mid");  // required
  EXPECT_FALSE(v.is_valid(bad));
}

TEST(describe, from_json_names_what_does_not_fit) {
  try {
    from_json<app::article>(parse(R"({"author": {"username": 7}})"));
    FAIL() << "no error";
  } catch (const conversion_error& e) {
    EXPECT_EQ(e.pointer(), "/author/username");
    EXPECT_NE(std::string(e.what()).find("expected string"), std::string::npos) << e.what();
  }
  EXPECT_THROW(from_json<app::scalars>(parse(R"({"small": 300})")), conversion_error);
  EXPECT_THROW(from_json<app::scalars>(parse(R"({"small": 1.5})")), conversion_error);
  EXPECT_THROW(from_json<app::scalars>(parse(R"({"level": "root"})")), conversion_error);
  EXPECT_THROW(from_json<app::scalars>(parse(R"({"pair": [1]})")), conversion_error);
  EXPECT_THROW(from_json<app::article>(parse(R"({"createdAt": "yesterday"})")), conversion_error);
  // Absent members keep their defaults; unknown ones are ignored.
  const auto a = from_json<app::article>(parse(R"({"slug": "s", "unknown": true, "favoritesCount": 2.0})"));
  EXPECT_EQ(a.slug, "s");
  EXPECT_EQ(a.favorites_count, 2);
}

TEST(describe, time_points_take_any_rfc3339_offset) {
  auto a = from_json<app::article>(parse(R"({"createdAt": "2023-11-15T00:13:20.5+02:00"})"));
  EXPECT_EQ(to_json(a).at("createdAt"), "2023-11-14T22:13:20.500Z");
  a = from_json<app::article>(parse(R"({"createdAt": "1969-12-31T23:59:59Z"})"));
  EXPECT_EQ(a.created_at.time_since_epoch().count(), -1000);
  EXPECT_EQ(to_json(a).at("createdAt"), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace strata::schema
