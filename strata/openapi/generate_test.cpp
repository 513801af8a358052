// OpenAPI generation: paths, parameters, bodies, responses and components from routes.
#include <strata/http/server.hpp>
#include <strata/openapi/openapi.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace strata::openapi {
namespace {

using boost::json::object;
using boost::json::value;

void noop(http::request&, http::response&) {}

// A server whose routes describe a small users API.
struct users_api {
  http::server srv;
  users_api() {
    srv.get("/users/:id", noop,
            {.summary = "Get a user",
             .tags = {"users"},
             .schema = boost::json::parse(R"({
               "params": {"type": "object", "properties": {"id": {"type": "integer", "description": "the user"}}},
               "querystring": {"type": "object", "properties": {"fields": {"type": "string"}, "v": {"type": "integer"}},
                               "required": ["v"]},
               "headers": {"type": "object", "properties": {"x-trace": {"type": "string"}}},
               "response": {"200": {"$ref": "#/components/schemas/User"}, "4xx": {"type": "object"}}
             })").as_object()});
    srv.post("/users", noop,
             {.tags = {"users"},
              .schema = boost::json::parse(R"({
                "body": {"$ref": "#/components/schemas/User"},
                "response": {"201": {"description": "Made", "$ref": "#/components/schemas/User"}, "204": {}}
              })").as_object()});
    srv.get("/files/*", noop);
    srv.get("/secret", noop, {.hidden = true});
    srv.del("/users/:id", noop, {.operation_id = "removeUser", .deprecated = true});
    srv.add(http::method::other, "PROPFIND", "/dav", noop);
    srv.router().freeze();
  }
  object doc(info about = {}) {
    about.schemas["User"] = boost::json::parse(R"({"type": "object", "properties": {"name": {"type": "string"}}})");
    return generate(srv.router(), about);
  }
};

const object& op(const object& doc, std::string_view path, std::string_view method) {
  return doc.at("paths").at(path).at(method).as_object();
}

TEST(openapi, paths_use_openapi_templates) {
  EXPECT_EQ(openapi_path("/users/:id/posts/:post"), "/users/{id}/posts/{post}");
  EXPECT_EQ(openapi_path("/files/*"), "/files/{wildcard}");
  EXPECT_EQ(openapi_path("/a:b/c"), "/a:b/c");  // a colon inside a segment is text
  EXPECT_EQ(openapi_path(""), "/");
}

TEST(openapi, document_has_info_paths_and_components) {
  users_api api;
  auto doc = api.doc({.title = "Users", .version = "2.0.0", .servers = {"https://api.example.com"}});
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  EXPECT_EQ(doc.at("info").at("title"), "Users");
  EXPECT_EQ(doc.at("info").at("version"), "2.0.0");
  EXPECT_EQ(doc.at("servers").at(0).at("url"), "https://api.example.com");
  const auto& paths = doc.at("paths").as_object();
  EXPECT_TRUE(paths.contains("/users/{id}"));
  EXPECT_TRUE(paths.contains("/users"));
  EXPECT_TRUE(paths.contains("/files/{wildcard}"));
  EXPECT_FALSE(paths.contains("/secret"));  // hidden
  EXPECT_FALSE(paths.contains("/dav"));     // no such method in OpenAPI
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("User"));
  EXPECT_TRUE(doc.at("components").at("schemas").as_object().contains("Problem"));
  EXPECT_EQ(doc.at("tags").at(0).at("name"), "users");
}

TEST(openapi, parameters_come_from_the_pattern_and_the_schemas) {
  users_api api;
  auto doc = api.doc();
  const auto& get = op(doc, "/users/{id}", "get");
  EXPECT_EQ(get.at("summary"), "Get a user");
  EXPECT_EQ(get.at("operationId"), "getUsersById");
  const auto& params = get.at("parameters").as_array();
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0], boost::json::parse(R"({"name": "id", "in": "path", "required": true,
                                              "schema": {"type": "integer", "description": "the user"},
                                              "description": "the user"})"));
  EXPECT_EQ(params[1].at("name"), "fields");
  EXPECT_EQ(params[1].at("in"), "query");
  EXPECT_EQ(params[1].at("required"), false);
  EXPECT_EQ(params[2].at("name"), "v");
  EXPECT_EQ(params[2].at("required"), true);
  EXPECT_EQ(params[3].at("in"), "header");
  // An untyped wildcard is still a required path parameter.
  const auto& files = op(doc, "/files/{wildcard}", "get");
  EXPECT_EQ(files.at("parameters").at(0).at("name"), "wildcard");
  EXPECT_EQ(files.at("parameters").at(0).at("schema").at("type"), "string");
}

TEST(openapi, bodies_and_responses) {
  users_api api;
  auto doc = api.doc();
  const auto& post = op(doc, "/users", "post");
  EXPECT_EQ(post.at("requestBody").at("content").at("application/json").at("schema").at("$ref"),
            "#/components/schemas/User");
  const auto& responses = post.at("responses").as_object();
  EXPECT_EQ(responses.at("201").at("description"), "Made");
  EXPECT_FALSE(responses.at("204").as_object().contains("content"));  // no body on 204
  EXPECT_EQ(responses.at("default").at("content").at("application/problem+json").at("schema").at("$ref"),
            "#/components/schemas/Problem");
  const auto& get = op(doc, "/users/{id}", "get");
  EXPECT_TRUE(get.at("responses").as_object().contains("4XX"));  // Fastify's 4xx, as OpenAPI writes it
  const auto& plain = op(doc, "/files/{wildcard}", "get");
  EXPECT_EQ(plain.at("responses").at("200").at("description"), "OK");
  const auto& del = op(doc, "/users/{id}", "delete");
  EXPECT_EQ(del.at("operationId"), "removeUser");
  EXPECT_EQ(del.at("deprecated"), true);
}

TEST(openapi, problem_responses_can_be_left_out) {
  users_api api;
  auto doc = api.doc({.problem_responses = false});
  EXPECT_FALSE(op(doc, "/users", "post").at("responses").as_object().contains("default"));
  EXPECT_FALSE(doc.at("components").at("schemas").as_object().contains("Problem"));
}

TEST(openapi, operation_ids_are_unique) {
  http::server srv;
  srv.get("/a-b", noop);
  srv.get("/a/b", noop);
  srv.router().freeze();
  auto doc = generate(srv.router(), {});
  EXPECT_EQ(op(doc, "/a-b", "get").at("operationId"), "getAB");
  EXPECT_EQ(op(doc, "/a/b", "get").at("operationId"), "getAB2");
}

TEST(openapi, yaml_reads_back_as_the_same_strings) {
  const auto text = to_yaml(boost::json::parse(R"({"a": "true", "b": [1, 2.5, null, false], "200": {"c": "x: y"}})"));
  EXPECT_NE(text.find("\"a\": \"true\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"200\":"), std::string::npos) << text;
  EXPECT_NE(text.find("\"x: y\""), std::string::npos) << text;
  EXPECT_NE(text.find("- 2.5"), std::string::npos) << text;
  EXPECT_NE(text.find("- ~"), std::string::npos) << text;
}

}  // namespace
}  // namespace strata::openapi
