// Components from described structs: schema::of<T>() on routes puts each struct once in
// components.schemas, referenced by $ref; parameters are listed from a described query struct;
// different schemas under one name are numbered apart.
#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <strata/http/server.hpp>
#include <strata/openapi/openapi.hpp>
#include <strata/schema/describe.hpp>
#include <string>
#include <vector>

namespace blog {

struct profile {
  std::string username;
  std::optional<std::string> bio;
  static constexpr std::string_view schema_name = "Profile";
};
BOOST_DESCRIBE_STRUCT(profile, (), (username, bio))

struct article {
  std::string slug, title;
  std::vector<std::string> tag_list;
  profile author;
  static constexpr std::string_view schema_name = "Article";
  static void refine(strata::schema::refinements<article>& r) { r.camel_case(); }
};
BOOST_DESCRIBE_STRUCT(article, (), (slug, title, tag_list, author))

struct new_article {
  std::string title, body;
  static constexpr std::string_view schema_name = "NewArticle";
};
BOOST_DESCRIBE_STRUCT(new_article, (), (title, body))

struct list_query {
  int limit = 20;
  std::optional<std::string> tag;
  static void refine(strata::schema::refinements<list_query>& r) { r[&list_query::limit].min(1).max(100).optional(); }
};
BOOST_DESCRIBE_STRUCT(list_query, (), (limit, tag))

}  // namespace blog

namespace strata::openapi {
namespace {

using boost::json::object;
using boost::json::parse;
namespace schema = strata::schema;

void noop(http::request&, http::response&) {}

struct blog_api {
  http::server srv;
  blog_api() {
    srv.get("/articles", noop,
            {.schema = {{"querystring", schema::of<blog::list_query>()},
                        {"response", {{"200", schema::of<std::vector<blog::article>>()}}}}});
    srv.post(
        "/articles", noop,
        {.schema = {{"body", schema::of<blog::new_article>()}, {"response", {{"201", schema::of<blog::article>()}}}}});
    // A hand-written schema whose $defs reuse a name for something else.
    srv.get("/other", noop, {.schema = {{"response", {{"200", parse(R"({"$ref": "#/$defs/Profile",
                                                        "$defs": {"Profile": {"type": "string"}}})")}}}}});
    srv.router().freeze();
  }
};

const object& op(const object& doc, std::string_view path, std::string_view method) {
  return doc.at("paths").at(path).at(method).as_object();
}

const boost::json::value& json_schema(const object& operation, std::string_view status) {
  return operation.at("responses").at(status).at("content").at("application/json").at("schema");
}

TEST(openapi_components, described_structs_become_components_referenced_by_ref) {
  blog_api api;
  auto doc = generate(api.srv.router(), {});
  const auto& schemas = doc.at("components").at("schemas").as_object();
  ASSERT_TRUE(schemas.contains("Article"));
  ASSERT_TRUE(schemas.contains("Profile"));
  ASSERT_TRUE(schemas.contains("NewArticle"));
  EXPECT_TRUE(schemas.contains("Problem"));
  // Nested refs point into the components, and no $defs are left anywhere.
  EXPECT_EQ(schemas.at("Article").at("properties").at("author"), parse(R"({"$ref": "#/components/schemas/Profile"})"));
  EXPECT_TRUE(schemas.at("Article").at("properties").as_object().contains("tagList"));
  const auto& post = op(doc, "/articles", "post");
  EXPECT_EQ(post.at("requestBody").at("content").at("application/json").at("schema"),
            parse(R"({"$ref": "#/components/schemas/NewArticle"})"));
  EXPECT_EQ(json_schema(post, "201"), parse(R"({"$ref": "#/components/schemas/Article"})"));
  EXPECT_EQ(json_schema(op(doc, "/articles", "get"), "200"),
            parse(R"({"type": "array", "items": {"$ref": "#/components/schemas/Article"}})"));
  EXPECT_EQ(boost::json::serialize(doc).find("$defs"), std::string::npos);
}

TEST(openapi_components, a_described_query_struct_lists_its_parameters) {
  blog_api api;
  auto doc = generate(api.srv.router(), {});
  const auto& params = op(doc, "/articles", "get").at("parameters").as_array();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].at("name"), "limit");
  EXPECT_EQ(params[0].at("required"), false);
  EXPECT_EQ(params[0].at("schema").at("maximum"), 100);
  EXPECT_EQ(params[1].at("name"), "tag");
  EXPECT_EQ(params[1].at("in"), "query");
}

TEST(openapi_components, different_schemas_under_one_name_are_numbered) {
  blog_api api;
  auto doc = generate(api.srv.router(), {});
  const auto& schemas = doc.at("components").at("schemas").as_object();
  ASSERT_TRUE(schemas.contains("Profile2"));
  EXPECT_EQ(schemas.at("Profile2"), parse(R"({"type": "string"})"));
  EXPECT_EQ(json_schema(op(doc, "/other", "get"), "200"), parse(R"({"$ref": "#/components/schemas/Profile2"})"));
  EXPECT_EQ(schemas.at("Profile").at("type"), "object");
  // A component the service names itself keeps its name; a route's struct of that name moves.
  auto own = generate(api.srv.router(), {.schemas = {{"Article", parse(R"({"type": "object"})")}}});
  EXPECT_EQ(own.at("components").at("schemas").at("Article"), parse(R"({"type": "object"})"));
  EXPECT_EQ(json_schema(op(own, "/articles", "post"), "201"), parse(R"({"$ref": "#/components/schemas/Article2"})"));
}

}  // namespace
}  // namespace strata::openapi
