// Tests for reading config files: YAML and JSON, nested maps and lists, scalar typing, and errors
// that name the file, line and column.
#include <strata/config/detail/config_file.hpp>
#include <strata/core/testing/temp_dir.hpp>

#include <gtest/gtest.h>
#include <boost/json/serialize.hpp>

namespace {

namespace json = boost::json;
using namespace strata::config;
using strata::testing::temp_dir;

std::string yaml(std::string_view text) {
  std::vector<config_error> errors;
  auto o = detail::parse_yaml_config(text, "f.yaml", errors);
  if (!o) return "error: " + std::string(errors.at(0).what());
  return json::serialize(*o);
}

std::string json_text(std::string_view text) {
  std::vector<config_error> errors;
  auto o = detail::parse_json_config(text, "f.json", errors);
  if (!o) return "error: " + std::string(errors.at(0).what());
  return json::serialize(*o);
}

TEST(config_file, yaml_nested_maps_and_lists) {
  EXPECT_EQ(
      yaml(
          "http:\n  port: 8080\n  hosts: [a, b]\ndb:\n  replicas:\n    - host: r1\n      port: 5432\n    - host: r2\n"),
      R"({"http":{"port":8080,"hosts":["a","b"]},"db":{"replicas":[{"host":"r1","port":5432},{"host":"r2"}]}})");
}

TEST(config_file, yaml_scalars_by_the_core_schema) {
  EXPECT_EQ(
      yaml("a: true\nb: False\nc: ~\nd: null\ne:\nf: -12\ng: 1.5\nh: 0x1F\ni: 0o17\nj: yes\nk: 1.2.3\nl: .inf\n"),
      R"({"a":true,"b":false,"c":null,"d":null,"e":null,"f":-12,"g":1.5E0,"h":31,"i":15,"j":"yes","k":"1.2.3","l":".inf"})");
  // Quoted scalars and !!str are strings, whatever they look like.
  EXPECT_EQ(yaml("a: \"8080\"\nb: 'true'\nc: !!str 5\nd: \"\"\n"), R"({"a":"8080","b":"true","c":"5","d":""})");
  EXPECT_EQ(yaml("big: 18446744073709551615\n"), R"({"big":18446744073709551615})");
}

TEST(config_file, yaml_anchors_and_multiline) {
  EXPECT_EQ(yaml("base: &b {x: 1}\nother: *b\ntext: |\n  line1\n  line2\n"),
            R"({"base":{"x":1},"other":{"x":1},"text":"line1\nline2\n"})");
}

TEST(config_file, yaml_empty_file_is_an_empty_object) {
  EXPECT_EQ(yaml(""), "{}");
  EXPECT_EQ(yaml("# only a comment\n"), "{}");
}

TEST(config_file, yaml_errors_name_file_line_and_column) {
  EXPECT_EQ(yaml("a: 1\nb: [1, 2\nc: 3\n"), "error: f.yaml:3:2: invalid YAML (end of sequence flow not found)");
  EXPECT_EQ(yaml("a: 1\n  b: 2\n"), "error: f.yaml:2:4: invalid YAML (illegal map value)");
  EXPECT_EQ(yaml("- 1\n- 2\n"), "error: f.yaml: expected a map of keys at the top level");
  EXPECT_EQ(yaml("? [a, b]\n: 1\n"), "error: f.yaml:1:3: invalid YAML (a key must be a plain string)");
}

TEST(config_file, yaml_alias_bombs_are_refused) {
  // Ten levels of ten aliases each: 10^10 nodes once expanded.
  std::string bomb = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int level = 1; level < 10; ++level) {
    std::string name = "l", alias = "*l";
    name += std::to_string(level);
    alias += std::to_string(level - 1);
    bomb.append(name).append(": &").append(name).append(" [");
    for (int i = 0; i < 10; ++i) bomb.append(i ? ", " : "").append(alias);
    bomb.append("]\n");
  }
  const std::string r = yaml(bomb);
  EXPECT_NE(r.find("too many nodes"), std::string::npos) << r.substr(0, 200);
}

TEST(config_file, json_with_comments_and_trailing_commas) {
  EXPECT_EQ(
      json_text(
          "{\n  // the port\n  \"http\": {\"port\": 8080, \"hosts\": [\"a\", \"b\",],},\n  /* x */ \"n\": null\n}"),
      R"({"http":{"port":8080,"hosts":["a","b"]},"n":null})");
}

TEST(config_file, json_errors_name_file_line_and_column) {
  EXPECT_EQ(json_text("{\n  \"a\": 1,\n  \"b\": tru\n}"), "error: f.json:3:8: invalid JSON (syntax error)");
  EXPECT_EQ(json_text("{\n  \"a\": 1\n"), "error: f.json:3:1: invalid JSON (incomplete JSON)");
  EXPECT_EQ(json_text("[1, 2]"), "error: f.json: expected an object at the top level");
}

TEST(config_file, read_by_extension_and_unreadable_files) {
  temp_dir dir;
  std::vector<config_error> errors;
  auto j = detail::read_config_file(dir.write("a.json", R"({"x": 1})"), "a.json", errors);
  auto y = detail::read_config_file(dir.write("a.yml", "x: 2\n"), "a.yml", errors);
  ASSERT_TRUE(j && y);
  EXPECT_EQ(j->at("x"), 1);
  EXPECT_EQ(y->at("x"), 2);
  EXPECT_FALSE(detail::read_config_file(dir / "missing.yaml", "missing.yaml", errors));
  EXPECT_FALSE(detail::read_config_file(dir.path(), "dir.yaml", errors));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_STREQ(errors[0].what(), "missing.yaml: cannot read (No such file or directory)");
  EXPECT_STREQ(errors[1].what(), "dir.yaml: cannot read (is a directory)");
}

}  // namespace
