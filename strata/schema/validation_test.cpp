// Schema-first routes on a real server: requests checked before the handler, every error listed
// with its instancePath, coercion of params/query/headers, defaults, and typed values read back.
#include <strata/http/testing/local_server.hpp>
#include <strata/schema/validation.hpp>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <atomic>

namespace strata::schema {
namespace {

using http::testing::fetch;
using http::testing::get;
using http::testing::local_options;
using http::testing::post_request;

struct served {
  http::server srv{local_options()};
  std::atomic<int> handled{0};
  served() {
    srv.use(validation());
    srv.post(
        "/items/:id",
        [this](http::request& req, http::response& res) {
          ++handled;
          res.json({{"id", params(req).at("id")},
                    {"limit", query(req).at("limit")},
                    {"tags", query(req).at("tags")},
                    {"trace", headers(req).at("x-trace")},
                    {"body", body(req)}});
        },
        {.schema = boost::json::parse(R"({
          "params": {"type": "object", "properties": {"id": {"type": "integer", "minimum": 1}}},
          "querystring": {"type": "object",
                          "properties": {"limit": {"type": "integer", "maximum": 100, "default": 20},
                                         "tags": {"type": "array", "items": {"type": "string"}, "default": []}}},
          "headers": {"type": "object", "properties": {"X-Trace": {"type": "boolean"}}, "required": ["X-Trace"]},
          "body": {"type": "object", "required": ["name"],
                   "properties": {"name": {"type": "string", "minLength": 1}, "qty": {"type": "integer", "default": 1}}}
        })").as_object()});
    srv.get("/plain", [](http::request& req, http::response& res) { res.json({{"null", query(req).is_null()}}); });
    srv.get("/broken", [](http::request&, http::response& res) { res.text("unreachable"); },
            {.schema = {{"querystring", {{"type", "no-such-type"}}}}});
    srv.start();
  }
  ~served() { srv.stop(); }
};

TEST(validation, valid_requests_reach_the_handler_with_typed_values) {
  served s;
  auto r = fetch(s.srv.port(), post_request("/items/7?limit=5&tags=a&tags=b", R"({"name": "pen"})", "X-Trace: true\r\n"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(boost::json::parse(r->body), boost::json::parse(R"({"id": 7, "limit": 5, "tags": ["a", "b"], "trace": true,
                                                               "body": {"name": "pen", "qty": 1}})"));
  // Defaults fill what the query leaves out; one value for an array property is an array.
  r = fetch(s.srv.port(), post_request("/items/7?tags=solo", R"({"name": "pen"})", "x-trace: false\r\n"));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(boost::json::parse(r->body).at("limit"), 20);
  EXPECT_EQ(boost::json::parse(r->body).at("tags"), boost::json::parse(R"(["solo"])"));
  EXPECT_EQ(s.handled, 2);
}

TEST(validation, invalid_requests_get_every_error_and_never_reach_the_handler) {
  served s;
  auto r = fetch(s.srv.port(), post_request("/items/0?limit=many", R"({"qty": "x"})"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->header("Content-Type"), "application/problem+json");
  auto problem = boost::json::parse(r->body).as_object();
  std::set<std::string> paths;
  for (const auto& e : problem.at("errors").as_array()) {
    paths.insert(std::string(e.at("instancePath").as_string()));
    EXPECT_FALSE(e.at("message").as_string().empty());
    EXPECT_FALSE(e.at("keyword").as_string().empty());
  }
  EXPECT_TRUE(paths.contains("/params/id")) << r->body;     // minimum 1
  EXPECT_TRUE(paths.contains("/query/limit")) << r->body;   // not an integer
  EXPECT_TRUE(paths.contains("/headers")) << r->body;       // x-trace required
  EXPECT_TRUE(paths.contains("/body")) << r->body;          // name required
  EXPECT_TRUE(paths.contains("/body/qty")) << r->body;      // not an integer: bodies are not coerced
  EXPECT_EQ(s.handled, 0);

  auto not_json = fetch(s.srv.port(), post_request("/items/1", "{", "X-Trace: true\r\n"));
  EXPECT_EQ(not_json->status, 400);
  EXPECT_EQ(s.handled, 0);
}

TEST(validation, routes_without_schemas_pass_and_broken_schemas_are_server_errors) {
  served s;
  auto plain = get(s.srv.port(), "/plain?x=1");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(boost::json::parse(plain.body).at("null"), true);
  auto broken = get(s.srv.port(), "/broken");
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(broken.body.find("unreachable"), std::string::npos);
}

}  // namespace
}  // namespace strata::schema
